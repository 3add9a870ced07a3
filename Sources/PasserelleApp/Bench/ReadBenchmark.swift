import Foundation
import Hummingbird
public import Logging
import NIOCore
import PasserelleConnectors
import PasserelleCore
import PasserelleStorage
import Prometheus

/// `GET /api/v1/offers/{id}` on the full application (SQLite store, middleware, JSON) next to a bare Hummingbird
/// route that answers a pre-encoded body of the same size, measured in the same run with the same load.
public enum ReadBenchmark {
    public struct Result: Sendable {
        /// The full application as it ships, with its offer detail cache.
        public let full: HTTPLoad.Figures
        /// The full application with the offer detail cache turned off: every request reads and encodes.
        public let uncached: HTTPLoad.Figures
        public let bare: HTTPLoad.Figures
        /// The full application's `/health`: its routing and middleware without the database, to tell the two apart.
        public let health: HTTPLoad.Figures
        public let offers: Int
        /// How many distinct offers the load asks for.
        public let requested: Int
        /// Full throughput as a share of the bare route's; the target is at least 0.5.
        public var ratio: Double { full.requestsPerSecond / bare.requestsPerSecond }
        /// The same share with the cache off.
        public var uncachedRatio: Double { uncached.requestsPerSecond / bare.requestsPerSecond }
    }

    public static func run(offers: Int, connections: Int, seconds: Double, logger: Logger) async throws -> Result {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("passerelle-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try await SQLStore.open(.sqliteFile(folder.appendingPathComponent("bench.sqlite").path), logger: logger)
        try await store.migrate()
        let catalogue = GeneratedCatalogue.make(scale: max(1, offers / Taxonomy.all.count))
        let summary = await DemoImporter.load(catalogue, into: store)
        guard summary.refused.isEmpty else { throw SettingsError("the generated catalogue was refused: \(summary.refused.prefix(3))") }
        let paths = catalogue.offers.prefix(1_000).map { "/api/v1/offers/\($0.id)" }

        var quiet = logger
        quiet.logLevel = .error
        let settings = Settings(host: "127.0.0.1", port: 0, database: .sqliteMemory, realdataRoot: folder, logLevel: "error")
        let fullApp = PasserelleServer.application(
            settings: settings, store: store, prometheus: PrometheusCollectorRegistry(), about: AboutContent(), logger: quiet,
            onRunning: { port in Ports.shared.report("full", port) }
        )
        var uncachedSettings = settings
        uncachedSettings.offerCacheMegabytes = 0
        let uncachedApp = PasserelleServer.application(
            settings: uncachedSettings, store: store, prometheus: PrometheusCollectorRegistry(), about: AboutContent(), logger: quiet,
            onRunning: { port in Ports.shared.report("uncached", port) }
        )
        let sample = try await HTTPProbe.body(port: try await serveAndWait(fullApp, name: "full"), path: paths[0])
        let bareApp = bareApplication(body: sample, logger: quiet)
        let barePort = try await serveAndWait(bareApp, name: "bare")
        let fullPort = await Ports.shared.port("full")
        let uncachedPort = try await serveAndWait(uncachedApp, name: "uncached")

        _ = try await HTTPLoad.run(port: barePort, paths: ["/bare/1"], connections: connections, seconds: 1)
        let bare = try await HTTPLoad.run(port: barePort, paths: paths.map { $0.replacingOccurrences(of: "/api/v1/offers/", with: "/bare/") }, connections: connections, seconds: seconds)
        _ = try await HTTPLoad.run(port: fullPort, paths: paths, connections: connections, seconds: 1)
        let full = try await HTTPLoad.run(port: fullPort, paths: paths, connections: connections, seconds: seconds)
        _ = try await HTTPLoad.run(port: uncachedPort, paths: paths, connections: connections, seconds: 1)
        let uncached = try await HTTPLoad.run(port: uncachedPort, paths: paths, connections: connections, seconds: seconds)
        let health = try await HTTPLoad.run(port: fullPort, paths: ["/health"], connections: connections, seconds: max(1, seconds / 2))
        await Ports.shared.stopAll()
        try await store.shutdown()
        return Result(full: full, uncached: uncached, bare: bare, health: health, offers: catalogue.offers.count, requested: paths.count)
    }

    /// The baseline: the smallest Hummingbird route there is, answering the same bytes.
    static func bareApplication(body: [UInt8], logger: Logger) -> some ApplicationProtocol {
        let router = Router()
        router.get("/bare/{id}") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: body)))
        }
        return Application(
            router: router, configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in Ports.shared.report("bare", channel.localAddress?.port ?? 0) }, logger: logger
        )
    }

    /// Starts `app` in a background task owned by `Ports` and waits until it listens.
    static func serveAndWait(_ app: some ApplicationProtocol, name: String) async throws -> Int {
        await Ports.shared.start(name) { try await app.run() }
        return await Ports.shared.port(name)
    }
}
