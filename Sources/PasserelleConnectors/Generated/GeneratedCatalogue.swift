public import Foundation
import PasserelleCore

/// A catalogue made by our own code, for when the real-data folder is absent (the demo says so) and for
/// benchmarks. The same `scale` and `seed` always give the same catalogue: no clock, no random ids.
///
/// It has institutions, venues in several régions (overseas and Corsica included), a work and `scale` offers
/// for every category of the taxonomy (online ones for online categories), dated paid slots for on-site offers
/// and a free undated stock for online ones, and titles in all six languages.
public enum GeneratedCatalogue {
    /// The instant every generated record is dated from (slots start the following days).
    public static let referenceDate = Date(timeIntervalSince1970: 1_796_083_200) // 2026-12-01T00:00:00Z

    /// Categories offered online rather than at a venue.
    static let onlineCategories: Set<String> = [
        "cinema.online", "books.ebook", "books.audiobook", "heritage.online-collection", "digital.online-resource",
        "media.podcast", "media.radio", "media.press", "media.video", "media.live-stream", "music.recording",
    ]

    /// Builds the catalogue; `scale` (≥ 1) is the number of offers per taxonomy category. Offers run from
    /// `startingAt` (a demo passes today's date so slots lie ahead; the default keeps tests and benchmarks fixed).
    public static func make(scale: Int = 1, seed: UInt64 = 2026, startingAt: Date = referenceDate) -> DemoCatalogue {
        let scale = max(scale, 1)
        var random = SplitMix64(seed: seed)
        let provenance = Provenance(source: "generated", license: "Licence Ouverte 2.0", retrievedAt: startingAt)
        var catalogue = DemoCatalogue(origin: "Catalogue généré par Passerelle (données fictives)")

        let institutionCount = 4 + scale
        for index in 0..<institutionCount {
            let place = GeneratedPlace.all[index % GeneratedPlace.all.count]
            catalogue.institutions.append(Institution(
                id: InstitutionID(trusted: "gen-inst-\(index)"), name: "Maison de la culture de \(place.city) \(index + 1)",
                website: URL(string: "https://culture.example/institutions/\(index)"), provenance: provenance
            ))
        }
        let kinds: [VenueKind] = [.museum, .theatre, .cinema, .library, .concertHall, .artCentre]
        for (index, place) in GeneratedPlace.all.enumerated() {
            let institution = catalogue.institutions[index % institutionCount]
            var venue = Venue(
                id: VenueID(trusted: "gen-venue-\(index)"), institutionID: institution.id,
                name: "Lieu culturel de \(place.city)", kind: kinds[index % kinds.count],
                address: Address(street: "\(index + 1) place de la République", postalCode: place.postalCode, city: place.city),
                communeCode: place.communeCode, coordinates: GeoPoint(latitude: place.latitude, longitude: place.longitude),
                accessibility: index.isMultiple(of: 2) ? [.motor, .hearing] : [.visual],
                description: LocalizedText([.fr: "Un lieu de \(place.city).", .en: "A venue in \(place.city)."]),
                provenance: provenance
            )
            venue.deriveTerritory()
            catalogue.venues.append(venue)
        }

        for category in Taxonomy.all where !category.isSector {
            for copy in 0..<scale {
                let key = "\(category.id.rawValue)-\(copy)"
                let institution = catalogue.institutions[random.below(institutionCount)]
                let venue = catalogue.venues[random.below(catalogue.venues.count)]
                let online = onlineCategories.contains(category.id.rawValue)
                let work = Work(
                    id: WorkID(trusted: "gen-work-\(key)"), institutionID: institution.id,
                    title: titles(category, suffix: "n° \(copy + 1)"), creators: ["Collectif Passerelle"],
                    categoryID: category.id, countryOfOrigin: "FR", languages: ["fr"], provenance: provenance
                )
                let minimum = Int64(random.below(20)) * 100
                let offer = Offer(
                    id: OfferID(trusted: "gen-offer-\(key)"), institutionID: institution.id, workID: work.id,
                    venueID: online ? nil : venue.id, title: titles(category, suffix: online ? "en ligne" : venue.address?.city ?? ""),
                    description: LocalizedText([.fr: "Offre de démonstration générée.", .en: "Generated demonstration offer."]),
                    categoryID: category.id, access: online ? .online : .onSite,
                    onlineURL: online ? URL(string: "https://culture.example/offres/\(key)") : nil,
                    price: online ? .free : PriceRange(minCents: minimum, maxCents: minimum + 1_500),
                    startsAt: startingAt, endsAt: startingAt.addingTimeInterval(90 * 86_400), languages: ["fr"],
                    provenance: provenance, updatedAt: startingAt
                )
                catalogue.works.append(work)
                catalogue.offers.append(offer)
                catalogue.stocks += stocks(for: offer, online: online, minimum: minimum, from: startingAt, random: &random)
            }
        }
        return catalogue
    }

    /// Three evening slots a week apart for an on-site offer; one free unlimited undated stock online.
    private static func stocks(
        for offer: Offer, online: Bool, minimum: Int64, from start: Date, random: inout SplitMix64
    ) -> [Stock] {
        if online {
            return [Stock(id: StockID(trusted: "\(offer.id.rawValue)-access"), offerID: offer.id, priceCents: 0)]
        }
        return (0..<3).map { slot in
            let begins = start.addingTimeInterval(Double(slot * 7 + 1) * 86_400 + 20 * 3_600)
            return Stock(
                id: StockID(trusted: "\(offer.id.rawValue)-slot\(slot)"), offerID: offer.id, beginsAt: begins,
                quantity: 20 + random.below(180), priceCents: minimum + Int64(slot) * 500,
                bookingLimit: begins.addingTimeInterval(-3_600)
            )
        }
    }

    /// A title in the six languages from the category's labels.
    private static func titles(_ category: PasserelleCore.Category, suffix: String) -> LocalizedText {
        var values: [Language: String] = [:]
        for language in Language.allCases { values[language] = "\(category.label(in: language)) — \(suffix)" }
        return LocalizedText(values)
    }
}
