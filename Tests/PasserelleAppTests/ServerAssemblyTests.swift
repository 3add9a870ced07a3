import Foundation
import Hummingbird
import Logging
import PasserelleApp
import PasserelleConnectors
import PasserelleCore
import PasserelleStorage
import Prometheus
import Testing

/// The composition root end to end, over a real socket: store + routes + lifecycle as `passerelle demo` builds them.
@Suite struct ServerAssemblyTests {
    @Test func theAssembledServerServesPagesAPIHealthAndMetrics() async throws {
        let store = try await SQLStore.open(.sqliteMemory, logger: Logger(label: "test"))
        try await store.migrate()
        let catalogue = GeneratedCatalogue.make()
        let summary = await DemoImporter.load(catalogue, into: store)
        #expect(summary.refused.isEmpty, "\(summary.refused)")
        #expect(summary.written["offers"] == catalogue.offers.count)

        let settings = try await Settings.load(Settings.Overrides(port: 1, database: ":memory:"), environment: [:], dotEnvPath: "/nonexistent/.env")
        var bound = settings
        bound.port = 0
        let (portStream, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let registry = PrometheusCollectorRegistry()
        registry.makeCounter(name: "passerelle_test_probe_total").increment()
        let app = PasserelleServer.application(
            settings: bound, store: store, prometheus: registry,
            about: AboutContent(notice: "generated for a test"), logger: Logger(label: "test"),
            onRunning: { port in portContinuation.yield(port) }
        )
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.run() }
            var ports = portStream.makeAsyncIterator()
            let port = try #require(await ports.next())
            #expect(await HTTPProbe.status(port: port, path: "/") == 200)
            #expect(await HTTPProbe.status(port: port, path: "/health") == 200)
            #expect(await HTTPProbe.status(port: port, path: "/ready") == 200)
            #expect(await HTTPProbe.status(port: port, path: "/openapi.json") == 200)
            let offer = try #require(catalogue.offers.first)
            let body = try await HTTPProbe.body(port: port, path: "/api/v1/offers/\(offer.id)")
            #expect(String(decoding: body, as: UTF8.self).contains(offer.id.rawValue))
            let about = try await HTTPProbe.body(port: port, path: "/about")
            #expect(String(decoding: about, as: UTF8.self).contains("generated for a test"))
            let metrics = try await HTTPProbe.body(port: port, path: "/metrics")
            #expect(String(decoding: metrics, as: UTF8.self).contains("passerelle_test_probe_total 1"))
            #expect(await HTTPProbe.status(port: port, path: "/no/such/page") == 404)
            group.cancelAll()
        }
    }

    @Test func theImporterKeepsWhatTheDatabaseRefusesWithItsReason() async throws {
        let store = try await SQLStore.open(.sqliteMemory, logger: Logger(label: "test"))
        try await store.migrate()
        var catalogue = GeneratedCatalogue.make()
        // An offer pointing to a venue that does not exist: the foreign key refuses it, and only it.
        var orphan = try #require(catalogue.offers.first { $0.venueID != nil })
        orphan.id = .init(trusted: "orphan-offer")
        orphan.venueID = .init(trusted: "no-such-venue")
        catalogue.offers.append(orphan)
        let summary = await DemoImporter.load(catalogue, into: store)
        #expect(summary.refused.map(\.id) == ["orphan-offer"])
        #expect(summary.written["offers"] == catalogue.offers.count - 1)
        let counts = try await store.read { try await $0.counts() }
        #expect(counts.offers == catalogue.offers.count - 1)
        try await store.shutdown()
    }
}
