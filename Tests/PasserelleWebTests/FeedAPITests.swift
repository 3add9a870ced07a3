import Foundation
import HTTPTypes
import HummingbirdTesting
import PasserelleCore
import PasserelleWeb
import Testing

@Suite("Registered feeds API")
struct FeedAPITests {
    func bearer(_ key: String) -> HTTPFields { [.authorization: "Bearer \(key)", .contentType: "application/json"] }

    @Test("register, list, read, change, ask for a read, withdraw: each answer matches the document")
    func lifecycle() async throws {
        try await Fixture.using { fixture in
            try await fixture.test { client in
                let body: JSONValue = ["kind": "ical", "url": "https://www.example.org/agenda.ics", "intervalMinutes": 60]
                let created = try await client.send(.post, "/api/v1/feeds", headers: bearer(fixture.keyA), json: body)
                #expect(created.status == .created)
                Conformance.expect(.post, "/api/v1/feeds", created)
                let id = try #require(try created.json["id"]?.stringValue)
                #expect(created.headers[.location] == "/api/v1/feeds/\(id)")
                #expect(try created.json["status"] == "active" && created.json["consecutiveFailures"] == 0)
                #expect(try created.json["lastRunAt"] == nil, "never read yet")

                let listed = try await client.send(.get, "/api/v1/feeds", headers: bearer(fixture.keyA))
                Conformance.expect(.get, "/api/v1/feeds", listed)
                #expect(try listed.json["items"]?.arrayValue?.count == 1)

                let changed = try await client.send(.put, "/api/v1/feeds/\(id)", headers: bearer(fixture.keyA),
                                                    json: ["kind": "ical", "url": "https://www.example.org/agenda.ics", "intervalMinutes": 1_440])
                #expect(changed.status == .ok)
                Conformance.expect(.put, "/api/v1/feeds/{id}", changed)
                #expect(try changed.json["intervalMinutes"] == 1_440)

                let run = try await client.send(.post, "/api/v1/feeds/\(id)/run", headers: bearer(fixture.keyA))
                #expect(run.status == .accepted)
                Conformance.expect(.post, "/api/v1/feeds/{id}/run", run)
                // Each request makes Passerelle fetch another site: 12 an hour per institution, then 429.
                for _ in 0..<11 { #expect(try await client.send(.post, "/api/v1/feeds/\(id)/run", headers: bearer(fixture.keyA)).status == .accepted) }
                let limited = try await client.send(.post, "/api/v1/feeds/\(id)/run", headers: bearer(fixture.keyA))
                #expect(limited.status == .tooManyRequests && limited.headers[.retryAfter] != nil)
                Conformance.expect(.post, "/api/v1/feeds/{id}/run", limited)

                let withdrawn = try await client.send(.delete, "/api/v1/feeds/\(id)", headers: bearer(fixture.keyA))
                #expect(withdrawn.status == .ok)
                Conformance.expect(.delete, "/api/v1/feeds/{id}", withdrawn)
                #expect(try withdrawn.json["status"] == "withdrawn")
                for (method, path) in [(HTTPRequest.Method.get, "/api/v1/feeds/\(id)"), (.delete, "/api/v1/feeds/\(id)"), (.post, "/api/v1/feeds/\(id)/run")] {
                    let gone = try await client.send(method, path, headers: bearer(fixture.keyA))
                    #expect(gone.status == .notFound, "a withdrawn feed is gone by id: \(method) \(path)")
                }
                let kept = try await client.send(.get, "/api/v1/feeds", headers: bearer(fixture.keyA))
                #expect(try kept.json["items"]?.arrayValue?.first?["status"] == "withdrawn", "a withdrawn feed is kept in the list, with its history")
                let again = try await client.send(.put, "/api/v1/feeds/\(id)", headers: bearer(fixture.keyA),
                                                  json: ["kind": "ical", "url": "https://www.example.org/agenda.ics"])
                #expect(again.status == .ok)
                #expect(try again.json["status"] == "active", "PUT with its id registers a withdrawn feed again")
            }
        }
    }

    @Test("another institution's feed is 404 for every verb and stays as it was; no key is 401")
    func isolation() async throws {
        try await Fixture.using { fixture in
            try await fixture.test { client in
                let created = try await client.send(.post, "/api/v1/feeds", headers: bearer(fixture.keyA),
                                                    json: ["kind": "rss", "url": "https://radio.example.org/podcast.xml"])
                let id = try #require(try created.json["id"]?.stringValue)
                for (method, path) in [(HTTPRequest.Method.get, "/api/v1/feeds/\(id)"), (.delete, "/api/v1/feeds/\(id)"), (.post, "/api/v1/feeds/\(id)/run")] {
                    #expect(try await client.send(method, path, headers: bearer(fixture.keyB)).status == .notFound, "\(method) \(path)")
                }
                let hijack = try await client.send(.put, "/api/v1/feeds/\(id)", headers: bearer(fixture.keyB),
                                                   json: ["kind": "rss", "url": "https://evil.example.org/x.xml"])
                #expect(hijack.status == .notFound)
                let posted = try await client.send(.post, "/api/v1/feeds", headers: bearer(fixture.keyB),
                                                   json: ["id": .string(id), "kind": "rss", "url": "https://evil.example.org/x.xml"])
                #expect(posted.status == .notFound)
                #expect(try await client.send(.get, "/api/v1/feeds", headers: bearer(fixture.keyB)).json["items"]?.arrayValue?.isEmpty == true)
                let mine = try await client.send(.get, "/api/v1/feeds/\(id)", headers: bearer(fixture.keyA))
                #expect(try mine.json["url"] == "https://radio.example.org/podcast.xml" && mine.json["status"] == "active")
                #expect(try await client.send(.get, "/api/v1/feeds").status == .unauthorized)
                #expect(try await client.send(.post, "/api/v1/feeds", headers: [.contentType: "application/json"],
                                              json: ["kind": "rss", "url": "https://a.example/x"]).status == .unauthorized)
            }
        }
    }

    @Test("bad feeds are 422 naming each field, a second registration of a URL is 409, unknown fields 400")
    func refusals() async throws {
        try await Fixture.using { fixture in
            try await fixture.test { client in
                let bad = try await client.send(.post, "/api/v1/feeds", headers: bearer(fixture.keyA),
                                                json: ["kind": "gopher", "url": "file:///etc/passwd", "intervalMinutes": 1])
                #expect(bad.status == .unprocessableContent)
                let fields = Set(try bad.json["errors"]?.arrayValue?.compactMap { $0["field"]?.stringValue } ?? [])
                #expect(fields == ["kind", "url", "intervalMinutes"])
                let credentials = try await client.send(.post, "/api/v1/feeds", headers: bearer(fixture.keyA),
                                                        json: ["kind": "ical", "url": "https://user:secret@example.org/a.ics"])
                #expect(credentials.status == .unprocessableContent)
                #expect(!credentials.text.contains("secret"), "a credential is never echoed")
                let csvWithout = try await client.send(.post, "/api/v1/feeds", headers: bearer(fixture.keyA),
                                                       json: ["kind": "csv", "url": "https://example.org/a.csv"])
                #expect(csvWithout.status == .unprocessableContent)
                let csvUnreadable = try await client.send(.post, "/api/v1/feeds", headers: bearer(fixture.keyA),
                                                          json: ["kind": "csv", "url": "https://example.org/a.csv", "mapping": ["separator": ";"]])
                #expect(csvUnreadable.status == .unprocessableContent)
                #expect(try csvUnreadable.json["errors"]?.arrayValue?.first?["field"] == "mapping")
                let csv = try await client.send(.post, "/api/v1/feeds", headers: bearer(fixture.keyA),
                                                json: ["kind": "csv", "url": "https://example.org/a.csv", "mapping": ["columns": ["title": "Titre"]]])
                #expect(csv.status == .created)
                #expect(try csv.json["mapping"]?["columns"]?["title"] == "Titre", "the mapping is given back as it was registered")

                let first = try await client.send(.post, "/api/v1/feeds", headers: bearer(fixture.keyA),
                                                  json: ["kind": "jsonld", "url": "https://example.org/agenda"])
                #expect(first.status == .created)
                let twin = try await client.send(.post, "/api/v1/feeds", headers: bearer(fixture.keyA),
                                                 json: ["kind": "jsonld", "url": "https://example.org/agenda"])
                #expect(twin.status == .conflict)
                let unknown = try await client.send(.post, "/api/v1/feeds", headers: bearer(fixture.keyA),
                                                    json: ["kind": "jsonld", "url": "https://example.org/b", "password": "x"])
                #expect(unknown.status == .badRequest)
            }
        }
    }
}
