public import Foundation
public import Logging
import PasserelleConnectors
import PasserelleCore
public import PasserelleDiscovery
public import PasserelleStorage

/// `passerelle bench search`: the demo catalogue scaled to N offers (`ScaledCatalogue`) in a fresh database,
/// then searches of eight shapes (text + two filters, text alone, typos, prefixes, a filtered listing) run by
/// concurrent tasks, with their latencies, next to the engine's bare candidate statements for the same searches and
/// the textbook query that scores every match.
public enum SearchBenchmark {
    /// One measured shape of search.
    public struct Shape: Sendable {
        public let name: String
        public let text: String?
        public let configure: @Sendable (inout SearchRequest) -> Void
    }

    public struct Figures: Sendable, CustomStringConvertible {
        public let offers: Int
        /// Nil when an already loaded database was measured again (`--reuse`).
        public let loadSeconds: Double?
        public let databaseBytes: Int64?
        public let searches: Int
        public let concurrency: Int
        public let full: Latencies
        public let floor: Latencies
        /// The textbook query (every match scored by the engine, top 20), for scale.
        public let scored: Latencies
        public let perShape: [ShapeFigures]

        public var description: String {
            var lines: [String] = []
            if let loadSeconds {
                let perHundredK = loadSeconds / Double(offers) * 100_000
                lines.append("  load with indexing: \(offers) offers in \(format(loadSeconds)) s (\(format(perHundredK)) s per 100 k offers)")
            } else {
                lines.append("  load: reused a database already holding \(offers) active offers (no load measured)")
            }
            if let databaseBytes {
                lines.append("  database size: \(databaseBytes / 1_048_576) MiB (\(databaseBytes / 1_048_576 * 100_000 / Int64(max(offers, 1))) MiB per 100 k offers)")
            }
            lines.append("  \(searches) searches, \(concurrency) concurrent: full p50 \(ms(full.p50)) ms, p99 \(ms(full.p99)) ms; bare candidate query p50 \(ms(floor.p50)) ms, p99 \(ms(floor.p99)) ms")
            lines.append("  textbook engine query (every match scored, top 20): p50 \(ms(scored.p50)) ms, p99 \(ms(scored.p99)) ms")
            let ratio = full.p50 / max(floor.p50, 1e-9)
            lines.append("  full / bare at p50: \(String(format: "%.2f", ratio))× (target ≤ 2×) \(ratio <= 2 ? "PASS" : "FAIL"); targets p50 < 10 ms \(full.p50 < 0.010 ? "PASS" : "FAIL"), p99 < 50 ms \(full.p99 < 0.050 ? "PASS" : "FAIL")")
            for shape in perShape {
                let name = shape.name.padding(toLength: 34, withPad: " ", startingAt: 0)
                lines.append(
                    "    \(name) p50 \(ms(shape.full.p50)) ms  p99 \(ms(shape.full.p99)) ms  (\(shape.matches) matches; bare p50 \(ms(shape.floor.p50)) ms, scored p50 \(ms(shape.scored.p50)) ms)"
                )
            }
            return lines.joined(separator: "\n")
        }

        private func ms(_ seconds: Double) -> String { String(format: "%.2f", seconds * 1_000) }
        private func format(_ value: Double) -> String { String(format: "%.1f", value) }
    }

    /// One shape's latencies: the full search, the bare candidate statements, the textbook scored query.
    public struct ShapeFigures: Sendable {
        public let name: String
        public let full: Latencies
        public let floor: Latencies
        public let scored: Latencies
        public let matches: Int
    }

    /// Latency quantiles in seconds.
    public struct Latencies: Sendable {
        public let p50: Double
        public let p99: Double

        init(_ samples: [Double]) {
            let sorted = samples.sorted()
            func quantile(_ q: Double) -> Double { sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int(Double(sorted.count) * q))] }
            p50 = quantile(0.5)
            p99 = quantile(0.99)
        }
    }

    /// The shapes measured; "text + two filters + facets" is the issue's headline case (facets come with every search).
    public static let shapes: [Shape] = [
        Shape(name: "festival + région + next 30 days", text: "festival") { $0.filters.regionCode = "84"; window(&$0, .month) },
        Shape(name: "musée + département + free", text: "musée") { $0.filters.departementCode = "75"; $0.freeOnly = true },
        Shape(name: "concert jazz + music + on site", text: "concert jazz") {
            $0.filters.categoryIDs = Taxonomy.expand(CategoryID(trusted: "music")); $0.filters.access = .onSite
        },
        Shape(name: "cinéma (broad text)", text: "cinéma") { _ in },
        Shape(name: "chateu (typo) + région", text: "chateu ") { $0.filters.regionCode = "24" },
        Shape(name: "exposi (prefix) + this weekend", text: "exposi") { window(&$0, .weekend) },
        Shape(name: "listing: région + this weekend", text: nil) { $0.filters.regionCode = "11"; window(&$0, .weekend) },
        Shape(name: "near Lyon 10 km, text", text: "visite") { $0.near = GeoPoint(latitude: 45.76, longitude: 4.83); $0.radiusKm = 10 },
    ]

    static let now = Date(timeIntervalSince1970: 1_796_205_600)

    static func window(_ request: inout SearchRequest, _ window: DateWindow) {
        (request.filters.from, request.filters.to) = window.interval(from: now)
    }

    /// Loads `offers` scaled offers into `location` (which must be empty), then measures. With `reuse`, a database
    /// that already holds offers (kept by an earlier run) is measured as it is.
    public static func run(
        location: DatabaseLocation, offers count: Int, realdata: URL, searches: Int, concurrency: Int, reuse: Bool = false,
        logger: Logger
    ) async throws -> Figures {
        let store = try await SQLStore.open(location, logger: logger)
        do {
            try await store.migrate()
            let held = try await store.offerCountsByCategory().values.reduce(0, +)
            if reuse, held > 0 {
                let figures = try await measure(store, offers: held, loadSeconds: nil, location: location, searches: searches, concurrency: concurrency)
                try await store.shutdown()
                return figures
            }
            let source = DemoPreparation.prepare(realdataRoot: realdata).catalogue
            let scaled = ScaledCatalogue(source: source, now: now, seed: 20_261_202)
            let loadStart = ContinuousClock.now
            let foundation = scaled.foundation
            _ = await DemoImporter.load(DemoCatalogue(institutions: foundation.institutions, venues: foundation.venues, works: foundation.works, origin: "bench"), into: store)
            let batch = 1_000
            for start in stride(from: 0, to: count, by: batch) {
                let offers = scaled.offers(start..<min(start + batch, count), seed: 7)
                try await store.write { tx in try await tx.save(offers) }
                if (start / batch) % 100 == 99 { print("  … \(start + batch) offers written") }
            }
            let loadSeconds = elapsed(since: loadStart)
            let figures = try await measure(store, offers: count, loadSeconds: loadSeconds, location: location, searches: searches, concurrency: concurrency)
            try await store.shutdown()
            return figures
        } catch {
            try? await store.shutdown()
            throw error
        }
    }

    static func measure(
        _ store: SQLStore, offers: Int, loadSeconds: Double?, location: DatabaseLocation, searches: Int, concurrency: Int
    ) async throws -> Figures {
        let requests = shapes.map { shape -> SearchRequest in
            var request = SearchRequest(text: shape.text)
            request.now = now
            shape.configure(&request)
            return request
        }
        // Warm the caches once, and learn each search's terms (with corrections) for the floor.
        var terms: [QueryTerms] = []
        var matches: [Int] = []
        for request in requests {
            let results = try await store.search(request)
            terms.append(results.terms)
            matches.append(results.total.value)
        }
        let full = try await timed(requests.count, searches: searches, concurrency: concurrency) { index in
            _ = try await store.search(requests[index])
        }
        let understood = terms
        let floor = try await timed(requests.count, searches: searches, concurrency: concurrency) { index in
            _ = try await SearchFloor.candidates(store, requests[index], terms: understood[index])
        }
        let scored = try await timed(requests.count, searches: searches, concurrency: concurrency) { index in
            _ = try await SearchFloor.scoredTop(store, requests[index], terms: understood[index])
        }
        let perShape = shapes.enumerated().map { index, shape in
            ShapeFigures(
                name: shape.name, full: Latencies(full.byShape[index]), floor: Latencies(floor.byShape[index]),
                scored: Latencies(scored.byShape[index]), matches: matches[index])
        }
        var bytes: Int64?
        if case .sqliteFile(let path) = location {
            bytes = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int64) ?? nil
        }
        return Figures(
            offers: offers, loadSeconds: loadSeconds, databaseBytes: bytes, searches: searches, concurrency: concurrency,
            full: Latencies(full.all), floor: Latencies(floor.all), scored: Latencies(scored.all), perShape: perShape)
    }

    /// Runs `searches` calls of `body` (shape index = call index modulo `shapes`) from `concurrency` tasks.
    static func timed(
        _ shapes: Int, searches: Int, concurrency: Int, _ body: @escaping @Sendable (Int) async throws -> Void
    ) async throws -> (all: [Double], byShape: [[Double]]) {
        let perTask = max(1, searches / concurrency)
        let samples = try await withThrowingTaskGroup(of: [(Int, Double)].self) { group in
            for task in 0..<concurrency {
                group.addTask {
                    var mine: [(Int, Double)] = []
                    for call in 0..<perTask {
                        let shape = (task + call) % shapes
                        let start = ContinuousClock.now
                        try await body(shape)
                        mine.append((shape, elapsed(since: start)))
                    }
                    return mine
                }
            }
            var all: [(Int, Double)] = []
            for try await part in group { all += part }
            return all
        }
        var byShape = Array(repeating: [Double](), count: shapes)
        for (shape, seconds) in samples { byShape[shape].append(seconds) }
        return (samples.map(\.1), byShape)
    }

    static func elapsed(since start: ContinuousClock.Instant) -> Double {
        let duration = ContinuousClock.now - start
        return Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
