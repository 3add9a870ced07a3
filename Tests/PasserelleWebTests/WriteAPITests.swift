import Foundation
import HTTPTypes
import HummingbirdTesting
import PasserelleCore
import PasserelleStorage
import PasserelleWeb
import Testing

@Suite("Authenticated writes")
struct WriteAPITests {
    @Test("venue, work, offer, stock: create, replace, withdraw")
    func lifecycle() async throws {
        try await Fixture.using { fixture in
            try await fixture.test { client in
                let auth = fixture.auth(fixture.keyA)
                let venue = try await client.send(.post, "/api/v1/venues", headers: auth, json: Bodies.venue())
                #expect(venue.status == .created)
                Conformance.expect(.post, "/api/v1/venues", venue)
                let venueID = try #require(try venue.json["id"]?.stringValue)
                #expect(venue.headers[.location] == "/api/v1/venues/\(venueID)")
                #expect(try venue.json["departementCode"] == "75" && venue.json["regionCode"] == "11", "territory derived from the commune")
                #expect(try venue.json["institutionID"] == "inst-a")

                let replaced = try await client.send(.put, "/api/v1/venues/\(venueID)", headers: auth, json: Bodies.venue(name: "Salle Sud"))
                #expect(replaced.status == .ok)
                Conformance.expect(.put, "/api/v1/venues/{id}", replaced)
                let createdByPut = try await client.send(.put, "/api/v1/venues/my-venue-2", headers: auth, json: Bodies.venue())
                #expect(createdByPut.status == .created)

                let work = try await client.send(.post, "/api/v1/works", headers: auth, json: ["id": "work-2", "title": ["fr": "Tartuffe"], "categoryID": "live-performance.theatre", "creators": ["Molière"]])
                #expect(work.status == .created)
                Conformance.expect(.post, "/api/v1/works", work)
                let workPut = try await client.send(.put, "/api/v1/works/work-2", headers: auth, json: ["title": ["fr": "Tartuffe", "en": "Tartuffe"], "categoryID": "live-performance.theatre"])
                #expect(workPut.status == .ok)
                Conformance.expect(.put, "/api/v1/works/{id}", workPut)

                let offer = try await client.send(.post, "/api/v1/offers", headers: auth, json: Bodies.offer(venue: venueID, extra: [
                    "workID": "work-2", "price": ["minCents": 0, "maxCents": 1500], "startsAt": "2026-12-01T20:00:00.000+01:00", "languages": ["fr"],
                ]))
                #expect(offer.status == .created)
                Conformance.expect(.post, "/api/v1/offers", offer)
                let offerID = try #require(try offer.json["id"]?.stringValue)
                #expect(try offer.json["startsAt"] == "2026-12-01T19:00:00Z")

                let stock = try await client.send(.post, "/api/v1/offers/\(offerID)/stocks", headers: auth, json: ["id": "s-1", "priceCents": 1200, "quantity": 30])
                #expect(stock.status == .created)
                Conformance.expect(.post, "/api/v1/offers/{id}/stocks", stock)
                let stockPut = try await client.send(.put, "/api/v1/stocks/s-1", headers: auth, json: ["priceCents": 1300])
                #expect(stockPut.status == .ok)
                Conformance.expect(.put, "/api/v1/stocks/{id}", stockPut)
                #expect(try stockPut.json["priceCents"] == 1300 && stockPut.json["offerID"]?.stringValue == offerID)
                let newStock = try await client.send(.put, "/api/v1/stocks/s-2", headers: auth, json: ["priceCents": 0, "offerID": .string(offerID)])
                #expect(newStock.status == .created)
                let orphan = try await client.send(.put, "/api/v1/stocks/s-3", headers: auth, json: ["priceCents": 0])
                #expect(orphan.status == .unprocessableContent)

                let detail = try await client.send(.get, "/api/v1/offers/\(offerID)").json
                #expect(detail["stocks"]?.arrayValue?.count == 2)

                let withdrawnStock = try await client.send(.delete, "/api/v1/stocks/s-2", headers: auth)
                #expect(withdrawnStock.status == .ok)
                Conformance.expect(.delete, "/api/v1/stocks/{id}", withdrawnStock)
                let withdrawn = try await client.send(.delete, "/api/v1/offers/\(offerID)", headers: auth)
                #expect(withdrawn.status == .ok)
                Conformance.expect(.delete, "/api/v1/offers/{id}", withdrawn)
                #expect(try withdrawn.json["status"] == "withdrawn")
                #expect(try await client.send(.get, "/api/v1/offers/\(offerID)").status == .notFound)
                #expect(try await client.send(.get, "/api/v1/stocks/s-1").status == .notFound, "withdrawing an offer withdraws its stocks")
                let venueGone = try await client.send(.delete, "/api/v1/venues/\(venueID)", headers: auth)
                Conformance.expect(.delete, "/api/v1/venues/{id}", venueGone)
                #expect(try await client.send(.get, "/api/v1/venues/\(venueID)").status == .notFound)
                let workGone = try await client.send(.delete, "/api/v1/works/work-2", headers: auth)
                Conformance.expect(.delete, "/api/v1/works/{id}", workGone)
                #expect(try await client.send(.get, "/api/v1/works/work-2").status == .notFound)
            }
        }
    }

    @Test("no key, a malformed key or an unknown key is 401 with WWW-Authenticate, and nothing is written")
    func unauthenticated() async throws {
        try await Fixture.using { fixture in
            try await fixture.test { client in
                let forged = "psl_00000000_" + String(repeating: "A", count: 43)
                let attempts: [[HTTPField.Name: String]] = [
                    [:], [.authorization: "Bearer nonsense"], [.authorization: "Bearer \(forged)"], [.authorization: "Basic dXNlcjpwYXNz"],
                ]
                for headers in attempts {
                    var fields = HTTPFields()
                    for (name, value) in headers { fields[name] = value }
                    let response = try await client.send(.post, "/api/v1/venues", headers: fields, json: Bodies.venue())
                    #expect(response.status == .unauthorized)
                    #expect(response.headers[.wwwAuthenticate]?.hasPrefix("Bearer realm=") == true)
                #expect(response.headers[.wwwAuthenticate]?.contains("invalid_token") == !headers.isEmpty)
                    #expect(response.headers[.contentType] == "application/problem+json")
                    Conformance.expect(.post, "/api/v1/venues", response)
                    let delete = try await client.send(.delete, "/api/v1/venues/venue-a", headers: fields)
                    #expect(delete.status == .unauthorized)
                }
                #expect(try await client.send(.get, "/api/v1/venues").json["total"] == 2)
                #expect(try await client.send(.get, "/api/v1/venues/venue-a").json["status"] == "active")
            }
        }
    }

    @Test("a revoked key and a withdrawn institution's key are refused")
    func revoked() async throws {
        try await Fixture.using { fixture in
            let (keyC, recordC) = APIKeys.generate(for: fixture.a.id)
            try await fixture.store.write { tx in
                var revoked = recordC
                revoked.revokedAt = Date()
                try await tx.save(revoked)
                var withdrawn = fixture.b
                withdrawn.status = .withdrawn
                try await tx.save(withdrawn)
            }
            try await fixture.test { client in
                let revokedResponse = try await client.send(.post, "/api/v1/venues", headers: fixture.auth(keyC), json: Bodies.venue())
                #expect(revokedResponse.status == .unauthorized)
                let withdrawnResponse = try await client.send(.post, "/api/v1/venues", headers: fixture.auth(fixture.keyB), json: Bodies.venue())
                #expect(withdrawnResponse.status == .unauthorized)
                let stillValid = try await client.send(.post, "/api/v1/venues", headers: fixture.auth(fixture.keyA), json: Bodies.venue())
                #expect(stillValid.status == .created)
            }
        }
    }

    @Test("institution A cannot touch B's venue, offer or stock: 403 and B's data is unchanged")
    func crossInstitution() async throws {
        try await Fixture.using { fixture in
            try await fixture.test { client in
                let authA = fixture.auth(fixture.keyA)
                let authB = fixture.auth(fixture.keyB)
                let offerB = try await client.send(.post, "/api/v1/offers", headers: authB, json: Bodies.offer(id: "offer-b", title: "Séance", venue: "venue-b", category: "cinema.screening"))
                #expect(offerB.status == .created)
                #expect(try await client.send(.post, "/api/v1/offers/offer-b/stocks", headers: authB, json: ["id": "stock-b", "priceCents": 700]).status == .created)
                let before = (
                    venue: try await client.send(.get, "/api/v1/venues/venue-b").text,
                    offer: try await client.send(.get, "/api/v1/offers/offer-b").text,
                    work: try await client.send(.get, "/api/v1/works/work-a").text
                )

                let attempts: [(HTTPRequest.Method, String, String, JSONValue?)] = [
                    (.put, "/api/v1/venues/venue-b", "/api/v1/venues/{id}", Bodies.venue(name: "Volé")),
                    (.delete, "/api/v1/venues/venue-b", "/api/v1/venues/{id}", nil),
                    (.put, "/api/v1/offers/offer-b", "/api/v1/offers/{id}", Bodies.offer(title: "Volée", venue: nil, access: "online", extra: ["onlineURL": "https://evil.example/"])),
                    (.delete, "/api/v1/offers/offer-b", "/api/v1/offers/{id}", nil),
                    (.post, "/api/v1/offers/offer-b/stocks", "/api/v1/offers/{id}/stocks", ["priceCents": 1]),
                    (.put, "/api/v1/stocks/stock-b", "/api/v1/stocks/{id}", ["priceCents": 1]),
                    (.delete, "/api/v1/stocks/stock-b", "/api/v1/stocks/{id}", nil),
                ]
                for (method, path, template, body) in attempts {
                    let response = try await client.send(method, path, headers: authA, json: body)
                    #expect(response.status == .forbidden, "\(method) \(path)")
                    Conformance.expect(method, template, response)
                }
                // B's key cannot touch A's work either.
                let work = try await client.send(.put, "/api/v1/works/work-a", headers: authB, json: ["title": ["fr": "Volée"], "categoryID": "heritage"])
                #expect(work.status == .forbidden)
                // A's offer may not point at B's venue.
                let borrowed = try await client.send(.post, "/api/v1/offers", headers: authA, json: Bodies.offer(venue: "venue-b"))
                #expect(borrowed.status == .unprocessableContent)
                #expect(try borrowed.json["errors"]?.arrayValue?.first?["field"] == "venueID")

                #expect(try await client.send(.get, "/api/v1/venues/venue-b").text == before.venue)
                #expect(try await client.send(.get, "/api/v1/offers/offer-b").text == before.offer)
                #expect(try await client.send(.get, "/api/v1/works/work-a").text == before.work)
            }
        }
    }

    @Test("bad bodies: malformed JSON and unknown fields are 400, broken rules 422 with each field")
    func badBodies() async throws {
        try await Fixture.using { fixture in
            try await fixture.test { client in
                let auth = fixture.auth(fixture.keyA)
                for raw in ["{", "", "[1,2]", "\"text\"", "{\"name\": }"] {
                    let response = try await client.send(.post, "/api/v1/venues", headers: auth, raw: raw)
                    #expect(response.status == .badRequest, "\(raw)")
                    #expect(try response.json["detail"]?.stringValue?.isEmpty == false)
                    Conformance.expect(.post, "/api/v1/venues", response)
                }
                // Deep nesting is refused by the parser's depth limit, not by a stack overflow.
                let deep = try await client.send(.post, "/api/v1/venues", headers: auth, raw: String(repeating: "[", count: 100_000))
                #expect(deep.status == .badRequest)
                let deepObject = try await client.send(.post, "/api/v1/offers:batch", headers: auth, raw: "{\"items\":" + String(repeating: "[", count: 50_000) + String(repeating: "]", count: 50_000) + "}")
                #expect(deepObject.status == .badRequest)
                let unknown = try await client.send(.post, "/api/v1/venues", headers: auth, json: ["name": "X", "kind": "museum", "institutionID": "inst-b", "address": ["city": "P", "zip": "1"]])
                #expect(unknown.status == .badRequest)
                #expect(try unknown.json["errors"]?.arrayValue?.compactMap { $0["field"]?.stringValue } == ["address/zip", "institutionID"])
                let wrongType = try await client.send(.post, "/api/v1/venues", headers: auth, json: ["name": 3, "kind": "museum"])
                #expect(wrongType.status == .badRequest)
                #expect(try wrongType.json["detail"]?.stringValue?.contains("name") == true)
                let missing = try await client.send(.post, "/api/v1/venues", headers: auth, json: ["name": "X"])
                #expect(missing.status == .badRequest)
                #expect(try missing.json["detail"]?.stringValue?.contains("kind") == true)
                let badEnum = try await client.send(.post, "/api/v1/venues", headers: auth, json: ["name": "X", "kind": "castle"])
                #expect(badEnum.status == .badRequest)

                let invalid = try await client.send(.post, "/api/v1/offers", headers: auth, json: Bodies.offer(title: "", venue: nil, category: "no-such", extra: ["price": ["minCents": 500, "maxCents": 100]]))
                #expect(invalid.status == .unprocessableContent)
                Conformance.expect(.post, "/api/v1/offers", invalid)
                let fields = Set(try invalid.json["errors"]?.arrayValue?.compactMap { $0["field"]?.stringValue } ?? [])
                #expect(fields.isSuperset(of: ["title/fr", "categoryID", "venueID", "price"]), "\(fields)")

                let mismatch = try await client.send(.put, "/api/v1/venues/one", headers: auth, json: ["id": "two", "name": "X", "kind": "museum"])
                #expect(mismatch.status == .unprocessableContent)
                #expect(try mismatch.json["errors"]?.arrayValue?.first?["field"] == "id")
                #expect(try await client.send(.get, "/api/v1/venues").json["total"] == 2, "nothing was written")
            }
        }
    }

    @Test("bodies over the explicit limit are 413")
    func tooLarge() async throws {
        try await Fixture.using { fixture in
            let limits = WebLimits(recordBodyBytes: 1_000, batchBodyBytes: 4_000, batchItems: 3)
            try await fixture.test(limits: limits) { client in
                let auth = fixture.auth(fixture.keyA)
                let big: JSONValue = ["name": .string(String(repeating: "x", count: 2_000)), "kind": "museum"]
                let response = try await client.send(.post, "/api/v1/venues", headers: auth, json: big)
                #expect(response.status == .contentTooLarge)
                #expect(response.headers[.contentType] == "application/problem+json")
                Conformance.expect(.post, "/api/v1/venues", response)
                let items = JSONValue.array(Array(repeating: Bodies.offer(), count: 4))
                let tooMany = try await client.send(.post, "/api/v1/offers:batch", headers: auth, json: ["items": items])
                #expect(tooMany.status == .contentTooLarge)
                Conformance.expect(.post, "/api/v1/offers:batch", tooMany)
            }
            // The documented default: 1 MiB for one record.
            try await fixture.test { client in
                let big: JSONValue = ["name": .string(String(repeating: "x", count: 1_100_000)), "kind": "museum"]
                let status = try await client.send(.post, "/api/v1/venues", headers: fixture.auth(fixture.keyA), json: big).status
                #expect(status == .contentTooLarge)
            }
        }
    }

    @Test("batch: good items are saved, each bad item is reported with its index and issues")
    func batch() async throws {
        try await Fixture.using { fixture in
            try await fixture.test { client in
                let auth = fixture.auth(fixture.keyA)
                let items: JSONValue = [
                    Bodies.offer(id: "batch-0"),
                    Bodies.offer(id: "batch-1", title: ""),
                    ["title": ["fr": "x"], "categoryID": "heritage", "access": "on-site", "venueID": "venue-a", "colour": "red"],
                    Bodies.offer(id: "batch-3", venue: "venue-b"),
                    "not an object",
                    ["title": ["fr": "x"], "categoryID": "heritage", "access": "sideways"],
                    Bodies.offer(id: "batch-0", title: "Visite nocturne, nouvelle date"),
                ]
                let response = try await client.send(.post, "/api/v1/offers:batch", headers: auth, json: ["items": items])
                #expect(response.status == .ok)
                Conformance.expect(.post, "/api/v1/offers:batch", response)
                let json = try response.json
                #expect(json["created"] == 1 && json["updated"] == 1 && json["rejected"] == 5)
                let results = json["results"]?.arrayValue ?? []
                #expect(results.map { $0["outcome"]?.stringValue ?? "" } == ["created", "rejected", "rejected", "rejected", "rejected", "rejected", "updated"])
                #expect(results.map { $0["index"]?.intValue ?? -1 } == [0, 1, 2, 3, 4, 5, 6])
                #expect(results[1]["errors"]?.arrayValue?.first?["field"] == "title/fr")
                #expect(results[2]["errors"]?.arrayValue?.first?["field"] == "colour")
                #expect(results[3]["status"] == 422)
                #expect(results[5]["status"] == 400)
                #expect(try await client.send(.get, "/api/v1/offers/batch-0").json["title"]?["fr"] == "Visite nocturne, nouvelle date")
                #expect(try await client.send(.get, "/api/v1/offers/batch-3").status == .notFound)
                #expect(try await client.send(.post, "/api/v1/offers:batch", headers: auth, json: ["items": "x"]).status == .badRequest)
                #expect(try await client.send(.post, "/api/v1/offers:batch", json: ["items": []]).status == .unauthorized)
            }
        }
    }
}
