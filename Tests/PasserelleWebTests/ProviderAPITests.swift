import Foundation
import HTTPTypes
import HummingbirdTesting
import PasserelleCore
import PasserelleWeb
import Testing

@Suite("Provider API")
struct ProviderAPITests {
    func headers(_ key: String, idempotency: String? = nil) -> HTTPFields {
        var fields: HTTPFields = [.authorization: "Bearer \(key)", .contentType: "application/json"]
        if let idempotency { fields[HTTPField.Name("Idempotency-Key")!] = idempotency }
        return fields
    }

    static func listing(_ id: String, title: String = "Tartuffe", seats: Int = 120, stocks: [String] = ["S1", "S2"],
                        stockValues: [JSONValue]? = nil, venueID: String = Fixture.venueA.rawValue) -> JSONValue {
        var offer: [String: JSONValue] = ["title": ["fr": .string(title)], "categoryID": "live-performance.theatre", "access": "on-site"]
        offer["venueID"] = .string(venueID)
        let dated: [JSONValue] = stocks.enumerated().map { index, stock in
            ["providerID": .string(stock), "beginsAt": .string("2027-01-1\(index + 1)T20:00:00Z"), "quantity": .int(Int64(seats)), "priceCents": 1500]
        }
        return ["providerID": .string(id), "offer": .object(offer), "stocks": .array(stockValues ?? dated)]
    }

    @Test("listings upsert by the provider's ids: created, then unchanged, then updated; stocks follow; documented")
    func upsertByProviderIDs() async throws {
        try await Fixture.using { fixture in
            try await fixture.test { client in
                let first = try await client.send(.post, "/api/v1/provider/listings", headers: headers(fixture.keyA),
                                                  json: ["items": [Self.listing("SPEC-1"), Self.listing("SPEC-2", title: "Phèdre", stocks: ["A"])]])
                #expect(first.status == .ok)
                Conformance.expect(.post, "/api/v1/provider/listings", first)
                #expect(try first.json["created"] == 2)
                let id = try #require(try first.json["results"]?.arrayValue?.first?["id"]?.stringValue)
                #expect(try first.json["results"]?.arrayValue?.first?["stocks"]?.arrayValue?.count == 2)

                let again = try await client.send(.post, "/api/v1/provider/listings", headers: headers(fixture.keyA),
                                                  json: ["items": [Self.listing("SPEC-1")]])
                #expect(try again.json["unchanged"] == 1 && again.json["results"]?.arrayValue?.first?["id"]?.stringValue == id,
                        "the same listing is the same offer, and nothing is written")

                let changed = try await client.send(.post, "/api/v1/provider/listings", headers: headers(fixture.keyA),
                                                    json: ["items": [Self.listing("SPEC-1", seats: 80, stocks: ["S1", "S2", "S3"])]])
                #expect(try changed.json["updated"] == 1)
                let outcomes = try changed.json["results"]?.arrayValue?.first?["stocks"]?.arrayValue?.compactMap { $0["outcome"]?.stringValue }
                #expect(outcomes == ["updated", "updated", "created"])
                let detail = try await client.send(.get, "/api/v1/offers/\(id)")
                let stocks = try #require(try detail.json["stocks"]?.arrayValue)
                #expect(stocks.count == 3 && stocks.allSatisfy { $0["quantity"] == 80 })
                #expect(try detail.json["provenance"]?["recordID"] == "SPEC-1" && detail.json["provenance"]?["source"] == "provider")

                // Another institution's same provider id is another offer.
                let other = try await client.send(.post, "/api/v1/provider/listings", headers: headers(fixture.keyB),
                                                  json: ["items": [Self.listing("SPEC-1", venueID: Fixture.venueB.rawValue)]])
                #expect(try other.json["created"] == 1 && other.json["results"]?.arrayValue?.first?["id"]?.stringValue != id)
            }
        }
    }

    @Test("no write by id takes a pv- id: an institution cannot squat the ids another's ticketing system will derive")
    func derivedIDsAreReserved() async throws {
        try await Fixture.using { fixture in
            try await fixture.test { client in
                // Institution B tries ids beginning pv- (the provider API derives them), by every write that takes an id.
                let aListing = try await client.send(.post, "/api/v1/provider/listings", headers: headers(fixture.keyA),
                                                     json: ["items": [Self.listing("SPEC-0")]])
                let derived = try #require(try aListing.json["results"]?.arrayValue?.first?["id"]?.stringValue)
                func offer(_ id: String) -> JSONValue {
                    ["title": ["fr": "Squat"], "categoryID": "live-performance.theatre", "access": "online", "onlineURL": "https://example.org/x",
                     "id": .string(id)]
                }
                let put = try await client.send(.put, "/api/v1/offers/pv-squat", headers: headers(fixture.keyB), json: offer("pv-squat"))
                #expect(put.status == .unprocessableContent)
                Conformance.expect(.put, "/api/v1/offers/{id}", put)
                #expect(try put.json["errors"]?.arrayValue?.first?["code"] == "reserved-identifier")
                #expect(try await client.send(.post, "/api/v1/offers", headers: headers(fixture.keyB), json: offer("pv-squat")).status == .unprocessableContent)
                let batch = try await client.send(.post, "/api/v1/offers:batch", headers: headers(fixture.keyB), json: ["items": [offer("pv-squat")]])
                #expect(try batch.json["rejected"] == 1)
                let stock: JSONValue = ["offerID": .string(derived), "quantity": 5, "priceCents": 0]
                #expect(try await client.send(.put, "/api/v1/stocks/pv-st-squat", headers: headers(fixture.keyA), json: stock).status == .unprocessableContent)
                #expect(try await client.send(.post, "/api/v1/offers/\(derived)/stocks", headers: headers(fixture.keyA),
                                              json: ["id": "pv-st-squat", "quantity": 5, "priceCents": 0]).status == .unprocessableContent)
                // The owner still withdraws its provider offer by id, and ordinary ids are untouched.
                #expect(try await client.send(.delete, "/api/v1/offers/\(derived)", headers: headers(fixture.keyA)).status == .ok)
                #expect(try await client.send(.put, "/api/v1/offers/pvsquat", headers: headers(fixture.keyB), json: offer("pvsquat")).status == .created)
            }
        }
    }

    @Test("a listing is written whole or not at all, and one bad listing never sinks the batch")
    func atomicListings() async throws {
        try await Fixture.using { fixture in
            try await fixture.test { client in
                let bad = Self.listing("SPEC-BAD", stockValues: [["providerID": "S1", "priceCents": 1500], ["providerID": "S2", "priceCents": -5]])
                let duplicate = Self.listing("SPEC-DUP", stocks: ["X", "X"])
                let foreignVenue = Self.listing("SPEC-VENUE", venueID: Fixture.venueB.rawValue)
                let response = try await client.send(.post, "/api/v1/provider/listings", headers: headers(fixture.keyA),
                                                     json: ["items": [bad, Self.listing("SPEC-OK"), duplicate, foreignVenue, "not an object"]])
                #expect(response.status == .ok)
                let results = try #require(try response.json["results"]?.arrayValue)
                #expect(results.compactMap { $0["outcome"]?.stringValue } == ["rejected", "created", "rejected", "rejected", "rejected"])
                #expect(results[0]["errors"]?.arrayValue?.first?["field"] == "stocks/1/priceCents")
                #expect(results[2]["errors"]?.arrayValue?.first?["code"] == "duplicate-id")
                #expect(results[3]["errors"]?.arrayValue?.first?["field"] == "venueID")
                let offers = try await client.send(.get, "/api/v1/offers?institution=inst-a&pageSize=100")
                let titles = try offers.json["items"]?.arrayValue?.compactMap { $0["provenance"]?["recordID"]?.stringValue } ?? []
                #expect(!titles.contains("SPEC-BAD") && !titles.contains("SPEC-VENUE"), "a refused listing left nothing behind, not even its offer")
                #expect(titles.contains("SPEC-OK"))
            }
        }
    }

    @Test("an Idempotency-Key replays the first answer; another body under it is 422; a bad key is 400")
    func idempotency() async throws {
        try await Fixture.using { fixture in
            try await fixture.test { client in
                let body: JSONValue = ["items": [Self.listing("SPEC-1")]]
                let first = try await client.send(.post, "/api/v1/provider/listings", headers: headers(fixture.keyA, idempotency: "8e0f-1"), json: body)
                #expect(try first.json["created"] == 1)
                #expect(first.headers[HTTPField.Name("Idempotent-Replayed")!] == nil)
                let replay = try await client.send(.post, "/api/v1/provider/listings", headers: headers(fixture.keyA, idempotency: "8e0f-1"), json: body)
                #expect(replay.status == .ok)
                #expect(replay.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")
                #expect(try replay.json == first.json, "the replay is the first answer (created, not unchanged)")
                Conformance.expect(.post, "/api/v1/provider/listings", replay)

                let reused = try await client.send(.post, "/api/v1/provider/listings", headers: headers(fixture.keyA, idempotency: "8e0f-1"),
                                                   json: ["items": [Self.listing("SPEC-2")]])
                #expect(reused.status == .unprocessableContent)
                #expect(try reused.json["type"]?.stringValue?.hasSuffix("idempotency-key-reused") == true, "\(reused.text)")
                // Keys are per institution.
                let otherInstitution = try await client.send(.post, "/api/v1/provider/listings", headers: headers(fixture.keyB, idempotency: "8e0f-1"),
                                                             json: ["items": [Self.listing("SPEC-1", venueID: Fixture.venueB.rawValue)]])
                #expect(try otherInstitution.json["created"] == 1)
                for bad in ["", "é", String(repeating: "k", count: 256), "with space"] {
                    let refused = try await client.send(.post, "/api/v1/provider/listings", headers: headers(fixture.keyA, idempotency: bad), json: body)
                    #expect(refused.status == .badRequest, "\(bad)")
                }
                #expect(try await client.send(.post, "/api/v1/provider/listings", headers: [.contentType: "application/json"], json: body).status == .unauthorized)
            }
        }
    }
}
