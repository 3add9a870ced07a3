import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import PasserelleCore
import PasserellePass
import PasserelleStorage
import PasserelleWeb
import Testing

@Suite("Webhook subscription API")
struct WebhookAPITests {
    func bearer(_ key: String) -> HTTPFields { [.authorization: "Bearer \(key)", .contentType: "application/json"] }
    let url = "https://tickets.example.org/passerelle/notifications"

    @Test("subscribe (the secret once), read, change, rotate, ping, list, unsubscribe: each answer matches the document")
    func lifecycle() async throws {
        try await Fixture.using { fixture in
            try await fixture.test { client in
                #expect(try await client.send(.get, "/api/v1/webhook", headers: bearer(fixture.keyA)).status == .notFound)
                let created = try await client.send(.put, "/api/v1/webhook", headers: bearer(fixture.keyA), json: ["url": .string(url)])
                #expect(created.status == .created)
                Conformance.expect(.put, "/api/v1/webhook", created)
                let secret = try #require(try created.json["secret"]?.stringValue)
                #expect(secret.hasPrefix("whsec_") && secret.count == 70)
                #expect(created.headers[.cacheControl] == "private, no-store", "a secret is never cached")

                let read = try await client.send(.get, "/api/v1/webhook", headers: bearer(fixture.keyA))
                Conformance.expect(.get, "/api/v1/webhook", read)
                #expect(try read.json["secret"] == nil && read.json["secretEnding"]?.stringValue == String(secret.suffix(4)), "shown once only")
                #expect(try read.json["url"]?.stringValue == url)

                let moved = try await client.send(.put, "/api/v1/webhook", headers: bearer(fixture.keyA), json: ["url": "https://tickets.example.org/v2"])
                #expect(moved.status == .ok)
                #expect(try moved.json["secret"] == nil && moved.json["secretEnding"]?.stringValue == String(secret.suffix(4)), "the URL changes, the secret stays")
                let rotated = try await client.send(.put, "/api/v1/webhook", headers: bearer(fixture.keyA),
                                                    json: ["url": "https://tickets.example.org/v2", "rotateSecret": true])
                let newSecret = try #require(try rotated.json["secret"]?.stringValue)
                #expect(newSecret != secret)
                #expect(try await fixture.store.webhookSubscription(of: fixture.a.id)?.secret == newSecret)

                let ping = try await client.send(.post, "/api/v1/webhook/ping", headers: bearer(fixture.keyA))
                #expect(ping.status == .accepted)
                Conformance.expect(.post, "/api/v1/webhook/ping", ping)
                let id = try #require(try ping.json["id"]?.stringValue)
                #expect(try ping.json["payload"]?["type"] == "ping" && ping.json["status"] == "pending")

                let listed = try await client.send(.get, "/api/v1/webhook/events?status=pending&limit=10", headers: bearer(fixture.keyA))
                Conformance.expect(.get, "/api/v1/webhook/events", listed)
                #expect(try listed.json["items"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == [id])
                let one = try await client.send(.get, "/api/v1/webhook/events/\(id)", headers: bearer(fixture.keyA))
                Conformance.expect(.get, "/api/v1/webhook/events/{id}", one)
                let retried = try await client.send(.post, "/api/v1/webhook/events/\(id)/retry", headers: bearer(fixture.keyA))
                #expect(retried.status == .accepted)
                Conformance.expect(.post, "/api/v1/webhook/events/{id}/retry", retried)

                let removed = try await client.send(.delete, "/api/v1/webhook", headers: bearer(fixture.keyA))
                #expect(removed.status == .noContent)
                Conformance.expect(.delete, "/api/v1/webhook", removed)
                #expect(try await client.send(.delete, "/api/v1/webhook", headers: bearer(fixture.keyA)).status == .notFound)
                #expect(try await client.send(.post, "/api/v1/webhook/ping", headers: bearer(fixture.keyA)).status == .notFound, "no subscription, nothing to ping")
                let kept = try await client.send(.get, "/api/v1/webhook/events", headers: bearer(fixture.keyA))
                #expect(try kept.json["items"]?.arrayValue?.count == 1, "the history stays after unsubscribing")
            }
        }
    }

    @Test("bad URLs and bodies are refused with the field named; another institution sees nothing; no key is 401")
    func refusals() async throws {
        try await Fixture.using { fixture in
            try await fixture.test { client in
                for bad in ["http://tickets.example.org/hook", "https://user:pw@tickets.example.org/hook", "ftp://tickets.example.org/",
                            "https://tickets.example.org/hook#x", "not a url", "https:///nohost"] {
                    let refused = try await client.send(.put, "/api/v1/webhook", headers: bearer(fixture.keyA), json: ["url": .string(bad)])
                    #expect(refused.status == .unprocessableContent || refused.status == .badRequest, "\(bad): \(refused.status)")
                    #expect(try refused.json["errors"]?.arrayValue?.first?["field"] == "url", "\(bad)")
                }
                let unknown = try await client.send(.put, "/api/v1/webhook", headers: bearer(fixture.keyA), json: ["url": .string(url), "events": ["x"]])
                #expect(unknown.status == .badRequest)
                #expect(try await client.send(.put, "/api/v1/webhook", headers: [.contentType: "application/json"], json: ["url": .string(url)]).status == .unauthorized)

                let created = try await client.send(.put, "/api/v1/webhook", headers: bearer(fixture.keyA), json: ["url": .string(url)])
                #expect(created.status == .created)
                let id = try #require(try await client.send(.post, "/api/v1/webhook/ping", headers: bearer(fixture.keyA)).json["id"]?.stringValue)
                #expect(try await client.send(.get, "/api/v1/webhook", headers: bearer(fixture.keyB)).status == .notFound)
                #expect(try await client.send(.get, "/api/v1/webhook/events/\(id)", headers: bearer(fixture.keyB)).status == .notFound)
                #expect(try await client.send(.post, "/api/v1/webhook/events/\(id)/retry", headers: bearer(fixture.keyB)).status == .notFound)
                #expect(try await client.send(.get, "/api/v1/webhook/events", headers: bearer(fixture.keyB)).json["items"]?.arrayValue?.isEmpty == true)
                for query in ["status=sent", "limit=0", "limit=201", "limit=x", "status="] {
                    let bad = try await client.send(.get, "/api/v1/webhook/events?\(query)", headers: bearer(fixture.keyA))
                    #expect(bad.status == .badRequest, "\(query)")
                    Conformance.expect(.get, "/api/v1/webhook/events", bad)
                }

                // A delivered event is not sent again.
                let claimed = try await fixture.store.claimDueWebhookEvents(owner: "t", now: Date(), lease: 60, limit: 10, perInstitution: 10)
                _ = try await fixture.store.finishWebhookAttempt(try #require(claimed.first).event.id, owner: "t", .delivered(status: 200, at: Date()))
                let again = try await client.send(.post, "/api/v1/webhook/events/\(id)/retry", headers: bearer(fixture.keyA))
                #expect(again.status == .conflict)
                #expect(try again.json["type"] == "urn:passerelle:problem:already-delivered")
            }
        }
    }

    @Test("a URL whose host resolves to a private address is refused when the subscription is made")
    func privateAddress() async throws {
        try await Fixture.using { fixture in
            var dependencies = fixture.dependencies()
            dependencies.webhookAddressRefusal = { $0.host() == "intranet.example.org" ? "intranet.example.org is not a public host" : nil }
            let app = Application(router: makeRouter(dependencies), logger: Logger(label: "web-tests"))
            try await app.test(.router) { client in
                let refused = try await client.send(.put, "/api/v1/webhook", headers: bearer(fixture.keyA), json: ["url": "https://intranet.example.org/hook"])
                #expect(refused.status == .unprocessableContent)
                #expect(try refused.json["errors"]?.arrayValue?.first?["code"] == "private-address")
                Conformance.expect(.put, "/api/v1/webhook", refused)
                #expect(try await client.send(.put, "/api/v1/webhook", headers: bearer(fixture.keyA), json: ["url": .string(url)]).status == .created)
            }
        }
    }

    @Test("pings are limited to 30 an hour per institution")
    func pingLimit() async throws {
        try await Fixture.using { fixture in
            try await fixture.test { client in
                _ = try await client.send(.put, "/api/v1/webhook", headers: bearer(fixture.keyA), json: ["url": .string(url)])
                for _ in 0..<30 { #expect(try await client.send(.post, "/api/v1/webhook/ping", headers: bearer(fixture.keyA)).status == .accepted) }
                let limited = try await client.send(.post, "/api/v1/webhook/ping", headers: bearer(fixture.keyA))
                #expect(limited.status == .tooManyRequests && limited.headers[.retryAfter] != nil)
                Conformance.expect(.post, "/api/v1/webhook/ping", limited)
            }
        }
    }
}
