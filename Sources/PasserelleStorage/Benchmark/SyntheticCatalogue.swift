import Foundation
package import PasserelleCore

/// Deterministic, valid synthetic catalogue records for benchmarks and load tests: one institution, one venue
/// per hundred offers spread over a few territories, offers with varied categories, dates and languages.
package struct SyntheticCatalogue: Sendable {
    package let institution: Institution
    package let venues: [Venue]
    package let offers: [Offer]

    /// Territories the venues rotate through: (commune, département, région).
    private static let territories = [
        ("75056", "75", "11"), ("69123", "69", "84"), ("13055", "13", "93"), ("33063", "33", "75"), ("2A004", "2A", "94"),
        ("97411", "974", "04"),
    ]
    private static let categories = ["heritage.exhibition", "cinema.screening", "live-performance.theatre", "music.concert", "books.print"]
    private static let languages = [["fr"], ["fr", "en"], ["fr", "de", "it"], ["pl"], ["es", "fr"]]

    /// `offers` offers owned by an institution whose id starts with `prefix` (so a benchmark can remove its rows).
    package init(offers count: Int, prefix: String) {
        let base = Date(timeIntervalSinceReferenceDate: 815_000_000)
        let provenance = Provenance(source: "synthetic", license: "Licence Ouverte 2.0", retrievedAt: base)
        let institution = Institution(
            id: InstitutionID(trusted: "\(prefix)-inst"), name: "Institution synthétique", provenance: provenance)
        let venueCount = max(1, count / 100)
        let venues = (0..<venueCount).map { index in
            let (commune, departement, region) = Self.territories[index % Self.territories.count]
            return Venue(
                id: VenueID(trusted: "\(prefix)-venue-\(index)"), institutionID: institution.id, name: "Lieu \(index)",
                kind: VenueKind.allCases[index % VenueKind.allCases.count],
                address: Address(street: "\(index) place de la République", postalCode: "75003", city: "Paris"),
                communeCode: commune, departementCode: departement, regionCode: region,
                coordinates: GeoPoint(latitude: 48.8 + Double(index % 100) / 1_000, longitude: 2.3),
                accessibility: index.isMultiple(of: 2) ? [.motor] : [.visual, .hearing],
                description: LocalizedText([.fr: "Un lieu de culture", .en: "A place of culture"]), provenance: provenance)
        }
        let offers = (0..<count).map { index in
            let online = index % 7 == 0
            let starts = index % 3 == 0 ? nil : base.addingTimeInterval(Double(index % 365) * 86_400)
            return Offer(
                id: OfferID(trusted: "\(prefix)-offer-\(index)"), institutionID: institution.id,
                venueID: online ? nil : venues[index % venues.count].id,
                title: LocalizedText([.fr: "Offre culturelle n° \(index)", .en: "Cultural offer #\(index)"]),
                description: LocalizedText([.fr: "Une description de l'offre \(index), assez longue pour être réaliste."]),
                categoryID: CategoryID(trusted: Self.categories[index % Self.categories.count]),
                access: online ? .online : (index % 11 == 0 ? .hybrid : .onSite),
                onlineURL: online || index % 11 == 0 ? URL(string: "https://example.org/live/\(index)") : nil,
                bookingURL: URL(string: "https://billetterie.example.org/\(index)"),
                price: index % 4 == 0 ? .free : PriceRange(minCents: 500, maxCents: 500 + Int64(index % 50) * 100),
                startsAt: starts, endsAt: starts?.addingTimeInterval(7_200),
                languages: Self.languages[index % Self.languages.count], provenance: provenance,
                updatedAt: base.addingTimeInterval(Double(index)))
        }
        self.institution = institution
        self.venues = venues
        self.offers = offers
    }
}
