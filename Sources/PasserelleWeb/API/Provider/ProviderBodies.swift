import Crypto
import Foundation
import PasserelleCore

/// One listing of `POST /api/v1/provider/listings`: an offer and its stocks, known by the provider's own ids.
struct ProviderListingInput: StrictInput, Sendable {
    var providerID: String
    var offer: OfferInput
    var stocks: [ProviderStockInput]?

    static let shape: JSONShape = {
        guard case .object(let offerFields) = OfferInput.shape else { preconditionFailure("an offer is an object") }
        var fields = offerFields
        fields["id"] = nil  // the offer is known by providerID
        return .object(["providerID": .value, "offer": .object(fields), "stocks": .array(ProviderStockInput.shape)])
    }()
}

/// A stock of a listing: a dated slot or an undated quantity, known by the provider's id; `withdrawn` closes it.
struct ProviderStockInput: StrictInput, Sendable {
    var providerID: String
    var beginsAt: Date?
    var quantity: Int?
    var priceCents: Int64
    var bookingLimit: Date?
    var withdrawn: Bool?

    static let shape = JSONShape.object([
        "providerID": .value, "beginsAt": .value, "quantity": .integer, "priceCents": .integer, "bookingLimit": .value, "withdrawn": .value,
    ])
}

/// The catalogue's ids of a provider's records: derived from the institution and the provider's ids, so that the
/// same listing sent again lands on the same records (an upsert, with no mapping table to keep).
enum ProviderIDs {
    static let maximumLength = 200
    /// What every derived id begins with, and what no other write may use.
    static let prefix = "pv-"

    /// Refuses a `pv-` id where a record is written by its own id (the write routes, the batch): with one, an
    /// institution could take the id another's ticketing system will derive, and block its listings for good.
    static func refuseReserved<Entity>(_ id: Identifier<Entity>) throws {
        guard id.rawValue.hasPrefix(prefix) else { return }
        throw CoreError.invalid([FieldIssue(
            field: "id", code: "reserved-identifier",
            message: "ids beginning with \(prefix) are made by the provider API (POST /api/v1/provider/listings), from your own ids")])
    }

    static func offer(_ providerID: String, of institution: InstitutionID) -> OfferID {
        OfferID(trusted: prefix + digest(["offer", institution.rawValue, providerID]))
    }

    static func stock(_ providerID: String, offer offerProviderID: String, of institution: InstitutionID) -> StockID {
        StockID(trusted: prefix + "st-" + digest(["stock", institution.rawValue, offerProviderID, providerID]))
    }

    /// Why `providerID` is not usable, nil when it is.
    static func problem(_ providerID: String) -> String? {
        if providerID.trimmingCharacters(in: .whitespaces).isEmpty { return "must not be blank" }
        if providerID.utf8.count > maximumLength { return "must be at most \(maximumLength) bytes" }
        if providerID.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) { return "must not hold control characters" }
        return nil
    }

    private static func digest(_ parts: [String]) -> String {
        SHA256.hash(data: Data(parts.joined(separator: "\u{1F}").utf8)).prefix(12).map { String(format: "%02x", $0) }.joined()
    }
}

/// What happened to one listing.
struct ProviderListingResult: Encodable, Sendable {
    struct StockResult: Encodable, Sendable {
        var providerID: String
        var id: String
        var outcome: String
    }

    var index: Int
    var providerID: String?
    /// `created`, `updated`, `unchanged` or `rejected`.
    var outcome: String
    var id: String?
    var status: Int
    var stocks: [StockResult]
    var errors: [FieldIssue]
}

struct ProviderBatchResult: Encodable, Sendable {
    var created: Int
    var updated: Int
    var unchanged: Int
    var rejected: Int
    var results: [ProviderListingResult]
}
