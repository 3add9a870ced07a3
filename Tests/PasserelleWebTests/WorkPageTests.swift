import Foundation
import HTTPTypes
import HummingbirdTesting
import PasserelleCore
import PasserelleStorage
import PasserelleWeb
import Testing

/// Works have a list route, a page with every showing and where they are held, and museums show their collection.
@Suite("Works: list, page, a museum's collection")
struct WorkPageTests {
    @Test("GET /api/v1/works filters by institution and category, as documented")
    func listRoute() async throws {
        try await Fixture.using(seed: ReadAPITests.seed) { fixture in
            try await fixture.test { client in
                let ofA = try await client.send(.get, "/api/v1/works?institution=inst-a")
                #expect(ofA.status == .ok)
                Conformance.expect(.get, "/api/v1/works", ofA)
                #expect(try ofA.json["items"]?.arrayValue?.map { $0["id"]?.stringValue } == ["work-a"])
                #expect(try await client.send(.get, "/api/v1/works?institution=inst-b").json["total"] == 0)
                #expect(try await client.send(.get, "/api/v1/works?category=heritage").json["total"] == 1, "a sector matches its categories")
                #expect(try await client.send(.get, "/api/v1/works?category=nope").status == .badRequest)
            }
        }
    }

    @Test("an offer page suggests others with their reason: the same kind in another région, another domain nearby")
    func seeAlso() async throws {
        try await Fixture.using(seed: ReadAPITests.seed) { fixture in
            try await fixture.store.write { tx in
                try await tx.save(Offer(
                    id: OfferID(trusted: "play-lyon"), institutionID: fixture.b.id, venueID: Fixture.venueB, title: LocalizedText(french: "Pièce à Lyon"),
                    categoryID: CategoryID(trusted: "live-performance.theatre"), access: .onSite))
                try await tx.save(Venue(
                    id: VenueID(trusted: "venue-a2"), institutionID: fixture.a.id, name: "Musée A, site Marais", kind: .museum,
                    address: Address(city: "Paris"), communeCode: "75056", departementCode: "75", regionCode: "11"))
                try await tx.save(Offer(
                    id: OfferID(trusted: "visit-paris"), institutionID: fixture.a.id, venueID: VenueID(trusted: "venue-a2"),
                    title: LocalizedText(french: "Visite du Marais"), categoryID: CategoryID(trusted: "heritage.museum-visit"), access: .onSite))
            }
            try await fixture.test { client in
                let html = try await client.send(.get, "/offers/offer-a-0?lang=en").text
                #expect(html.contains("<h2>You might also like</h2>"))
                #expect(html.contains(#"href="/offers/play-lyon?lang=en""#))
                #expect(html.contains("The same kind of thing, in another région · Cinéma B, Lyon"))
                // The first page of Paris's offers holds only plays; the sector facet finds the museum visit.
                #expect(html.contains("Something different, nearby · Musée A, site Marais, Paris"))
                #expect(!html.contains(#"<h3><a href="/offers/offer-a-1?lang=en">"#), "not another play at the same place")
            }
        }
    }

    @Test("the work page: creators, holder and its place, showings; the list page; the museum's section")
    func pages() async throws {
        try await Fixture.using(seed: ReadAPITests.seed) { fixture in
            try await fixture.test { client in
                let page = try await client.send(.get, "/works/work-a?lang=en")
                #expect(page.status == .ok)
                let html = page.text
                #expect(html.contains("<h1>Mona Lisa</h1>"))
                #expect(html.contains("Léonard de Vinci"))
                #expect(html.contains("Musée A") && html.contains(#"href="/venues/venue-a?lang=en""#), "held by A, at its venue")
                #expect(html.contains(#"href="/offers/offer-a-0?lang=en""#), "its showing")
                #expect(try await client.send(.get, "/works/nope").status == .notFound)

                // The offer showing it links to it, names its publisher and its languages in words, never codes.
                let offer = try await client.send(.get, "/offers/offer-a-0?lang=en").text
                #expect(offer.contains(#"href="/works/work-a?lang=en""#))
                #expect(offer.contains("Offered by") && offer.contains("Musée A"))
                #expect(offer.contains("French, English"), "languages named, not fr, en")

                let list = try await client.send(.get, "/works?institution=inst-a&lang=fr").text
                #expect(list.contains("1 œuvre") && list.contains(#"href="/works/work-a?lang=fr""#))

                let museum = try await client.send(.get, "/venues/venue-a?lang=fr").text
                #expect(museum.contains("Œuvres des collections") && museum.contains(#"href="/works/work-a?lang=fr""#))
                let cinema = try await client.send(.get, "/venues/venue-b?lang=fr").text
                #expect(!cinema.contains("Œuvres des collections"), "only museums show a collection")
            }
        }
    }
}
