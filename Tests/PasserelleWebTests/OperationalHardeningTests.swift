import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PasserelleCore
import Testing
@testable import PasserelleWeb

@Suite("Operational hardening: metrics, logs, storage failures")
struct OperationalHardeningTests {
    /// The value of `http_server_active_requests{http_request_method="METHOD"}` in a `/metrics` page.
    func activeRequests(_ metrics: String, method: String) -> Double? {
        metrics.split(separator: "\n").first { $0.hasPrefix("http_server_active_requests{") && $0.contains(#""\#(method)""#) }
            .flatMap { $0.split(separator: " ").last }.flatMap { Double($0) }
    }

    @Test("HEAD requests leave the active-requests gauge where they found it (it rose by one per HEAD before)")
    func headGauge() async throws {
        try await Fixture.using { fixture in
            try await fixture.test { client in
                for _ in 0..<5 { #expect(try await client.send(.head, "/health").status == .ok) }
                for _ in 0..<3 { _ = try await client.send(.get, "/api/v1/venues") }
                let metrics = try await client.send(.get, "/metrics").text
                #expect(activeRequests(metrics, method: "HEAD") == 0, "\(metrics)")
                // The GET that renders the page is itself in flight.
                #expect(activeRequests(metrics, method: "GET") == 1)
                #expect(metrics.contains(#"hb_requests{http_route="/health",http_request_method="HEAD",http_response_status_code="200"} 5"#))
            }
        }
    }

    @Test("a key sent in the query string is redacted from the request log, other parameters are kept")
    func queryRedaction() async throws {
        try await Fixture.using { fixture in
            let capture = LogCapture()
            try await fixture.test(logger: capture.logger) { client in
                _ = try await client.send(.get, "/api/v1/offers?region=11&api_key=\(fixture.keyA)&access_token=abc123&Password=hunter2")
            }
            let request = try #require(capture.all.first { $0.contains("Request") && $0.contains("/api/v1/offers") })
            #expect(!request.contains(fixture.keyA) && !request.contains("abc123") && !request.contains("hunter2"), "\(request)")
            #expect(request.contains("region=11") && request.contains("api_key=***") && request.contains("Password=***"))
        }
        #expect(LogRedaction.redactedTarget(path: "/x", query: "q=psl_00000000_secret&page=2") == "/x?q=***&page=2")
        #expect(LogRedaction.redactedTarget(path: "/x", query: nil) == "/x")
        #expect(LogRedaction.redactedTarget(path: "/x", query: "psl_00000000_secret") == "/x?***", "a bare item")
        #expect(LogRedaction.redactedTarget(path: "/a/psl_00000000_secret/b", query: nil) == "/a/***/b", "a key pasted in the path")
        #expect(LogRedaction.redactedTarget(path: "/api/v1/keys/psl_3f9a1c2b", query: nil) == "/api/v1/keys/psl_3f9a1c2b", "a public id is no secret")
    }

    @Test("storage failures are 503 with Retry-After (busy, unreachable) or 507 (disk full), never 500, and say why")
    func storageStatuses() {
        #expect(ProblemMapping.status(for: .storageUnavailable).code == 503)
        #expect(ProblemMapping.status(for: .storageBusy).code == 503)
        #expect(ProblemMapping.status(for: .storageFull).code == 507)
        let full = ProblemMapping.problem(for: CoreError(.storageFull, "SQLITE_FULL on /var/db/x.sqlite"))
        #expect(full.detail.contains("no room left") && !full.detail.contains("/var/db"), "internal details stay in the log")
        #expect(full.type == "urn:passerelle:problem:storage-full")
    }

    @Test("an unreachable database is 503 problem+json with Retry-After on the API")
    func unavailableStore() async throws {
        try await Fixture.using { fixture in
            let failing = FailingStore(error: CoreError(.storageUnavailable, "PostgreSQL cannot be reached (connectionError)"))
            let app = Application(router: makeRouter(WebDependencies(store: failing, ready: { false }, prometheus: fixture.prometheus)))
            try await app.test(.router) { client in
                let response = try await client.send(.get, "/api/v1/offers")
                #expect(response.status == .serviceUnavailable)
                #expect(response.headers[.retryAfter] == "1")
                #expect(response.headers[.contentType] == "application/problem+json")
                #expect(try response.json["type"] == "urn:passerelle:problem:storage-unavailable")
                Conformance.expect(.get, "/api/v1/offers", response)
            }
        }
    }
}

/// A store whose every transaction fails with `error`, as a stopped database does.
struct FailingStore: CatalogueStore {
    let error: CoreError

    func read<Result: Sendable>(_ body: @Sendable (any CatalogueReading) async throws -> Result) async throws -> Result { throw error }
    func write<Result: Sendable>(_ body: @Sendable (any CatalogueWriting) async throws -> Result) async throws -> Result { throw error }
}
