import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PasserelleCore
import PasserelleObservatory
import PasserelleStorage
import PasserelleWeb
import SQLKit
import Testing

@Suite("Observatory collection routes")
struct ObservatoryRouteTests {
    static let browser = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148"

    static func event(_ id: String, kind: String = "content-view", minutesAgo: Double = 5) -> JSONValue {
        ["eventID": .string(id), "kind": .string(kind), "occurredAt": .string(Date().addingTimeInterval(-minutesAgo * 60).formatted(.iso8601)), "offer": "offer-1"]
    }

    static func recorded(_ fixture: Fixture) async throws -> [(institution: String, event: String, device: String, key: String?)] {
        try await fixture.store.withTransaction { database in
            try await database.raw("SELECT institution_id, event_id, device, visitor_key FROM audience_events ORDER BY event_id").all().map {
                (try $0.decode(column: "institution_id", as: String.self), try $0.decode(column: "event_id", as: String.self),
                 try $0.decode(column: "device", as: String.self), try $0.decode(column: "visitor_key", as: String?.self))
            }
        }
    }

    @Test func aBatchHasAResultPerEventAndAReplayIsRecordedOnce() async throws {
        try await Fixture.using { fixture in
            try await fixture.test { client in
                let body: JSONValue = ["events": [Self.event("e1"), Self.event("e2"), ["eventID": "e3", "kind": "click", "occurredAt": "yesterday"], ["eventID": "e4", "kind": "play", "occurredAt": "2026-01-01T00:00:00Z", "typo": 1]]]
                let unauthenticated = try await client.send(.post, "/api/v1/observatory/events", headers: [.contentType: "application/json"], json: body)
                #expect(unauthenticated.status == .unauthorized)
                let first = try await client.send(.post, "/api/v1/observatory/events", headers: fixture.auth(fixture.keyA), json: body)
                #expect(first.status == .ok)
                Conformance.expect(.post, "/api/v1/observatory/events", first)
                #expect(try first.json["recorded"] == 2 && first.json["duplicates"] == 0 && first.json["received"] == 4)
                let rejected = try #require(try first.json["rejected"]?.arrayValue)
                #expect(rejected.map { $0["index"] } == [2, 3])
                #expect(rejected[0]["errors"]?.arrayValue?.compactMap { $0["code"]?.stringValue }.sorted() == ["invalid-date", "unknown-kind"])
                #expect(rejected[1]["errors"]?.arrayValue?.first?["code"] == "unknown-field")
                let replay = try await client.send(.post, "/api/v1/observatory/events", headers: fixture.auth(fixture.keyA), json: body)
                #expect(try replay.json["recorded"] == 0 && replay.json["duplicates"] == 2)
                let tooMany: JSONValue = ["events": .array((0...1_000).map { Self.event("m\($0)") })]
                let refused = try await client.send(.post, "/api/v1/observatory/events", headers: fixture.auth(fixture.keyA), json: tooMany)
                #expect(refused.status == .contentTooLarge)
            }
            let rows = try await Self.recorded(fixture)
            #expect(rows.map(\.event) == ["e1", "e2"] && rows.allSatisfy { $0.institution == "inst-a" && $0.key == nil })
        }
    }

    @Test func aBeaconIsKeptOnlyWithConsentSignalsAbsentAndFromAPerson() async throws {
        try await Fixture.using { fixture in
            let collector = EventCollector(store: SQLObservatoryStore(store: fixture.store))
            var dependencies = fixture.dependencies()
            dependencies.collector = collector
            let app = Application(router: makeRouter(dependencies))
            try await app.test(.router) { client in
                func beacon(_ id: String, institution: String = "inst-a", headers: HTTPFields) async throws -> TestResponse {
                    try await client.send(.post, "/api/v1/observatory/beacon", headers: headers, raw: #"{"institution":"\#(institution)","eventID":"\#(id)","kind":"page-view"}"#)
                }
                let person: HTTPFields = [.userAgent: Self.browser, .contentType: "text/plain;charset=UTF-8"]
                let kept = try await beacon("b1", headers: person)
                #expect(kept.status == .noContent)
                #expect(kept.headers[.accessControlAllowOrigin] == "*")
                Conformance.expect(.post, "/api/v1/observatory/beacon", kept)
                var dnt = person
                dnt[HTTPField.Name("DNT")!] = "1"
                #expect(try await beacon("b2", headers: dnt).status == .noContent)
                var gpc = person
                gpc[HTTPField.Name("Sec-GPC")!] = "1"
                #expect(try await beacon("b3", headers: gpc).status == .noContent)
                #expect(try await beacon("b4", headers: [.userAgent: "Googlebot/2.1 (+http://www.google.com/bot.html)"]).status == .noContent)
                let unknown = try await beacon("b5", institution: "nobody", headers: person)
                #expect(unknown.status == .unprocessableContent)
                Conformance.expect(.post, "/api/v1/observatory/beacon", unknown)
                let malformed = try await client.send(.post, "/api/v1/observatory/beacon", headers: person, raw: #"{"institution":"inst-a""#)
                #expect(malformed.status == .badRequest)
                let huge = try await client.send(.post, "/api/v1/observatory/beacon", headers: person, raw: String(repeating: " ", count: 5_000) + "{}")
                #expect(huge.status == .contentTooLarge)
            }
            #expect(try await collector.flush() == 1)
            let rows = try await Self.recorded(fixture)
            #expect(rows.map(\.event) == ["b1"], "opted-out visitors and robots leave nothing")
            #expect(rows.first?.device == "mobile" && rows.first?.key?.count == 32)
        }
    }

    @Test func aFullQueueAnswers503WithRetryAfter() async throws {
        try await Fixture.using { fixture in
            var policy = CollectionPolicy()
            policy.queueCapacity = 1
            var dependencies = fixture.dependencies()
            dependencies.collector = EventCollector(store: SQLObservatoryStore(store: fixture.store), policy: policy)
            try await Application(router: makeRouter(dependencies)).test(.router) { client in
                let headers: HTTPFields = [.userAgent: Self.browser]
                let body = { (id: String) in #"{"institution":"inst-a","eventID":"\#(id)","kind":"play"}"# }
                #expect(try await client.send(.post, "/api/v1/observatory/beacon", headers: headers, raw: body("q1")).status == .noContent)
                let full = try await client.send(.post, "/api/v1/observatory/beacon", headers: headers, raw: body("q2"))
                #expect(full.status == .serviceUnavailable)
                #expect(full.headers[.retryAfter] == "1")
                Conformance.expect(.post, "/api/v1/observatory/beacon", full)
            }
        }
    }

    @Test func theScriptIsSmallAndSetsNoCookie() async throws {
        try await Fixture.using { fixture in
            try await fixture.test { client in
                let script = try await client.send(.get, "/observatory.js")
                #expect(script.status == .ok)
                #expect(script.headers[.contentType] == "text/javascript; charset=utf-8")
                #expect(script.body.readableBytes < 1_024)
                #expect(!script.text.contains("cookie") && !script.text.contains("localStorage"))
                #expect(script.text.contains("doNotTrack") && script.text.contains("globalPrivacyControl") && script.text.contains("sendBeacon"))
            }
        }
    }
}
