import Foundation
import HTTPTypes
import HummingbirdTesting
import Logging
import PasserelleWeb
import Synchronization
import Testing

/// Keeps every log line (message and metadata) in memory.
final class LogCapture: Sendable {
    private let lines = Mutex<[String]>([])

    func append(_ line: String) { lines.withLock { $0.append(line) } }
    var all: [String] { lines.withLock { $0 } }

    var logger: Logger {
        var logger = Logger(label: "capture") { _ in CapturingHandler(capture: self) }
        logger.logLevel = .trace
        return logger
    }
}

struct CapturingHandler: LogHandler {
    let capture: LogCapture
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { _, new in new }
        capture.append("\(event.level) \(event.message) \(merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))")
    }
}

@Suite("Logs")
struct LoggingTests {
    @Test("API keys and Authorization headers never reach the logs; request ids do")
    func noSecrets() async throws {
        try await Fixture.using { fixture in
            let capture = LogCapture()
            let wrongKey = "psl_12345678_" + String(repeating: "Z", count: 43)
            try await fixture.test(logger: capture.logger) { client in
                let created = try await client.send(.post, "/api/v1/venues", headers: fixture.auth(fixture.keyA), json: Bodies.venue())
                #expect(created.status == .created)
                #expect(try await client.send(.post, "/api/v1/venues", headers: fixture.auth(wrongKey), json: Bodies.venue()).status == .unauthorized)
                #expect(try await client.send(.get, "/api/v1/venues", headers: fixture.auth(fixture.keyB)).status == .ok)
            }
            let lines = capture.all
            #expect(lines.count >= 3, "the requests were logged")
            let secretA = String(fixture.keyA.split(separator: "_", maxSplits: 2)[2])
            for line in lines {
                #expect(!line.contains(fixture.keyA) && !line.contains(secretA))
                #expect(!line.contains(fixture.keyB) && !line.contains(wrongKey) && !line.contains(String(repeating: "Z", count: 43)))
                #expect(!line.lowercased().contains("bearer") && !line.lowercased().contains("authorization"))
            }
            #expect(lines.contains { $0.contains("request_id=") })
            #expect(lines.contains { $0.contains("rejected unknown API key") && $0.contains("api_key_id=psl_12345678") })
        }
    }
}
