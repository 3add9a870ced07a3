import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PasserelleCore
import PasserelleStorage
import PasserelleWeb
import Testing

@Suite("Search API and page")
struct SearchAPITests {
    /// The public reads' catalogue (25 plays in Paris, one of them showing La Joconde's work, 3 films in Lyon).
    static let seed = ReadAPITests.seed

    @Test("q, filters and facets answer as documented")
    func searchAnswers() async throws {
        try await Fixture.using(seed: Self.seed) { fixture in
            try await fixture.test { client in
                let films = try await client.send(.get, "/api/v1/search?q=film&lang=en")
                #expect(films.status == .ok)
                Conformance.expect(.get, "/api/v1/search", films)
                let json = try films.json
                #expect(json["total"] == 3 && json["totalIsExact"] == true)
                #expect(json["results"]?.arrayValue?.count == 3)
                #expect(json["results"]?.arrayValue?.first?["title"]?.arrayValue?.first?["match"] == true)
                #expect(json["facets"]?["regions"]?.arrayValue?.first?["value"] == "84")
                #expect(json["facets"]?["regions"]?.arrayValue?.first?["label"] == "Auvergne-Rhône-Alpes")
                #expect(json["terms"]?.arrayValue?.first?["token"] == "film" && json["terms"]?.arrayValue?.first?["prefix"] == true)

                // Accents and a typo: "piece" finds the 25 plays ("Pièce"), "peice" as well.
                let plays = try await client.send(.get, "/api/v1/search?q=pi%C3%A8ces%20&pageSize=50")
                #expect(try plays.json["total"] == 25)
                let typo = try await client.send(.get, "/api/v1/search?q=peice%20")
                #expect(try typo.json["total"] == 25)
                #expect(try typo.json["terms"]?.arrayValue?.first?["corrections"]?.arrayValue?.first == "piece")

                // The offer of a work is grouped under the work, which is embedded.
                let work = try await client.send(.get, "/api/v1/search?work=work-a")
                #expect(try work.json["results"]?.arrayValue?.first?["key"] == "w:work-a")
                #expect(try work.json["results"]?.arrayValue?.first?["work"]?["id"] == "work-a")

                // Filters shared with the list API, and the new ones.
                #expect(try await client.send(.get, "/api/v1/search?region=84").json["total"] == 3)
                #expect(try await client.send(.get, "/api/v1/search?access=online").json["total"] == 3)
                // A venue without coordinates is never "near"; once placed, its offers are (re-indexed with it).
                #expect(try await client.send(.get, "/api/v1/search?near=48.86,2.34&radiusKm=5").json["total"] == 0)
                try await fixture.store.write { tx in
                    var venue = try #require(try await tx.venue(Fixture.venueA))
                    venue.coordinates = GeoPoint(latitude: 48.8606, longitude: 2.3376)
                    try await tx.save(venue)
                }
                #expect(try await client.send(.get, "/api/v1/search?near=48.86,2.34&radiusKm=5").json["total"] == 25)
                #expect(try await client.send(.get, "/api/v1/search?near=45.76,4.83&radiusKm=50").json["total"] == 0)
                #expect(try await client.send(.get, "/api/v1/search?from=2030-01-01&to=2030-01-02").json["total"] == 0)
                #expect(try await client.send(.get, "/api/v1/search?maxPriceCents=999").json["total"] == 0)
            }
        }
    }

    @Test("the cursor walks every result once, and the next link carries it")
    func cursorPagination() async throws {
        try await Fixture.using(seed: Self.seed) { fixture in
            try await fixture.test { client in
                var next: String? = "/api/v1/search?q=pi%C3%A8ce&pageSize=10"
                var keys: [String] = []
                while let link = next {
                    let page = try await client.send(.get, link)
                    #expect(page.status == .ok)
                    let json = try page.json
                    keys += json["results"]?.arrayValue?.compactMap { $0["key"]?.stringValue } ?? []
                    next = json["links"]?["next"]?.stringValue
                    if next != nil { #expect(json["nextCursor"]?.stringValue.map { link.contains($0) == false } == true) }
                }
                #expect(keys.count == 25 && Set(keys).count == 25)
            }
        }
    }

    @Test("bad parameters are one 400 naming each")
    func refusals() async throws {
        try await Fixture.using(seed: Self.seed) { fixture in
            try await fixture.test { client in
                let bad = try await client.send(.get, "/api/v1/search?cursor=forged&pageSize=51&near=91,0&radiusKm=0&when=someday&free=maybe")
                #expect(bad.status == .badRequest)
                let fields = try bad.json["errors"]?.arrayValue?.compactMap { $0["field"]?.stringValue } ?? []
                #expect(Set(fields) == ["cursor", "pageSize", "near", "radiusKm", "when", "free"])
                let both = try await client.send(.get, "/api/v1/search?when=weekend&from=2026-01-01")
                #expect(try both.json["errors"]?.arrayValue?.first?["code"] == "conflict")
                let long = try await client.send(.get, "/api/v1/search?q=" + String(repeating: "a", count: 201))
                #expect(try long.json["errors"]?.arrayValue?.first?["field"] == "q")
            }
        }
    }

    @Test("the page: a search box on every page, results with marks, filters kept, a 400 page for bad input")
    func searchPage() async throws {
        try await Fixture.using(seed: Self.seed) { fixture in
            try await fixture.test { client in
                let home = try await client.send(.get, "/?lang=de")
                #expect(home.text.contains(#"<form role="search" action="/search""#))
                #expect(home.text.contains(#"name="lang" value="de""#))

                let page = try await client.send(.get, "/search?q=film&region=84&lang=en")
                #expect(page.status == .ok)
                let html = page.text
                #expect(html.contains("<h1>Results for “film”</h1>"))
                #expect(html.contains("<mark>Film</mark>"))
                #expect(html.contains("3 offers found"))
                #expect(html.contains(#"<option value="84" selected="selected">"#))
                #expect(html.contains("/venues/venue-b?lang=en"))
                // Switching language keeps the search and its filters.
                #expect(html.contains(#"href="/search?q=film&amp;region=84&amp;lang=de""#))

                let single = try await client.send(.get, "/search?q=joconde&lang=en")
                #expect(single.text.contains("1 offer found"), "singular, not “1 offers”")

                // The form sends "any" as an empty value: the page reads it as absent.
                let filtered = try await client.send(.get, "/search?lang=en&q=film&category=&region=84&when=&access=")
                #expect(filtered.status == .ok && filtered.text.contains("3 offers found"))

                let many = try await client.send(.get, "/search?q=pi%C3%A8ce&lang=fr")
                #expect(many.text.contains(#"rel="next""#))

                let none = try await client.send(.get, "/search?q=zzzzzz&lang=fr")
                #expect(none.text.contains("Aucune offre ne correspond"))

                let bad = try await client.send(.get, "/search?cursor=forged&lang=fr")
                #expect(bad.status == .badRequest)
                #expect(bad.text.contains(#"role="alert""#))
            }
        }
    }

    @Test("the home page links every category that has offers, with its count, and hides the empty ones")
    func homeCategories() async throws {
        try await Fixture.using(seed: Self.seed) { fixture in
            try await fixture.test { client in
                let html = try await client.send(.get, "/?lang=fr").text
                #expect(html.contains(#"<a href="/search?lang=fr&amp;category=live-performance.theatre">"#))
                #expect(html.contains("(25)"))
                #expect(html.contains(#"category=cinema.online">"#) && html.contains("(3)"))
                #expect(!html.contains("category=music.concert"))
                #expect(html.contains("/search?lang=fr&amp;when=weekend"))
            }
        }
    }

    @Test("a venue page names its département and région, and draws it with the venue as a dot")
    func venueLocator() async throws {
        try await Fixture.using(seed: Self.seed) { fixture in
            try await fixture.store.write { tx in
                var venue = try #require(try await tx.venue(Fixture.venueA))
                venue.coordinates = GeoPoint(latitude: 48.8606, longitude: 2.3376)
                try await tx.save(venue)
            }
            var dependencies = fixture.dependencies()
            dependencies.departements = [MapRegion(code: "75", name: "Paris", rings: [[(2.22, 48.81), (2.47, 48.81), (2.47, 48.91), (2.22, 48.91), (2.22, 48.81)]])]
            let app = Application(router: makeRouter(dependencies))
            try await app.test(.router) { client in
                let html = try await client.send(.get, "/venues/venue-a?lang=en").text
                #expect(html.contains("<dd>Paris (75) · Île-de-France</dd>"))
                #expect(html.contains(#"<svg class="locator""#) && html.contains(#"aria-label="Map: Musée A, site Rivoli in the département of Paris""#))
                #expect(html.contains("<circle "))
                #expect(html.contains("/search?lang=en&amp;venue=venue-a"))
            }
        }
    }
}
