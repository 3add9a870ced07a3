import Foundation
import HTTPTypes
import NIOCore
import HummingbirdTesting
import PasserelleWeb
import Prometheus
import Testing

@Suite("Health, readiness, metrics, request ids, unknown routes")
struct OperationalTests {
    @Test("health is 200 ok; ready follows the injected probe")
    func probes() async throws {
        try await Fixture.using { fixture in
            try await fixture.test { client in
                let health = try await client.send(.get, "/health")
                #expect(health.status == .ok)
                #expect(try health.json == ["status": "ok"])
                Conformance.expect(.get, "/health", health)
                let ready = try await client.send(.get, "/ready")
                #expect(ready.status == .ok)
                Conformance.expect(.get, "/ready", ready)
            }
            try await fixture.test(ready: { false }) { client in
                let ready = try await client.send(.get, "/ready")
                #expect(ready.status == .serviceUnavailable)
                Conformance.expect(.get, "/ready", ready)
            }
        }
    }

    @Test("metrics renders the registry the app passed in")
    func metrics() async throws {
        try await Fixture.using { fixture in
            let descriptor = MetricNameDescriptor(namespace: "passerelle", metricName: "test", unitName: "total", helpText: "A counter the test sets.")
            fixture.prometheus.makeCounter(descriptor: descriptor).increment(by: Int64(3))
            try await fixture.test { client in
                let response = try await client.send(.get, "/metrics")
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("text/plain") == true)
                #expect(response.text.contains("passerelle_test_total 3"))
            }
        }
    }

    @Test("every response carries a fresh X-Request-ID, errors included")
    func requestIDs() async throws {
        try await Fixture.using { fixture in
            try await fixture.test { client in
                let name = HTTPField.Name("X-Request-ID")!
                let first = try await client.send(.get, "/health").headers[name]
                let second = try await client.send(.get, "/api/v1/nowhere").headers[name]
                let third = try await client.send(.get, "/nowhere").headers[name]
                #expect(first != nil && second != nil && third != nil)
                #expect(Set([first, second, third]).count == 3)
            }
        }
    }

    @Test("unknown API route: 404 problem+json; wrong method: 405 with Allow")
    func unknownRoutes() async throws {
        try await Fixture.using { fixture in
            try await fixture.test { client in
                let missing = try await client.send(.get, "/api/v1/nowhere")
                #expect(missing.status == .notFound)
                #expect(missing.headers[.contentType] == "application/problem+json")
                #expect(try missing.json["instance"] == "/api/v1/nowhere")
                let wrongMethod = try await client.send(.patch, "/api/v1/venues/venue-a")
                #expect(wrongMethod.status == .methodNotAllowed)
                #expect(wrongMethod.headers[.allow] == "DELETE, GET, HEAD, PUT")
                #expect(try wrongMethod.json["status"] == 405)
                let deleteList = try await client.send(.delete, "/api/v1/offers")
                #expect(deleteList.status == .methodNotAllowed)
                #expect(deleteList.headers[.allow] == "GET, HEAD, POST")
            let head = try await client.send(.head, "/health")
            #expect(head.status == .ok && head.body.readableBytes == 0)
            #expect(try await client.send(.head, "/about").status == .ok)
            }
        }
    }
}
