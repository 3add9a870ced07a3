import Foundation
import Hummingbird
public import Logging
import NIOCore
import PasserelleConnectors
import PasserelleCore
import PasserelleStorage

/// `passerelle bench oai`: an OAI-PMH harvest of `records` oai_dc records from a loopback repository that writes
/// each page of `pageSize` records when it is asked for (no list held in memory), read through `FeedFetcher` as a
/// real harvest is: once parsed and mapped only, once written into a SQLite file page by page (`OAIImport`). The
/// resident memory is sampled after every page (VmRSS) and its peak read before and after (VmHWM), against a flat
/// harvest under `targetMegabytes`.
public enum OAIHarvestBenchmark {
    public static let targetMegabytes = 150.0

    public static func run(records: Int, pageSize: Int = 500, logger: Logger) async throws -> String {
        let peakBefore = Memory.kilobytes("VmHWM")
        // The server's own logger is quieter: it reports its connections cancelled at the end as errors.
        var serverLogger = logger
        serverLogger.logLevel = .critical
        let app = Application(router: router(records: records, pageSize: pageSize),
                              configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: 0)),
                              onServerRunning: { channel in Ports.shared.report("oai", channel.localAddress?.port ?? 0) }, logger: serverLogger)
        let port = try await ReadBenchmark.serveAndWait(app, name: "oai")
        let base = URL(string: "http://127.0.0.1:\(port)/oai")!
        let institution = InstitutionID(trusted: "bench-oai")
        let fetcher = FeedFetcher(maximumBytes: OAIResponse.maximumDocumentBytes)

        // Parse and map only: every page's works let go once counted.
        var readSamples = Memory.Samples()
        let harvester = OAIHarvester(baseURL: base, fetch: OAIImport.transport(fetcher))
        let reading = ContinuousClock.now
        var works = 0, withdrawals = 0
        let readSummary = await harvester.read(institutionID: institution, source: "oai:bench", defaultCategory: nil) { read, _ in
            works += read.works.count
            withdrawals += read.works.count { $0.status == .withdrawn }
            readSamples.take()
        }
        let readSeconds = seconds(since: reading)
        let peakAfterRead = Memory.kilobytes("VmHWM")

        // The same list written page by page, as `passerelle import oai` does.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("passerelle-oai-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try await SQLStore.open(.sqliteFile(folder.appendingPathComponent("oai.sqlite").path), logger: logger)
        try await store.migrate()
        try await store.write { try await $0.save(Institution(id: institution, name: "Dépôt OAI")) }
        var writeSamples = Memory.Samples()
        let writing = ContinuousClock.now
        let outcome = try await OAIImport.harvest(OAIImport.Target(baseURL: base, institutionID: institution), fetcher: fetcher, into: store) { _ in
            writeSamples.take()
        }
        let writeSeconds = seconds(since: writing)
        try await store.shutdown()
        await Ports.shared.stopAll()
        let peakAfter = Memory.kilobytes("VmHWM")

        func rate(_ count: Int, _ seconds: Double) -> String { "\(Int((Double(count) / seconds).rounded())) records/s" }
        let peak = Memory.megabytes(peakAfter)
        let complete = readSummary.isComplete && outcome.summary.isComplete
        return """
              list: \(records) records in pages of \(pageSize), 1 in 100 deleted; complete: \(complete ? "yes" : "no: \((readSummary.failure ?? outcome.summary.failure).map(String.init(describing:)) ?? "")")
              parse and map only: \(readSummary.pages) pages, \(readSummary.records) records, \(works) works (\(withdrawals) of them deletions) in \(format(readSeconds)) s, \(rate(readSummary.records, readSeconds))
                VmRSS after each page: \(readSamples)
              written (SQLite file, one transaction per page): \(outcome.sync.worksCreated) works created (the deletions have nothing to withdraw) in \(format(writeSeconds)) s, \(rate(outcome.summary.records, writeSeconds))
                VmRSS after each page: \(writeSamples)
              peak resident memory (VmHWM): \(Memory.megabytes(peakBefore)) MB at start, \(Memory.megabytes(peakAfterRead)) MB after reading, \(peak) MB after writing (target < \(Int(targetMegabytes)) MB) \(complete && Double(peak) < targetMegabytes ? "PASS" : "FAIL")
            """
    }

    /// The repository: `ListRecords` from a cursor carried in the token (`c1500`), the last page with an empty one.
    static func router(records: Int, pageSize: Int) -> Router<BasicRequestContext> {
        let router = Router()
        router.get("/oai") { request, _ in
            let token = request.uri.queryParameters.get("resumptionToken")
            let cursor = token.flatMap { Int($0.dropFirst()) } ?? 0
            return Response(status: .ok, headers: [.contentType: "text/xml; charset=utf-8"],
                            body: .init(byteBuffer: ByteBuffer(string: page(from: cursor, records: records, pageSize: pageSize))))
        }
        return router
    }

    static func page(from cursor: Int, records: Int, pageSize: Int) -> String {
        let end = min(cursor + pageSize, records)
        var text = """
            <?xml version="1.0" encoding="UTF-8"?>
            <OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><responseDate>2026-12-01T10:00:00Z</responseDate>
            <request verb="ListRecords" metadataPrefix="oai_dc">http://127.0.0.1/oai</request><ListRecords>

            """
        text.reserveCapacity(pageSize * 1_300)
        for index in cursor..<end {
            let day = "2024-\(two(1 + index % 12))-\(two(1 + index % 28))"
            let identifier = "oai:bench.example:ark:/99999/b\(index)"
            if index % 100 == 99 {
                text += "<record><header status=\"deleted\"><identifier>\(identifier)</identifier><datestamp>\(day)</datestamp></header></record>\n"
                continue
            }
            text += """
                <record><header><identifier>\(identifier)</identifier><datestamp>\(day)</datestamp><setSpec>bench:\(index % 7)</setSpec></header>
                <metadata><oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/" xmlns:dc="http://purl.org/dc/elements/1.1/">
                <dc:title xml:lang="fre">Recueil de pièces diverses, tome \(index) / par un auteur du XIXe siècle</dc:title>
                <dc:creator>Auteur \(index % 997), Prénom (1801-1870)</dc:creator><dc:type>\(index % 3 == 0 ? "image fixe" : "text")</dc:type>
                <dc:date>18\(two(index % 100))</dc:date><dc:language>fre</dc:language><dc:publisher>Imprimerie \(index % 53) (Paris)</dc:publisher>
                <dc:description>Notice \(index) : un volume in-8° relié, avec des gravures hors texte et une table des matières détaillée.</dc:description>
                <dc:identifier>https://bench.example/ark:/99999/b\(index)</dc:identifier><dc:rights>domaine public</dc:rights>
                </oai_dc:dc></metadata></record>

                """
        }
        let next = end < records ? "c\(end)" : ""
        return text + "<resumptionToken completeListSize=\"\(records)\" cursor=\"\(cursor)\">\(next)</resumptionToken></ListRecords></OAI-PMH>\n"
    }

    private static func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

    private static func seconds(since start: ContinuousClock.Instant) -> Double {
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    private static func format(_ value: Double) -> String { String(format: "%.2f", value) }
}

/// The process's resident memory, from /proc/self/status (Linux; 0 elsewhere).
enum Memory {
    /// A field of /proc/self/status in kB (`VmRSS`, the resident set now; `VmHWM`, its peak).
    static func kilobytes(_ field: String) -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix(field + ":") })
        else { return 0 }
        return Int(line.dropFirst(field.count + 1).filter(\.isNumber)) ?? 0
    }

    static func megabytes(_ kilobytes: Int) -> Int { Int((Double(kilobytes) / 1_024).rounded()) }

    /// VmRSS taken after each page: the first, the tenth page, the largest, the last (a flat harvest keeps the
    /// last near the tenth).
    struct Samples: CustomStringConvertible {
        private var values: [Int] = []

        mutating func take() { values.append(Memory.kilobytes("VmRSS")) }

        var description: String {
            guard let first = values.first, let last = values.last, let high = values.max() else { return "no page" }
            let tenth = values[min(9, values.count - 1)]
            return "page 1 \(megabytes(first)) MB, page 10 \(megabytes(tenth)) MB, highest \(megabytes(high)) MB, last (page \(values.count)) \(megabytes(last)) MB"
        }
    }
}
