import Foundation
import Hummingbird
import Logging
import PasserelleApp
import PasserelleCore
import PasserelleStorage
import Prometheus
import Testing

/// The connection limits over a real socket, with short timeouts so each case takes a second or two.
/// Before them, an idle socket or one sending a header byte a second was held for ever (still open after 360 s).
@Suite(.serialized) struct ConnectionLimitsTests {
    static let limits = ConnectionLimits(maximumConnections: 3, readTimeout: .seconds(1), idleTimeout: .seconds(1))

    /// Serves a fresh in-memory catalogue under `limits` and runs `body` with its port.
    func withServer(_ body: @Sendable (Int, SQLStore) async throws -> Void) async throws {
        let store = try await SQLStore.open(.sqliteMemory, logger: Logger(label: "test"))
        try await store.migrate()
        var settings = try await Settings.load(Settings.Overrides(database: ":memory:"), environment: [:], dotEnvPath: "/nonexistent/.env")
        settings.port = 0
        settings.connections = Self.limits
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = PasserelleServer.application(
            settings: settings, store: store, prometheus: PrometheusCollectorRegistry(), about: AboutContent(),
            logger: Logger(label: "test"), onRunning: { continuation.yield($0) }
        )
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.run() }
            var iterator = ports.makeAsyncIterator()
            let port = try #require(await iterator.next())
            try await body(port, store)
            group.cancelAll()
        }
    }

    @Test func anIdleConnectionIsClosedQuietlyAfterTheIdleTimeout() async throws {
        try await withServer { port, _ in
            let socket = try RawSocket(port: port)
            let started = Date()
            let (text, closed) = await socket.readUntilClosed(within: 5)
            #expect(closed && text.isEmpty, "closed without a response: \(text.debugDescription)")
            #expect(Date().timeIntervalSince(started) >= 0.9)
        }
    }

    @Test func aHeadSentOneByteAtATimeIsAnswered408WithinTheReadTimeout() async throws {
        try await withServer { port, _ in
            let socket = try RawSocket(port: port)
            let started = Date()
            for byte in "GET /health HTTP/1.1\r\nHost: x" { // never finished: one byte every 150 ms keeps it "busy"
                socket.send(String(byte))
                try await Task.sleep(for: .milliseconds(150))
                if Date().timeIntervalSince(started) > 2 { break }
            }
            // Still dripping at 2 s: the answer must already be there (read timeout 1 s, checked every 250 ms).
            let (text, closed) = await socket.readUntilClosed(within: 0.3)
            #expect(text.hasPrefix("HTTP/1.1 408"), "\(text)")
            #expect(text.contains("urn:passerelle:problem:request-timeout") && text.lowercased().contains("connection: close"))
            #expect(closed)
        }
    }

    @Test func aStalledBodyIsAnswered408AndNothingIsSaved() async throws {
        try await withServer { port, store in
            let registered = try await InstitutionRegistration.register(name: "Théâtre lent", into: store)
            let socket = try RawSocket(port: port)
            socket.send("POST /api/v1/venues HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(registered.apiKey)\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n{\"name\":")
            let (text, closed) = await socket.readUntilClosed(within: 4)
            #expect(text.hasPrefix("HTTP/1.1 408"), "\(text)")
            #expect(closed)
            #expect(try await store.read { try await $0.counts() }.venues == 0)
        }
    }

    /// Found in review: closing at once ended the body stream as if complete, so a valid prefix was saved.
    @Test func aStalledBodyWhoseFirstBytesAreValidJSONIsNotSavedAsComplete() async throws {
        try await withServer { port, store in
            let registered = try await InstitutionRegistration.register(name: "Théâtre tronqué", into: store)
            let body = #"{"name":"Salle tronquée","kind":"theatre","communeCode":"75056","address":{"city":"Paris"}}"#
            let socket = try RawSocket(port: port)
            socket.send("POST /api/v1/venues HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(registered.apiKey)\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count + 50)\r\n\r\n\(body)")
            let (text, closed) = await socket.readUntilClosed(within: 4)
            #expect(text.hasPrefix("HTTP/1.1 408"), "\(text)")
            #expect(closed)
            try await Task.sleep(for: .milliseconds(300))
            #expect(try await store.read { try await $0.counts() }.venues == 0, "the cut body was not taken for a whole one")
        }
    }

    /// A request answered before its body was read (here 401) and then stalled gets no 408 after its answer.
    @Test func aRequestAnsweredEarlyThenStalledIsClosedWithoutASecondAnswer() async throws {
        try await withServer { port, _ in
            let socket = try RawSocket(port: port)
            socket.send("POST /api/v1/venues HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{\"na")
            let (text, closed) = await socket.readUntilClosed(within: 4)
            #expect(text.hasPrefix("HTTP/1.1 401"), "\(text)")
            #expect(!text.contains("HTTP/1.1 408"), "no second answer: \(text)")
            #expect(closed)
        }
    }

    @Test func pastTheCapANewConnectionGets503AndAFreedPlaceIsUsableAgain() async throws {
        try await withServer { port, _ in
            var held = try (0..<3).map { _ in try RawSocket(port: port) }
            try await Task.sleep(for: .milliseconds(200))
            let extra = try RawSocket(port: port)
            let (text, closed) = await extra.readUntilClosed(within: 2)
            #expect(text.hasPrefix("HTTP/1.1 503"), "\(text)")
            #expect(text.contains("too-many-connections") && text.contains("Retry-After: 1") && closed)
            held.removeLast()
            try await Task.sleep(for: .milliseconds(300))
            let next = try RawSocket(port: port)
            next.send("GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            let answer = await next.readUntilClosed(within: 2)
            #expect(answer.text.hasPrefix("HTTP/1.1 200"), "\(answer.text)")
            _ = held
        }
    }

    @Test func aWellBehavedKeptAliveClientIsServedRequestAfterRequest() async throws {
        try await withServer { port, _ in
            let socket = try RawSocket(port: port)
            socket.send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
            try await Task.sleep(for: .milliseconds(600))
            socket.send("GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            let (text, closed) = await socket.readUntilClosed(within: 3)
            #expect(text.components(separatedBy: "HTTP/1.1 200").count == 3, "two answers: \(text)")
            #expect(closed)
        }
    }

    @Test func settingsReadTheLimitsAndRefuseNonsense() async throws {
        let settings = try await Settings.load(
            environment: ["PASSERELLE_MAX_CONNECTIONS": "50", "PASSERELLE_READ_TIMEOUT": "5", "PASSERELLE_IDLE_TIMEOUT": "90"],
            dotEnvPath: "/nonexistent/.env"
        )
        #expect(settings.connections == ConnectionLimits(maximumConnections: 50, readTimeout: .seconds(5), idleTimeout: .seconds(90)))
        let defaults = try await Settings.load(environment: [:], dotEnvPath: "/nonexistent/.env")
        #expect(defaults.connections == .standard)
        await #expect(throws: SettingsError.self) {
            try await Settings.load(environment: ["PASSERELLE_READ_TIMEOUT": "0"], dotEnvPath: "/nonexistent/.env")
        }
        await #expect(throws: SettingsError.self) {
            try await Settings.load(environment: ["PASSERELLE_MAX_CONNECTIONS": "many"], dotEnvPath: "/nonexistent/.env")
        }
    }
}
