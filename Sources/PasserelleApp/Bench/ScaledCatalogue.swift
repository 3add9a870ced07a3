import Foundation
import PasserelleCore
import PasserelleConnectors
import PasserelleDiscovery

/// The demo catalogue scaled to any number of offers with its own distributions: each new offer resamples a real
/// one (so categories, access, territories and title vocabulary follow the real files), is placed at a venue of
/// the same kind drawn with a Zipf skew (a few big venues, a long tail of small ones), and gets dates over the next
/// year (a quarter undated), prices (a third free) and languages (mostly French). Screenings show one of a few
/// thousand films, popular ones in many cinemas, so grouping by work has work to do. Deterministic under a seed.
struct ScaledCatalogue {
    let source: DemoCatalogue
    private let venuesByKind: [VenueKind: [Venue]]
    private let venueByID: [VenueID: Venue]
    private let titleWords: [String]
    private let films: [Work]
    private let filmOwner: InstitutionID
    let now: Date

    /// Films (works) the screenings show.
    static let filmCount = 5_000

    init(source: DemoCatalogue, now: Date, seed: UInt64) {
        self.source = source
        self.now = now
        let active = source.venues.filter { $0.status == .active }
        venuesByKind = Dictionary(grouping: active, by: \.kind)
        venueByID = Dictionary(uniqueKeysWithValues: active.map { ($0.id, $0) })
        var words = Set<String>()
        for offer in source.offers {
            for word in (offer.title[.fr] ?? "").split(whereSeparator: { $0 == " " || $0 == "," }) where word.count > 3 {
                words.insert(String(word))
            }
        }
        titleWords = words.sorted()
        var random = SeededRandom(seed: seed ^ 0xF11)
        filmOwner = source.institutions.first?.id ?? InstitutionID(trusted: "bench")
        let owner = filmOwner
        let pool = titleWords
        films = (0..<Self.filmCount).map { index in
            let title = (0..<Int.random(in: 1...3, using: &random)).map { _ in pool.isEmpty ? "Film" : pool.randomElement(using: &random)! }
            let european = ["FR", "FR", "FR", "DE", "IT", "ES", "PL", "BE"]
            return Work(
                id: WorkID(trusted: "bench-film-\(index)"), institutionID: owner, title: LocalizedText(french: title.joined(separator: " ")),
                creators: ["Réalisation \(index % 997)"], categoryID: CategoryID(trusted: "cinema.screening"),
                countryOfOrigin: Double.random(in: 0..<1, using: &random) < 0.6 ? european.randomElement(using: &random) : "US",
                languages: ["fr"], provenance: Provenance(source: "bench", retrievedAt: now))
        }
    }

    /// The records to write before the offers: the real institutions, venues and works, and the films.
    var foundation: (institutions: [Institution], venues: [Venue], works: [Work]) {
        (source.institutions, source.venues, source.works + films)
    }

    /// Offers `range` of the scaled catalogue (call with consecutive ranges; each offer depends only on its index).
    func offers(_ range: Range<Int>, seed: UInt64) -> [Offer] {
        range.map { index in
            var random = SeededRandom(seed: seed &+ UInt64(index) &* 0x9E37_79B9)
            let template = source.offers[Int.random(in: 0..<source.offers.count, using: &random)]
            var offer = template
            offer.id = OfferID(trusted: "bench-\(index)")
            offer.updatedAt = now
            if let venueID = template.venueID, let venue = venueByID[venueID], let sameKind = venuesByKind[venue.kind], !sameKind.isEmpty {
                offer.venueID = sameKind[random.skewedIndex(count: sameKind.count, exponent: 0.9)].id
                offer.institutionID = venueByID[offer.venueID!]!.institutionID
            }
            if venueByID[offer.venueID ?? VenueID(trusted: "none")]?.kind == .cinema {
                let film = films[random.skewedIndex(count: films.count, exponent: 1.0)]
                offer.workID = film.id
                offer.title = film.title
                offer.categoryID = CategoryID(trusted: "cinema.screening")
            } else if Double.random(in: 0..<1, using: &random) < 0.5, !titleWords.isEmpty {
                // A new title from the same vocabulary, so the index holds as many distinct titles as offers.
                let extra = titleWords[random.skewedIndex(count: titleWords.count, exponent: 0.7)]
                offer.title = LocalizedText(french: "\(template.title[.fr] ?? "Offre") — \(extra)")
            }
            if Double.random(in: 0..<1, using: &random) < 0.75 {
                let day = Double(Int.random(in: 0..<365, using: &random)) * 86_400
                let hour = Double(Int.random(in: 10...21, using: &random)) * 3_600
                offer.startsAt = now.addingTimeInterval(day + hour)
                offer.endsAt = offer.startsAt!.addingTimeInterval(7_200)
            } else {
                offer.startsAt = nil
                offer.endsAt = nil
            }
            let price = Double.random(in: 0..<1, using: &random)
            offer.price = price < 0.33 ? .free : PriceRange(minCents: Int64(Int.random(in: 5...40, using: &random)) * 100, maxCents: 4_000)
            let language = Double.random(in: 0..<1, using: &random)
            offer.languages = language < 0.85 ? ["fr"] : (language < 0.93 ? ["fr", "en"] : [["de"], ["es"], ["it"], ["pl"]].randomElement(using: &random)!)
            return offer
        }
    }
}
