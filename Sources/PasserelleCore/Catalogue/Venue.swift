public import Foundation

/// What kind of place a venue is.
public enum VenueKind: String, Sendable, Hashable, Codable, CaseIterable {
    case museum, theatre, cinema, library, concertHall = "concert-hall", festival, heritageSite = "heritage-site"
    case archive, artCentre = "art-centre", bookshop, other
}

/// Accessibility for people with disabilities, after the French "Tourisme & Handicap" families.
public enum AccessibilityFeature: String, Sendable, Hashable, Codable, CaseIterable {
    case motor, visual, hearing, cognitive
}

/// A postal address.
public struct Address: Sendable, Hashable, Codable {
    public var street: String?
    public var postalCode: String?
    public var city: String

    public init(street: String? = nil, postalCode: String? = nil, city: String) {
        self.street = street
        self.postalCode = postalCode
        self.city = city
    }
}

/// A physical place where offers happen. Its territory (commune, département, région) drives territorial
/// filters and, later, fair visibility across territories.
public struct Venue: Sendable, Hashable, Codable, Identifiable {
    public var id: VenueID
    public var institutionID: InstitutionID
    public var name: String
    public var kind: VenueKind
    public var address: Address?
    /// The commune's INSEE code (5 characters: `75056`, `2A004`, `97411`), not the postal code.
    public var communeCode: String?
    public var departementCode: String?
    public var regionCode: String?
    public var coordinates: GeoPoint?
    public var accessibility: Set<AccessibilityFeature>
    public var website: URL?
    public var description: LocalizedText
    public var provenance: Provenance
    public var status: RecordStatus

    public init(
        id: VenueID = .random(), institutionID: InstitutionID, name: String, kind: VenueKind,
        address: Address? = nil, communeCode: String? = nil, departementCode: String? = nil,
        regionCode: String? = nil, coordinates: GeoPoint? = nil, accessibility: Set<AccessibilityFeature> = [],
        website: URL? = nil, description: LocalizedText = LocalizedText(),
        provenance: Provenance = Provenance(source: "api"), status: RecordStatus = .active
    ) {
        self.id = id
        self.institutionID = institutionID
        self.name = name
        self.kind = kind
        self.address = address
        self.communeCode = communeCode
        self.departementCode = departementCode
        self.regionCode = regionCode
        self.coordinates = coordinates
        self.accessibility = accessibility
        self.website = website
        self.description = description
        self.provenance = provenance
        self.status = status
    }

    /// Fills the département and région from the commune code when they are missing, so callers may send
    /// only the commune. Leaves explicit values alone (validation then checks that they agree).
    public mutating func deriveTerritory() {
        if departementCode == nil, let communeCode, let departement = Departement.of(communeCode: communeCode) {
            departementCode = departement.id
        }
        if regionCode == nil, let departementCode, let region = Departement.code(departementCode)?.regionCode {
            regionCode = region
        }
    }

    /// Every field-level problem with this venue, including territory codes that disagree.
    public func validationIssues() -> [FieldIssue] {
        var validator = Validator()
        validator.text(name, "name", max: 300)
        if let address {
            validator.optionalText(address.street, "address/street", max: 300)
            validator.text(address.city, "address/city", max: 200)
            if let postalCode = address.postalCode, !Identifiers.isPostalCode(postalCode) {
                validator.fail("address/postalCode", "invalid-postal-code", "must be 5 digits")
            }
        }
        if let communeCode, !Identifiers.isCommuneCode(communeCode) {
            validator.fail("communeCode", "invalid-commune-code", "must be an INSEE commune code such as 75056 or 2A004")
        }
        if let departementCode {
            if Departement.code(departementCode) == nil {
                validator.fail("departementCode", "unknown-departement", "is not a known INSEE département code")
            } else if let communeCode, let fromCommune = Departement.of(communeCode: communeCode),
                fromCommune.id != departementCode
            {
                validator.fail("departementCode", "territory-mismatch", "commune \(communeCode) is in département \(fromCommune.id)")
            }
        }
        if let regionCode {
            if Region.code(regionCode) == nil {
                validator.fail("regionCode", "unknown-region", "is not a known INSEE région code")
            } else if let departementCode, let expected = Departement.code(departementCode)?.regionCode, expected != regionCode {
                validator.fail("regionCode", "territory-mismatch", "département \(departementCode) is in région \(expected)")
            }
        }
        coordinates?.validate(into: &validator, field: "coordinates")
        validator.url(website, "website")
        validator.localized(description, "description", max: 5_000, required: false)
        provenance.validate(into: &validator)
        return validator.issues
    }
}
