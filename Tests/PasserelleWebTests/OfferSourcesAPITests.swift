import Foundation
import HTTPTypes
import HummingbirdTesting
import PasserelleCore
import PasserelleStorage
import PasserelleWeb
import Testing

@Suite("An offer's sources")
struct OfferSourcesAPITests {
    @Test("the primary source, the records merged into the offer, and the source of each field they supplied; unknown or withdrawn offers are 404")
    func sources() async throws {
        try await Fixture.using(seed: ReadAPITests.seed) { fixture in
            let offer = OfferID(trusted: "offer-a-1")
            let merged = OfferMerge(recordOfferID: OfferID(trusted: "ev-agenda-77"), offerID: offer, institutionID: fixture.a.id,
                                    source: "openagenda:00000000000000aa:agenda", recordID: "77", rule: .titleDateVenue,
                                    fields: ["price", "description.de"], mergedAt: Date(timeIntervalSince1970: 1_790_000_000),
                                    updatedAt: Date(timeIntervalSince1970: 1_790_000_060))
            let ended = OfferMerge(recordOfferID: OfferID(trusted: "ev-page-3"), offerID: offer, institutionID: fixture.a.id, source: "jsonld:00000000000000bb:page",
                                   recordID: nil, rule: .url, fields: ["bookingURL"], status: .withdrawn,
                                   mergedAt: Date(timeIntervalSince1970: 1_790_000_000), updatedAt: Date(timeIntervalSince1970: 1_790_000_000))
            try await fixture.store.write { try await $0.save([merged, ended]) }
            try await fixture.test { client in
                let response = try await client.send(.get, "/api/v1/offers/offer-a-1/sources")
                #expect(response.status == .ok)
                Conformance.expect(.get, "/api/v1/offers/{id}/sources", response)
                let json = try response.json
                #expect(json["offerID"] == "offer-a-1" && json["primary"]?["source"] == "api")
                #expect(json["merged"]?.arrayValue?.count == 2)
                let first = try #require(json["merged"]?.arrayValue?.first)
                #expect(first["source"] == "openagenda:00000000000000aa:agenda" && first["rule"] == "title-date-venue" && first["recordID"] == "77")
                #expect(first["fields"] == ["description.de", "price"])
                #expect(json["fields"] == ["price": "openagenda:00000000000000aa:agenda", "description.de": "openagenda:00000000000000aa:agenda"],
                        "an ended merge supplies no field")
                let alone = try await client.send(.get, "/api/v1/offers/offer-a-2/sources")
                #expect(alone.status == .ok)
                #expect(try alone.json["merged"] == [] && alone.json["fields"] == [:])
                // The institution writes the offer with a price: the price is its own now, no longer the agenda's.
                let body = Bodies.offer(title: "Pièce 1", venue: "venue-a", category: "live-performance.theatre",
                                        extra: ["price": ["minCents": 900, "maxCents": 1_900]])
                #expect(try await client.send(.put, "/api/v1/offers/offer-a-1", headers: fixture.auth(fixture.keyA), json: body).status == .ok)
                let after = try await client.send(.get, "/api/v1/offers/offer-a-1/sources").json
                #expect(after["fields"] == ["description.de": "openagenda:00000000000000aa:agenda"], "\(after)")
                #expect(try await client.send(.get, "/api/v1/offers/offer-withdrawn/sources").status == .notFound)
                #expect(try await client.send(.get, "/api/v1/offers/nobody/sources").status == .notFound)
            }
        }
    }
}
