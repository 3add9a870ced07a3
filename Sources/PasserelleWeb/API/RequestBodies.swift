import Foundation
import PasserelleCore

// The request bodies of the write routes: what an institution may send, never its own identity.

/// The body of `POST/PUT /api/v1/venues`. It never carries an institution: that comes from the API key.
struct VenueInput: StrictInput, Sendable {
    var id: VenueID?
    var name: String
    var kind: VenueKind
    var address: Address?
    var communeCode: String?
    var departementCode: String?
    var regionCode: String?
    var coordinates: GeoPoint?
    var accessibility: [AccessibilityFeature]?
    var website: URL?
    var description: LocalizedText?

    static let shape = JSONShape.object([
        "id": .value, "name": .value, "kind": .value,
        "address": .object(["street": .value, "postalCode": .value, "city": .value]),
        "communeCode": .value, "departementCode": .value, "regionCode": .value,
        "coordinates": .object(["latitude": .value, "longitude": .value]),
        "accessibility": .array(.value), "website": .value, "description": .value,
    ])

    /// The venue this input describes, owned by `institution`, with the id from the path or the body.
    func venue(id: VenueID, institution: InstitutionID) -> Venue {
        Venue(
            id: id, institutionID: institution, name: name, kind: kind, address: address, communeCode: communeCode,
            departementCode: departementCode, regionCode: regionCode, coordinates: coordinates,
            accessibility: Set(accessibility ?? []), website: website, description: description ?? LocalizedText()
        )
    }
}

/// The body of `POST/PUT /api/v1/works`.
struct WorkInput: StrictInput, Sendable {
    var id: WorkID?
    var title: LocalizedText
    var creators: [String]?
    var categoryID: CategoryID
    var countryOfOrigin: String?
    var languages: [String]?
    var identifiers: WorkIdentifiers?
    var description: LocalizedText?

    static let shape = JSONShape.object([
        "id": .value, "title": .value, "creators": .array(.value), "categoryID": .value,
        "countryOfOrigin": .value, "languages": .array(.value),
        "identifiers": .object([
            "isbn": .value, "ean": .value, "filmVisa": .value, "museofile": .value, "joconde": .value,
            "merimee": .value, "external": .map,
        ]),
        "description": .value,
    ])

    func work(id: WorkID, institution: InstitutionID) -> Work {
        Work(
            id: id, institutionID: institution, title: title, creators: creators ?? [], categoryID: categoryID,
            countryOfOrigin: countryOfOrigin, languages: languages ?? [], identifiers: identifiers ?? WorkIdentifiers(),
            description: description ?? LocalizedText()
        )
    }
}

/// The body of `POST/PUT /api/v1/offers` and of each item of `POST /api/v1/offers:batch`.
struct OfferInput: StrictInput, Sendable {
    var id: OfferID?
    var workID: WorkID?
    var venueID: VenueID?
    var title: LocalizedText
    var description: LocalizedText?
    var categoryID: CategoryID
    var access: OfferAccess
    var onlineURL: URL?
    var bookingURL: URL?
    var price: PriceRange?
    var startsAt: Date?
    var endsAt: Date?
    var languages: [String]?

    static let shape = JSONShape.object([
        "id": .value, "workID": .value, "venueID": .value, "title": .value, "description": .value,
        "categoryID": .value, "access": .value, "onlineURL": .value, "bookingURL": .value,
        "price": .object(["minCents": .integer, "maxCents": .integer]),
        "startsAt": .value, "endsAt": .value, "languages": .array(.value),
    ])

    func offer(id: OfferID, institution: InstitutionID, now: Date) -> Offer {
        Offer(
            id: id, institutionID: institution, workID: workID, venueID: venueID, title: title,
            description: description ?? LocalizedText(), categoryID: categoryID, access: access, onlineURL: onlineURL,
            bookingURL: bookingURL, price: price, startsAt: startsAt, endsAt: endsAt, languages: languages ?? [],
            updatedAt: now
        )
    }
}

/// The body of `POST /api/v1/offers/{id}/stocks` and `PUT /api/v1/stocks/{id}`.
/// `offerID` is taken from the path on POST; on PUT it is required for a new stock and must not change.
struct StockInput: StrictInput, Sendable {
    var id: StockID?
    var offerID: OfferID?
    var beginsAt: Date?
    var quantity: Int?
    var priceCents: Int64
    var bookingLimit: Date?

    static let shape = JSONShape.object([
        "id": .value, "offerID": .value, "beginsAt": .value, "quantity": .integer, "priceCents": .integer,
        "bookingLimit": .value,
    ])

    func stock(id: StockID, offer: OfferID) -> Stock {
        Stock(id: id, offerID: offer, beginsAt: beginsAt, quantity: quantity, priceCents: priceCents, bookingLimit: bookingLimit)
    }
}
