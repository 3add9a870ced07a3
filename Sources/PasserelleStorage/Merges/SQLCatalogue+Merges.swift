import Foundation
import PasserelleCore
import SQLKit

extension Columns {
    static let offerMerges = ["id", "offer_id", "institution_id", "source", "record_id", "rule", "fields", "status", "merged_at", "updated_at"]
}

extension SQLCatalogue {
    func offerMerges(of institution: InstitutionID) async throws -> [OfferMerge] {
        try await db().raw(
            "SELECT \(unsafeRaw: Columns.list(Columns.offerMerges)) FROM offer_merges WHERE institution_id = \(bind: institution.rawValue) ORDER BY id"
        ).all().map { try OfferMerge(row: $0, json: json) }
    }

    func offerMerges(into offer: OfferID) async throws -> [OfferMerge] {
        try await db().raw(
            "SELECT \(unsafeRaw: Columns.list(Columns.offerMerges)) FROM offer_merges WHERE offer_id = \(bind: offer.rawValue) ORDER BY id"
        ).all().map { try OfferMerge(row: $0, json: json) }
    }

    func save(_ merges: [OfferMerge]) async throws {
        try await upsert("offer_merges", Columns.offerMerges, owner: "institution_id", try lastByID(merges, \.recordOfferID).map { try $0.row(json) })
    }
}

extension OfferMerge {
    func row(_ json: JSONText) throws -> [any Encodable & Sendable] {
        [
            recordOfferID.rawValue, offerID.rawValue, institutionID.rawValue, source, recordID, rule.rawValue, try json.encode(fields),
            status.rawValue, mergedAt.timeIntervalSinceReferenceDate, updatedAt.timeIntervalSinceReferenceDate,
        ]
    }

    init(row: any SQLRow, json: JSONText) throws {
        self.init(
            recordOfferID: OfferID(trusted: try row.decode(column: "id", as: String.self)),
            offerID: OfferID(trusted: try row.decode(column: "offer_id", as: String.self)),
            institutionID: InstitutionID(trusted: try row.decode(column: "institution_id", as: String.self)),
            source: try row.decode(column: "source", as: String.self),
            recordID: try row.decode(column: "record_id", as: String?.self),
            rule: try row.enumValue(OfferMerge.Rule.self, "rule"),
            fields: try json.decode([String].self, try row.decode(column: "fields", as: String.self), column: "fields"),
            status: try row.status(),
            mergedAt: try row.date("merged_at") ?? Date.distantPast,
            updatedAt: try row.date("updated_at") ?? Date.distantPast
        )
    }
}
