import Foundation
import PasserelleCore
@testable import PasserelleDiscovery
import Testing

/// "See also" widens: nearby places other than the offer's own, another région, another domain; never the offer
/// itself, never one offer or place twice; an online offer gets online suggestions.
@Suite("See also")
struct SeeAlsoTests {
    static let institution = InstitutionID(trusted: "inst")
    static func venue(_ id: String, departement: String, region: String) -> Venue {
        Venue(id: VenueID(trusted: id), institutionID: institution, name: "Lieu \(id)", kind: .theatre,
              departementCode: departement, regionCode: region)
    }
    static func offer(_ id: String, at venue: Venue?, category: String = "live-performance.theatre") -> Offer {
        Offer(id: OfferID(trusted: id), institutionID: institution, venueID: venue?.id, title: LocalizedText(french: id),
              categoryID: CategoryID(trusted: category), access: venue == nil ? .online : .onSite,
              onlineURL: venue == nil ? URL(string: "https://example.org/\(id)") : nil)
    }

    @Test func eachQueryTakesWhatItAcceptsAndNothingRepeats() {
        let home = Self.venue("home", departement: "75", region: "11")
        let neighbour = Self.venue("neighbour", departement: "75", region: "11")
        let other = Self.venue("other", departement: "75", region: "11")
        let lyon = Self.venue("lyon", departement: "69", region: "84")
        let offer = Self.offer("this", at: home)
        let queries = SeeAlso.queries(for: offer, venue: home, now: Date())
        #expect(queries.map(\.reason) == [.nearby, .otherTerritory, .otherDomain])
        let picked = SeeAlso.pick(for: offer, [
            // The offer itself and another offer at its own place are skipped; two nearby places are taken.
            (queries[0], [(offer, home), (Self.offer("same-place", at: home), home), (Self.offer("n1", at: neighbour), neighbour),
                          (Self.offer("n2", at: neighbour), neighbour), (Self.offer("n3", at: other), other)]),
            // Paris is not another région; Lyon is.
            (queries[1], [(Self.offer("paris", at: other), other), (Self.offer("lyon", at: lyon), lyon)]),
            // Theatre is the same domain; a museum visit is another one (at a place not shown yet).
            (queries[2], [(Self.offer("theatre", at: Self.venue("t", departement: "75", region: "11")), Self.venue("t", departement: "75", region: "11")),
                          (Self.offer("museum", at: Self.venue("m", departement: "75", region: "11"), category: "heritage.museum-visit"),
                           Self.venue("m", departement: "75", region: "11"))]),
        ])
        #expect(picked.map(\.offer.id.rawValue) == ["n1", "n3", "lyon", "museum"])
        #expect(picked.map(\.reason) == [.nearby, .nearby, .otherTerritory, .otherDomain])
    }

    @Test func anOnlineOfferGetsTheSameCategoryThenAnotherDomainOnline() {
        let offer = Self.offer("podcast", at: nil, category: "media.podcast")
        let queries = SeeAlso.queries(for: offer, venue: nil, now: Date())
        #expect(queries.map(\.reason) == [.otherTerritory, .otherDomain])
        #expect(queries[1].request.filters.access == .online)
        let picked = SeeAlso.pick(for: offer, [
            (queries[0], [(Self.offer("p1", at: nil, category: "media.podcast"), nil), (Self.offer("p2", at: nil, category: "media.podcast"), nil),
                          (Self.offer("p3", at: nil, category: "media.podcast"), nil)]),
            (queries[1], [(Self.offer("p4", at: nil, category: "media.podcast"), nil), (Self.offer("film", at: nil, category: "cinema.online"), nil)]),
        ])
        #expect(picked.map(\.offer.id.rawValue) == ["p1", "p2", "film"])
    }
}
