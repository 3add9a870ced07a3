import Foundation
public import Logging
import PasserelleConnectors
import PasserelleCore
import PasserelleStorage

/// `passerelle bench import`: JSON-LD events per second, read (blocks found, mended, parsed, mapped) and then
/// written into a SQLite file, on a generated agenda page of `records` events spread over 200 venues.
public enum ImportBenchmark {
    public static let target = 10_000.0

    public static func run(records: Int, logger: Logger) async throws -> String {
        let page = agenda(records)
        let institution = InstitutionID(trusted: "bench-agenda")
        // The stages alone, to see where the time goes: finding the blocks, parsing them, then everything.
        let scan = ContinuousClock.now
        let blocks = JSONLDFeed.blockTexts(in: page)
        let scanSeconds = seconds(since: scan)
        let parse = ContinuousClock.now
        let parsed = JSONLDFeed.parseCount(blocks)
        let parseSeconds = seconds(since: parse)
        let started = ContinuousClock.now
        let read = try JSONLDFeed.read(Data(page.utf8), source: "jsonld:bench", institutionID: institution, defaultCategory: nil)
        let readSeconds = seconds(since: started)

        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("passerelle-import-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try await SQLStore.open(.sqliteFile(folder.appendingPathComponent("import.sqlite").path), logger: logger)
        try await store.migrate()
        try await store.write { try await $0.save(Institution(id: institution, name: "Agenda")) }
        let writing = ContinuousClock.now
        let first = try await FeedSync.apply(read.events, source: "jsonld:bench", institution: institution, dryRun: false, into: store)
        let writeSeconds = seconds(since: writing)
        let again = ContinuousClock.now
        let second = try await FeedSync.apply(read.events, source: "jsonld:bench", institution: institution, dryRun: false, into: store)
        let againSeconds = seconds(since: again)
        // The same agenda as another feed of the institution: every record is a duplicate, to be merged.
        let copy = try JSONLDFeed.read(Data(page.utf8), source: "jsonld:bench-copy", institutionID: institution, defaultCategory: nil)
        let merging = ContinuousClock.now
        let merged = try await FeedSync.apply(copy.events, source: "jsonld:bench-copy", institution: institution, dryRun: false, into: store)
        let mergeSeconds = seconds(since: merging)
        var others: [String] = []
        for format in try otherFormats(records) {
            do { others.append(try await measure(format, into: store)) } catch { others.append("  \(format.name): FAIL \(error)") }
        }
        try await store.shutdown()

        let readRate = Double(read.events.count) / readSeconds
        let total = Double(read.events.count) / (readSeconds + writeSeconds)
        func rate(_ value: Double) -> String { "\(Int(value.rounded())) records/s" }
        return """
              page: \(page.utf8.count / 1_024) KiB, \(read.blocks) blocks, \(read.events.count) events, \(read.rejected.count) rejected
              blocks found: \(String(format: "%.2f", scanSeconds)) s; \(parsed) parsed (mended, strict JSON): \(String(format: "%.2f", parseSeconds)) s
              read and mapped: \(String(format: "%.2f", readSeconds)) s, \(rate(readRate))
              written (SQLite file, one transaction): \(String(format: "%.2f", writeSeconds)) s, \(first.created) created
              end to end: \(rate(total)) (target ≥ \(Int(target))) \(total >= target ? "PASS" : "FAIL")
              the same page again: \(String(format: "%.2f", againSeconds)) s, \(second.unchanged) unchanged, \(second.created + second.updated) written
              the same page as a second feed: \(String(format: "%.2f", mergeSeconds)) s, \(rate(Double(copy.events.count) / mergeSeconds)), \(merged.merged) merged, \(merged.created) created (every record is a duplicate: \(merged.merged == copy.events.count ? "PASS" : "FAIL"))
            """ + others.map { "\n" + $0 }.joined()
    }

    /// A page of one JSON-LD block per event, as agenda sites publish them (with a trailing comma in every tenth).
    static func agenda(_ records: Int) -> String {
        var page = "<!doctype html><html><head><title>Agenda</title></head><body>\n"
        let kinds = ["MusicEvent", "TheaterEvent", "DanceEvent", "ScreeningEvent", "ExhibitionEvent"]
        for index in 0..<records {
            let (month, day, venue) = spread(index)
            let comma = index % 10 == 0 ? "," : ""
            page += """
                <article><h2>Événement \(index)</h2><script type="application/ld+json">{"@context": "https://schema.org", \
                "@type": "\(kinds[index % kinds.count])", "@id": "https://agenda.example/e/\(index)", "name": "Événement \(index)", \
                "startDate": "2027-\(month)-\(day)T20:30", "description": "Une soirée au lieu \(venue).", \
                "location": {"@type": "Place", "@id": "https://agenda.example/lieu/\(venue)", "name": "Lieu \(venue)", "address": {"@type": "PostalAddress", \
                "postalCode": "\(31000 + venue % 90)", "addressLocality": "Toulouse"}, "geo": {"latitude": 43.6, "longitude": 1.44}}, \
                "offers": {"@type": "Offer", "price": "\(5 + index % 20)", "priceCurrency": "EUR"}\(comma)}</script></article>

                """
        }
        return page + "</body></html>\n"
    }

    /// One format, read and mapped, then written as a feed of its own institution: a line of figures.
    private static func measure(_ format: Format, into store: SQLStore) async throws -> String {
        let institution = InstitutionID(trusted: "bench-\(format.name.lowercased().filter(\.isLetter))")
        try await store.write { try await $0.save(Institution(id: institution, name: format.name)) }
        let reading = ContinuousClock.now
        let read = try format.read(institution)
        let readSeconds = seconds(since: reading)
        let writing = ContinuousClock.now
        let written = try await FeedSync.apply(read.events, works: read.works, source: format.source, institution: institution,
                                               dryRun: false, into: store)
        let writeSeconds = seconds(since: writing)
        let count = Double(read.events.count)
        let total = count / (readSeconds + writeSeconds)
        return "  \(format.name), \(format.bytes / 1_024) KiB: \(read.events.count) events, \(read.rejected.count) rejected; "
            + "read and mapped \(String(format: "%.2f", readSeconds)) s (\(Int((count / readSeconds).rounded())) records/s); "
            + "written \(String(format: "%.2f", writeSeconds)) s, \(written.created) created; end to end \(Int(total.rounded())) records/s "
            + "(target ≥ \(Int(target))) \(total >= target ? "PASS" : "FAIL")"
    }

    private static func seconds(since start: ContinuousClock.Instant) -> Double {
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }
}
