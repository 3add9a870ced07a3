import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import PasserelleApp
import PasserelleCore
import PasserelleObservatory
import PasserelleStorage
import PasserelleWeb
import Prometheus
import Testing

/// From collected events to published open data: a month's release through the ledger, stored once, served as
/// JSON, CSV and a DCAT-AP catalogue.
@Suite struct ObservatoryPublishingTests {
    static let novemberDay = RFC3339.dateTime("2026-11-10T12:00:00Z")!
    static let december5 = RFC3339.dateTime("2026-12-05T08:00:00Z")!

    @Test func aMonthIsReleasedOnceAndServedAsOpenData() async throws {
        let store = try await SQLStore.open(.sqliteMemory, logger: Logger(label: "test"))
        try await store.migrate()
        do {
            try await store.write { tx in
                try await tx.save([Institution(id: InstitutionID(trusted: "inst-a"), name: "Musée A"), Institution(id: InstitutionID(trusted: "inst-b"), name: "Théâtre B")])
            }
            let collector = EventCollector(store: SQLObservatoryStore(store: store))
            for v in 0..<300 {
                let submission = EventSubmission(eventID: "e\(v)", kind: "page-view", occurredAt: "2026-11-10T11:00:00Z", commune: "35238")
                _ = try await collector.enqueue(submission, institution: InstitutionID(trusted: "inst-a"), visitorMaterial: ["192.0.2.\(v % 250)", "agent \(v)"], now: Self.novemberDay)
            }
            #expect(try await collector.flush() == 300)
            let current = try await ObservatoryPublishing.release(ReleasePeriod("2026-12")!, store: store, now: Self.december5)
            guard case .refused = current else { Issue.record("a month that is not over is refused"); return }
            guard case let .refused(empty) = try await ObservatoryPublishing.release(ReleasePeriod("2026-10")!, store: store, now: Self.december5) else {
                Issue.record("a month without events is not released (its figures would be pure noise)")
                return
            }
            #expect(empty.contains("no audience event"))
            guard case let .released(release) = try await ObservatoryPublishing.release(ReleasePeriod("2026-11")!, store: store, now: Self.december5) else {
                Issue.record("November is over and its budget is free")
                return
            }
            #expect(release.eventsRead == 300)
            guard case let .refused(reason) = try await ObservatoryPublishing.release(ReleasePeriod("2026-11")!, store: store, now: Self.december5) else {
                Issue.record("a month is released once")
                return
            }
            #expect(reason.contains("already released"))

            var dependencies = WebDependencies(store: store, ready: { true }, prometheus: PrometheusCollectorRegistry())
            dependencies.collector = collector
            try await Application(router: makeRouter(dependencies)).test(.router) { client in
                let list = try await client.execute(uri: "/api/v1/observatory/releases", method: .get)
                #expect(list.status == .ok && String(buffer: list.body).contains(#""period":"2026-11""#))
                let json = try await client.execute(uri: "/api/v1/observatory/releases/2026-11", method: .get)
                #expect(json.status == .ok)
                let decoded = try JSONSerialization.jsonObject(with: Data(json.body.readableBytesView)) as? [String: Any]
                #expect(decoded?["period"] as? String == "2026-11")
                #expect((decoded?["tables"] as? [Any])?.count == 14)
                let csv = String(buffer: try await client.execute(uri: "/api/v1/observatory/releases/2026-11/cells.csv", method: .get).body)
                #expect(csv.hasPrefix("period,table,key,value,status,error_bound_95,mechanism,method_version\n"))
                #expect(csv.contains("2026-11,visitors-by-region,53,"), "Bretagne (53) holds the commune 35238")
                #expect(!csv.contains("192.0.2"), "no address ever reaches the open data")
                let catalog = try await client.execute(uri: "/api/v1/observatory/catalog", method: .get)
                #expect(catalog.headers[.contentType] == "application/ld+json")
                let text = String(buffer: catalog.body)
                #expect(text.contains(#""@type":"dcat:Dataset""#) && text.contains("licence-ouverte") && text.contains(#""dcat:startDate""#))
                #expect(try await client.execute(uri: "/api/v1/observatory/releases/2026-10", method: .get).status == .notFound)
                #expect(try await client.execute(uri: "/api/v1/observatory/releases/nope", method: .get).status == .notFound)
            }
            try await store.shutdown()
        } catch {
            try? await store.shutdown()
            throw error
        }
    }
}
