public import Foundation

/// A legal entity that publishes offers: a museum, a theatre company, a cinema operator, a library network…
public struct Institution: Sendable, Hashable, Codable, Identifiable {
    public var id: InstitutionID
    public var name: String
    /// The SIREN number (9 digits, Luhn-checked) when the entity has one.
    public var siren: String?
    public var website: URL?
    public var provenance: Provenance
    public var status: RecordStatus

    public init(
        id: InstitutionID = .random(), name: String, siren: String? = nil, website: URL? = nil,
        provenance: Provenance = Provenance(source: "api"), status: RecordStatus = .active
    ) {
        self.id = id
        self.name = name
        self.siren = siren
        self.website = website
        self.provenance = provenance
        self.status = status
    }

    /// Every field-level problem with this institution.
    public func validationIssues() -> [FieldIssue] {
        var validator = Validator()
        validator.text(name, "name", max: 300)
        if let siren, !Identifiers.isValidSIREN(siren) {
            validator.fail("siren", "invalid-siren", "must be 9 digits with a valid Luhn check digit")
        }
        validator.url(website, "website")
        provenance.validate(into: &validator)
        return validator.issues
    }
}
