import Foundation
import Hummingbird
import PasserelleCore

/// `GET /api/v1/offers/{id}/sources`: where each field of an offer comes from. The offer's own provenance is its
/// primary source; records of other sources merged into it (see `OfferMerge`) are listed with the fields they
/// supplied, and `fields` names the source of every field that is not the primary's.
extension ReadRoutes {
    func offerSources(_ context: some RequestContext) async throws -> Response {
        let id = try PathID.require(context, OfferID.self, what: "offer")
        let found = try await store.read { tx -> OfferSources? in
            guard let offer = try await tx.offer(id), offer.status == .active else { return nil }
            return OfferSources(offer: offer, merges: try await tx.offerMerges(into: id))
        }
        guard let found else { throw PathID.notFound("offer", id.rawValue) }
        return try JSONResponse.make(found)
    }
}

struct OfferSources: Encodable, Sendable {
    struct Merged: Encodable, Sendable {
        let source: String
        let recordID: String?
        let rule: String
        let fields: [String]
        let status: String
        let mergedAt: Date
        let updatedAt: Date
    }

    let offerID: String
    let primary: Provenance
    let merged: [Merged]
    /// Field name → the source that gave it, for the fields a live merge supplied.
    let fields: [String: String]

    init(offer: Offer, merges: [OfferMerge]) {
        offerID = offer.id.rawValue
        primary = offer.provenance
        merged = merges.map {
            Merged(source: $0.source, recordID: $0.recordID, rule: $0.rule.rawValue, fields: $0.fields, status: $0.status.rawValue,
                   mergedAt: $0.mergedAt, updatedAt: $0.updatedAt)
        }
        var fields: [String: String] = [:]
        for merge in merges where merge.status == .active {
            for field in merge.fields { fields[field] = merge.source }
        }
        self.fields = fields
    }
}
