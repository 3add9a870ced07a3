public import Foundation

/// Which source said what: every catalogue record remembers where it came from, under which licence.
public struct Provenance: Sendable, Hashable, Codable {
    /// The source's short name: `api` for an institution's own writes, `museofile`, `cnc-cinemas`, …
    public var source: String
    /// The record's identifier in that source, when it has one.
    public var recordID: String?
    /// The licence the data was published under, e.g. `Licence Ouverte 2.0`.
    public var license: String?
    public var retrievedAt: Date

    public init(source: String, recordID: String? = nil, license: String? = nil, retrievedAt: Date = Date()) {
        self.source = source
        self.recordID = recordID
        self.license = license
        self.retrievedAt = retrievedAt
    }

    func validate(into validator: inout Validator) {
        validator.text(source, "provenance/source", max: 64)
        validator.optionalText(recordID, "provenance/recordID", max: 256)
        validator.optionalText(license, "provenance/license", max: 128)
    }
}

/// Whether a record is live or has been withdrawn by its institution (withdrawn records are kept, not deleted,
/// so bookings and audience figures that point to them stay explainable).
public enum RecordStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case active, withdrawn
}
