import Foundation
import PasserelleCore

/// Valid catalogue records with every field filled, so round-trips prove each column.
enum Fixtures {
    /// A date with a fractional part that would not survive a lossy representation (milliseconds, text).
    static let base = Date(timeIntervalSinceReferenceDate: 815_000_000.123_456_789)

    /// An institution; only `inst-a` has a SIREN, since one legal entity (one SIREN) is one institution.
    static func institution(_ id: String = "inst-a", name: String = "Musée des Tests") -> Institution {
        Institution(
            id: InstitutionID(trusted: id), name: name, siren: id == "inst-a" ? "732829320" : nil, website: URL(string: "https://example.org/\(id)"),
            provenance: Provenance(source: "museofile", recordID: "M\(id.count)", license: "Licence Ouverte 2.0", retrievedAt: base)
        )
    }

    static func venue(
        _ id: String = "venue-a", of institution: String = "inst-a", commune: String? = "75056", departement: String? = "75",
        region: String? = "11", kind: VenueKind = .museum, name: String? = nil, status: RecordStatus = .active
    ) -> Venue {
        Venue(
            id: VenueID(trusted: id), institutionID: InstitutionID(trusted: institution), name: name ?? "Salle \(id)", kind: kind,
            address: Address(street: "1 rue de Valois", postalCode: "75001", city: "Paris"),
            communeCode: commune, departementCode: departement, regionCode: region,
            coordinates: GeoPoint(latitude: 48.863_576_1, longitude: 2.336_417_9),
            accessibility: [.motor, .hearing], website: URL(string: "https://example.org/venues/\(id)?lang=fr&x=1"),
            description: LocalizedText([.fr: "Une salle", .en: "A hall", .pl: "Sala – zażółć gęślą jaźń"]),
            provenance: Provenance(source: "api", retrievedAt: base.addingTimeInterval(1.5)), status: status
        )
    }

    static func work(_ id: String = "work-a", of institution: String = "inst-a") -> Work {
        Work(
            id: WorkID(trusted: id), institutionID: InstitutionID(trusted: institution),
            title: LocalizedText([.fr: "Les Misérables", .en: "The Wretched", .de: "Die Elenden"]),
            creators: ["Victor Hugo", "Émile Bayard"], categoryID: CategoryID(trusted: "books.print"), countryOfOrigin: "FR",
            languages: ["fr", "oci"],
            identifiers: WorkIdentifiers(
                isbn: "9782070409228", ean: "9782070409228", filmVisa: "12345", museofile: "M0123", joconde: "000PE001234",
                merimee: "PA00088823", external: ["wikidata": "Q180736", "europeana": "9200/abc"]),
            description: LocalizedText([.fr: "Roman", .it: "Romanzo"]),
            provenance: Provenance(source: "api", recordID: "w-1", retrievedAt: base)
        )
    }

    static func offer(
        _ id: String, of institution: String = "inst-a", venue: String? = "venue-a", work: String? = nil,
        category: String = "heritage.exhibition", access: OfferAccess = .onSite, startsAt: Date? = nil, endsAt: Date? = nil,
        languages: [String] = ["fr"], status: RecordStatus = .active, updatedAt: Date = base
    ) -> Offer {
        Offer(
            id: OfferID(trusted: id), institutionID: InstitutionID(trusted: institution), workID: work.map(WorkID.init(trusted:)),
            venueID: venue.map(VenueID.init(trusted:)),
            title: LocalizedText([.fr: "Offre \(id)", .en: "Offer \(id)"]), description: LocalizedText([.fr: "Description"]),
            categoryID: CategoryID(trusted: category), access: access,
            onlineURL: access == .onSite ? nil : URL(string: "https://stream.example.org/\(id)"),
            bookingURL: URL(string: "https://billets.example.org/\(id)"), price: PriceRange(minCents: 500, maxCents: 1_250),
            startsAt: startsAt, endsAt: endsAt, languages: languages,
            provenance: Provenance(source: "openagenda", recordID: id, license: "CC BY", retrievedAt: base),
            status: status, updatedAt: updatedAt
        )
    }

    static func stock(_ id: String, offer: String, beginsAt: Date? = base, quantity: Int? = 120, priceCents: Int64 = 900) -> Stock {
        Stock(
            id: StockID(trusted: id), offerID: OfferID(trusted: offer), beginsAt: beginsAt, quantity: quantity, priceCents: priceCents,
            bookingLimit: beginsAt?.addingTimeInterval(-3_600.25))
    }

    /// Institution A with one venue and one work, the usual starting point.
    static func seed(_ catalogue: any CatalogueWriting) async throws {
        try await catalogue.save(institution())
        try await catalogue.save(venue())
        try await catalogue.save(work())
    }
}
