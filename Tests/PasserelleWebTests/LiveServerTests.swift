import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import PasserelleWeb
import Testing

@Suite("Over a real socket")
struct LiveServerTests {
    @Test("the router behind a real HTTP/1.1 server: reads, an authenticated write, a refused oversize body")
    func live() async throws {
        try await Fixture.using { fixture in
            let app = Application(
                router: makeRouter(fixture.dependencies(limits: WebLimits(recordBodyBytes: 2_048))),
                configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                logger: Logger(label: "web-tests.live")
            )
            try await app.test(.live) { client in
                let health = try await client.send(.get, "/health")
                #expect(health.status == .ok)
                let created = try await client.send(.post, "/api/v1/venues", headers: fixture.auth(fixture.keyA), json: Bodies.venue())
                #expect(created.status == .created)
                Conformance.expect(.post, "/api/v1/venues", created)
                let big: JSONValue = ["name": .string(String(repeating: "x", count: 10_000)), "kind": "museum"]
                let refused = try await client.send(.post, "/api/v1/venues", headers: fixture.auth(fixture.keyA), json: big)
                #expect(refused.status == .contentTooLarge)
                let page = try await client.send(.get, "/?lang=de")
                #expect(page.status == .ok && page.text.contains("<html lang=\"de\">"))
            }
        }
    }
}
