import Foundation
import PasserelleCore
import SQLKit

/// Column lists and row ↔ value conversions for the catalogue tables. One place per entity, so the
/// INSERT column order and the decoding stay side by side.
enum Columns {
    static let provenance = ["provenance_source", "provenance_record_id", "provenance_license", "provenance_retrieved_at"]
    static let institutions = ["id", "name", "siren", "website"] + provenance + ["status"]
    static let venues = [
        "id", "institution_id", "name", "kind", "address_street", "address_postal_code", "address_city",
        "commune_code", "departement_code", "region_code", "latitude", "longitude", "accessibility", "website",
        "description",
    ] + provenance + ["status"]
    static let works = [
        "id", "institution_id", "title", "creators", "category_id", "country_of_origin", "languages", "identifiers",
        "description",
    ] + provenance + ["status"]
    /// The works' change time (migration 13), written by `save(_:changedAt:)` and read by the change list.
    static let changedAt = "updated_at"
    /// The work columns whose change moves its change time: all but the id, the stamp, and the provenance's
    /// retrieval time (a re-import of the same values is not a change).
    static let workContent = works.filter { !["id", "provenance_retrieved_at"].contains($0) }
    /// A work's columns and its change time, as the change list reads them.
    static let datedWorks = list(works + [changedAt])
    static let offers = [
        "id", "institution_id", "work_id", "venue_id", "title", "description", "category_id", "access", "online_url",
        "booking_url", "price_min_cents", "price_max_cents", "starts_at", "ends_at", "languages",
    ] + provenance + ["status", "updated_at"]
    static let stocks = ["id", "offer_id", "begins_at", "quantity", "price_cents", "booking_limit", "status"]
    static let apiKeys = ["id", "institution_id", "secret_hash", "created_at", "revoked_at", "expires_at", "last_used_at", "label"]

    /// `a, b, c` for a SELECT list, optionally prefixed by a table alias.
    static func list(_ columns: [String], alias: String? = nil) -> String {
        columns.map { column in alias.map { "\($0).\(column)" } ?? column }.joined(separator: ", ")
    }
}

/// A date as stored: seconds since Foundation's reference date, exact in a double on both engines.
func storedDate(_ date: Date?) -> Double? { date?.timeIntervalSinceReferenceDate }

extension Provenance {
    var row: [any Encodable & Sendable] { [source, recordID, license, retrievedAt.timeIntervalSinceReferenceDate] }

    init(row: any SQLRow) throws {
        self.init(
            source: try row.decode(column: "provenance_source", as: String.self),
            recordID: try row.decode(column: "provenance_record_id", as: String?.self),
            license: try row.decode(column: "provenance_license", as: String?.self),
            retrievedAt: Date(timeIntervalSinceReferenceDate: try row.decode(column: "provenance_retrieved_at", as: Double.self))
        )
    }
}

/// Decoding helpers shared by every entity.
extension SQLRow {
    func date(_ column: String) throws -> Date? {
        try decode(column: column, as: Double?.self).map(Date.init(timeIntervalSinceReferenceDate:))
    }

    func url(_ column: String) throws -> URL? {
        guard let text = try decode(column: column, as: String?.self) else { return nil }
        guard let url = URL(string: text) else { throw StorageError.corruptColumn(column, "not a URL") }
        return url
    }

    func status() throws -> RecordStatus {
        try enumValue(RecordStatus.self, "status")
    }

    func enumValue<T: RawRepresentable>(_ type: T.Type, _ column: String) throws -> T where T.RawValue == String {
        let raw = try decode(column: column, as: String.self)
        guard let value = T(rawValue: raw) else { throw StorageError.corruptColumn(column, "unknown value '\(raw)'") }
        return value
    }
}

extension Institution {
    func row() -> [any Encodable & Sendable] {
        [id.rawValue, name, siren, website?.absoluteString] + provenance.row + [status.rawValue]
    }

    init(row: any SQLRow) throws {
        self.init(
            id: InstitutionID(trusted: try row.decode(column: "id", as: String.self)),
            name: try row.decode(column: "name", as: String.self),
            siren: try row.decode(column: "siren", as: String?.self),
            website: try row.url("website"),
            provenance: try Provenance(row: row),
            status: try row.status()
        )
    }
}

extension Venue {
    func row(_ json: JSONText) throws -> [any Encodable & Sendable] {
        let accessibility = self.accessibility.map(\.rawValue).sorted()
        return [
            id.rawValue, institutionID.rawValue, name, kind.rawValue, address?.street, address?.postalCode, address?.city,
            communeCode, departementCode, regionCode, coordinates?.latitude, coordinates?.longitude,
            try json.encode(accessibility), website?.absoluteString, try json.encode(description),
        ] + provenance.row + [status.rawValue]
    }

    init(row: any SQLRow, json: JSONText) throws {
        let city = try row.decode(column: "address_city", as: String?.self)
        let latitude = try row.decode(column: "latitude", as: Double?.self)
        let longitude = try row.decode(column: "longitude", as: Double?.self)
        let accessibility = try json.decode([String].self, try row.decode(column: "accessibility", as: String.self), column: "accessibility")
        self.init(
            id: VenueID(trusted: try row.decode(column: "id", as: String.self)),
            institutionID: InstitutionID(trusted: try row.decode(column: "institution_id", as: String.self)),
            name: try row.decode(column: "name", as: String.self),
            kind: try row.enumValue(VenueKind.self, "kind"),
            address: try city.map { city in
                Address(
                    street: try row.decode(column: "address_street", as: String?.self),
                    postalCode: try row.decode(column: "address_postal_code", as: String?.self), city: city)
            },
            communeCode: try row.decode(column: "commune_code", as: String?.self),
            departementCode: try row.decode(column: "departement_code", as: String?.self),
            regionCode: try row.decode(column: "region_code", as: String?.self),
            coordinates: latitude.flatMap { latitude in longitude.map { GeoPoint(latitude: latitude, longitude: $0) } },
            accessibility: Set(try accessibility.map { raw in
                guard let feature = AccessibilityFeature(rawValue: raw) else {
                    throw StorageError.corruptColumn("accessibility", "unknown feature '\(raw)'")
                }
                return feature
            }),
            website: try row.url("website"),
            description: try json.decode(LocalizedText.self, try row.decode(column: "description", as: String.self), column: "description"),
            provenance: try Provenance(row: row),
            status: try row.status()
        )
    }
}

extension Work {
    func row(_ json: JSONText) throws -> [any Encodable & Sendable] {
        [
            id.rawValue, institutionID.rawValue, try json.encode(title), try json.encode(creators), categoryID.rawValue,
            countryOfOrigin, try json.encode(languages), try json.encode(identifiers), try json.encode(description),
        ] + provenance.row + [status.rawValue]
    }

    init(row: any SQLRow, json: JSONText) throws {
        func text(_ column: String) throws -> String { try row.decode(column: column, as: String.self) }
        self.init(
            id: WorkID(trusted: try text("id")),
            institutionID: InstitutionID(trusted: try text("institution_id")),
            title: try json.decode(LocalizedText.self, try text("title"), column: "title"),
            creators: try json.decode([String].self, try text("creators"), column: "creators"),
            categoryID: CategoryID(trusted: try text("category_id")),
            countryOfOrigin: try row.decode(column: "country_of_origin", as: String?.self),
            languages: try json.decode([String].self, try text("languages"), column: "languages"),
            identifiers: try json.decode(WorkIdentifiers.self, try text("identifiers"), column: "identifiers"),
            description: try json.decode(LocalizedText.self, try text("description"), column: "description"),
            provenance: try Provenance(row: row),
            status: try row.status()
        )
    }
}

extension Offer {
    func row(_ json: JSONText) throws -> [any Encodable & Sendable] {
        [
            id.rawValue, institutionID.rawValue, workID?.rawValue, venueID?.rawValue, try json.encode(title),
            try json.encode(description), categoryID.rawValue, access.rawValue, onlineURL?.absoluteString,
            bookingURL?.absoluteString, price?.minCents, price?.maxCents, storedDate(startsAt), storedDate(endsAt),
            try json.encode(languages),
        ] + provenance.row + [status.rawValue, updatedAt.timeIntervalSinceReferenceDate]
    }

    init(row: any SQLRow, json: JSONText) throws {
        func text(_ column: String) throws -> String { try row.decode(column: column, as: String.self) }
        let minCents = try row.decode(column: "price_min_cents", as: Int64?.self)
        let maxCents = try row.decode(column: "price_max_cents", as: Int64?.self)
        self.init(
            id: OfferID(trusted: try text("id")),
            institutionID: InstitutionID(trusted: try text("institution_id")),
            workID: try row.decode(column: "work_id", as: String?.self).map(WorkID.init(trusted:)),
            venueID: try row.decode(column: "venue_id", as: String?.self).map(VenueID.init(trusted:)),
            title: try json.decode(LocalizedText.self, try text("title"), column: "title"),
            description: try json.decode(LocalizedText.self, try text("description"), column: "description"),
            categoryID: CategoryID(trusted: try text("category_id")),
            access: try row.enumValue(OfferAccess.self, "access"),
            onlineURL: try row.url("online_url"),
            bookingURL: try row.url("booking_url"),
            price: minCents.flatMap { min in maxCents.map { PriceRange(minCents: min, maxCents: $0) } },
            startsAt: try row.date("starts_at"),
            endsAt: try row.date("ends_at"),
            languages: try json.decode([String].self, try text("languages"), column: "languages"),
            provenance: try Provenance(row: row),
            status: try row.status(),
            updatedAt: Date(timeIntervalSinceReferenceDate: try row.decode(column: "updated_at", as: Double.self))
        )
    }
}

extension Stock {
    /// The listing order: dated stocks by date, then undated ones; ties by id (ids are ASCII, so byte order).
    static func isListedBefore(_ first: Stock, _ second: Stock) -> Bool {
        switch (first.beginsAt, second.beginsAt) {
        case (let a?, let b?) where a != b: a < b
        case (nil, _?): false
        case (_?, nil): true
        default: first.id.rawValue < second.id.rawValue
        }
    }

    func row() -> [any Encodable & Sendable] {
        [id.rawValue, offerID.rawValue, storedDate(beginsAt), quantity.map(Int64.init), priceCents, storedDate(bookingLimit), status.rawValue]
    }

    init(row: any SQLRow) throws {
        self.init(
            id: StockID(trusted: try row.decode(column: "id", as: String.self)),
            offerID: OfferID(trusted: try row.decode(column: "offer_id", as: String.self)),
            beginsAt: try row.date("begins_at"),
            quantity: try row.decode(column: "quantity", as: Int64?.self).map { Int($0) },
            priceCents: try row.decode(column: "price_cents", as: Int64.self),
            bookingLimit: try row.date("booking_limit"),
            status: try row.status()
        )
    }
}

extension APIKeyRecord {
    func row() -> [any Encodable & Sendable] {
        [
            id, institutionID.rawValue, secretHash, createdAt.timeIntervalSinceReferenceDate, storedDate(revokedAt),
            storedDate(expiresAt), storedDate(lastUsedAt), label,
        ]
    }

    init(row: any SQLRow) throws {
        self.init(
            id: try row.decode(column: "id", as: String.self),
            institutionID: InstitutionID(trusted: try row.decode(column: "institution_id", as: String.self)),
            secretHash: try row.decode(column: "secret_hash", as: String.self),
            createdAt: Date(timeIntervalSinceReferenceDate: try row.decode(column: "created_at", as: Double.self)),
            revokedAt: try row.date("revoked_at"),
            expiresAt: try row.date("expires_at"),
            lastUsedAt: try row.date("last_used_at"),
            label: try row.decode(column: "label", as: String?.self)
        )
    }
}
