import Foundation
import HTTPTypes
import HummingbirdTesting
import PasserelleCore
import PasserelleStorage
import PasserelleWeb
import Testing

/// `place=`: a typed town or postcode as the centre of a search, on the API and the page.
@Suite("Search near a typed place")
struct PlaceSearchTests {
    /// The read fixture, with its venues placed: Paris (75001) and Lyon.
    @Sendable static func seed(_ fixture: Fixture) async throws {
        try await ReadAPITests.seed(fixture)
        try await fixture.store.write { tx in
            var paris = try #require(try await tx.venue(Fixture.venueA))
            paris.coordinates = GeoPoint(latitude: 48.8606, longitude: 2.3376)
            var lyon = try #require(try await tx.venue(Fixture.venueB))
            lyon.coordinates = GeoPoint(latitude: 45.7640, longitude: 4.8357)
            try await tx.save(paris)
            try await tx.save(lyon)
        }
    }

    @Test("the API: a town or a postcode becomes near, with the radius")
    func api() async throws {
        try await Fixture.using(seed: Self.seed) { fixture in
            try await fixture.test { client in
                let lyon = try await client.send(.get, "/api/v1/search?place=lyon&radiusKm=10&pageSize=50")
                #expect(lyon.status == .ok)
                Conformance.expect(.get, "/api/v1/search", lyon)
                let keys = try #require(try lyon.json["results"]?.arrayValue).compactMap { $0["key"]?.stringValue }
                #expect(keys.sorted() == ["o:offer-b-0", "o:offer-b-1", "o:offer-b-2"], "Lyon's three films, not Paris")
                let paris = try await client.send(.get, "/api/v1/search?place=75001&radiusKm=10")
                #expect(try paris.json["total"] == 25, "the Paris venue's 25 plays (the work groups none here)")
            }
        }
    }

    @Test("bad places are a 400 naming place", arguments: [
        "place=Atlantis", "place=lyon&near=45.7,4.8", "place=" + String(repeating: "a", count: 101),
    ])
    func refused(query: String) async throws {
        try await Fixture.using(seed: Self.seed) { fixture in
            try await fixture.test { client in
                let response = try await client.send(.get, "/api/v1/search?\(query)")
                #expect(response.status == .badRequest)
                #expect(response.text.contains(#""field":"place""#), "\(response.text)")
            }
        }
    }

    @Test("the page: the field keeps the town, says the radius, and the home page offers the form")
    func page() async throws {
        try await Fixture.using(seed: Self.seed) { fixture in
            try await fixture.test { client in
                let page = try await client.send(.get, "/search?lang=en&place=Lyon&radiusKm=50").text
                #expect(page.contains(#"<label for="place">Near (town or postcode)</label><input id="place" name="place" type="text" value="Lyon""#))
                #expect(page.contains(#"<option value="50" selected="selected">50 km</option>"#))
                #expect(page.contains("Within 50 km of Lyon (Rhône)"))
                #expect(page.contains("Film 0") && !page.contains("Play 1"))
                let unknown = try await client.send(.get, "/search?lang=en&place=Atlantis")
                #expect(unknown.status == .badRequest)
                #expect(unknown.text.contains("place : no town or postcode of the catalogue&#39;s venues is &#39;Atlantis&#39;"))
                let home = try await client.send(.get, "/?lang=en").text
                #expect(home.contains(#"<form action="/search" method="get" class="near-form" aria-label="Near you">"#))
            }
        }
    }

    @Test("a saved search refuses place: it keeps near")
    func savedSearch() async throws {
        try await Fixture.using(seed: Self.seed) { fixture in
            try await fixture.test { client in
                let body = CollectionAPITests.curated([], extra: ["savedQuery": "q=film&place=Lyon"])
                let response = try await client.send(.post, "/api/v1/collections", headers: fixture.auth(fixture.keyA), json: body)
                #expect(response.status == .unprocessableContent)
                let fields = try response.json["errors"]?.arrayValue?.compactMap { $0["field"]?.stringValue } ?? []
                #expect(fields == ["savedQuery/place"])
            }
        }
    }
}
