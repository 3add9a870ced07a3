import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import PasserelleApp
import PasserelleWeb
import Prometheus
import PasserelleCore
import PasserelleObservatory
import PasserelleStorage
import Testing

/// A platform's aggregated report: good lines stored, each bad line refused with its reason and kept, a re-import
/// replaces figures, and the open data withholds figures under 11.
@Suite struct PlatformReportImportTests {
    static let csv = """
        period,platform,institution,metric,region,value
        2026-10,youtube,inst-a,views,11,125000
        2026-10,youtube,,plays,,4200000
        2026-10,deezer,inst-a,listeners,84,7
        2026-13,youtube,inst-a,views,11,10
        2026-10,you tube,inst-a,likes,99,-3
        2026-10,youtube,inst-a,views,11,125001
        2026-10,youtube,inst-a
        """

    @Test func badLinesAreRefusedWithTheirReasonAndTheRestIsStored() throws {
        let (reports, rejected) = try PlatformReportImport.parse(Self.csv)
        #expect(reports.count == 3)
        #expect(rejected.map(\.line) == [5, 6, 7, 8])
        #expect(rejected[0].reason.contains("period '2026-13'"))
        let many = rejected[1].reason
        #expect(many.contains("platform 'you tube'") && many.contains("metric 'likes'") && many.contains("region '99'") && many.contains("value '-3'"), "every problem of the line: \(many)")
        #expect(rejected[2].reason.contains("duplicate of line 2"))
        #expect(rejected[3].raw == "2026-10,youtube,inst-a", "the line is kept as read")
        #expect(throws: ObservatoryError.self) { try PlatformReportImport.parse("period,platform\n2026-10,x\n") }
    }

    @Test func anImportIsStoredReplacedAndPublishedWithSmallFiguresWithheld() async throws {
        let store = try await SQLStore.open(.sqliteMemory, logger: Logger(label: "test"))
        try await store.migrate()
        do {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("platform-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            let file = directory.appendingPathComponent("youtube-2026-10.csv")
            try Self.csv.write(to: file, atomically: true, encoding: .utf8)
            let first = try await PlatformReportImport.run(file: file, store: store)
            #expect(first.created == 3 && first.updated == 0 && first.rejected.count == 4)
            try "period,platform,institution,metric,region,value\n2026-10,youtube,inst-a,views,11,130000\n2026-10,youtube,,plays,,4200000\n"
                .write(to: file, atomically: true, encoding: .utf8)
            let second = try await PlatformReportImport.run(file: file, store: store)
            #expect(second.created == 0 && second.updated == 1 && second.unchanged == 1 && second.rejected.isEmpty)
            let stored = try await SQLObservatoryStore(store: store).platformReports(ReleasePeriod("2026-10")!)
            #expect(stored.count == 3 && stored.first { $0.metric == .views }?.value == 130_000)
            let small = try #require(stored.first { $0.metric == .listeners })
            #expect(small.value == 7 && small.publishedValue == nil, "kept as given, withheld when published")
            var dependencies = WebDependencies(store: store, ready: { true }, prometheus: PrometheusCollectorRegistry())
            dependencies.collector = EventCollector(store: SQLObservatoryStore(store: store))
            try await Application(router: makeRouter(dependencies)).test(.router) { client in
                let response = try await client.execute(uri: "/api/v1/observatory/platform-reports/2026-10", method: .get)
                let body = String(buffer: response.body)
                #expect(response.status == .ok && body.contains(#""value":130000"#) && body.contains(#""value":null"#) && body.contains("withheld: under 11"))
                #expect(try await client.execute(uri: "/api/v1/observatory/platform-reports/2026-09", method: .get).status == .notFound)
                #expect(try await client.execute(uri: "/api/v1/observatory/platform-reports/nope", method: .get).status == .notFound)
            }
            let rejections = try await SQLObservatoryStore(store: store).platformReportRejections(source: "youtube-2026-10.csv")
            #expect(rejections.map(\.line) == [5, 6, 7, 8], "refused lines are kept for review")
            try await store.shutdown()
        } catch {
            try? await store.shutdown()
            throw error
        }
    }
}
