public import Foundation

/// How an offer is reached.
public enum OfferAccess: String, Sendable, Hashable, Codable, CaseIterable {
    /// At a venue: needs `venueID`.
    case onSite = "on-site"
    /// Online: needs `onlineURL` (a stream, a podcast, a digitised collection…).
    case online
    /// Both at a venue and online.
    case hybrid
}

/// A price range in euro cents; `0...0` means free. Money is never a floating-point number.
public struct PriceRange: Sendable, Hashable, Codable {
    public var minCents: Int64
    public var maxCents: Int64

    public init(minCents: Int64, maxCents: Int64) {
        self.minCents = minCents
        self.maxCents = maxCents
    }

    public static let free = PriceRange(minCents: 0, maxCents: 0)
    public var isFree: Bool { maxCents == 0 }

    /// Ten thousand euros: above this a price is a data error, not a cultural offer.
    public static let maximumCents: Int64 = 1_000_000
}

/// A way to access a work or an experience, at a venue or online: what the public finds, books or opens.
public struct Offer: Sendable, Hashable, Codable, Identifiable {
    public var id: OfferID
    public var institutionID: InstitutionID
    public var workID: WorkID?
    public var venueID: VenueID?
    public var title: LocalizedText
    public var description: LocalizedText
    public var categoryID: CategoryID
    public var access: OfferAccess
    public var onlineURL: URL?
    public var bookingURL: URL?
    /// Nil when the price is not known (e.g. an imported festival whose tariffs are not published).
    public var price: PriceRange?
    public var startsAt: Date?
    public var endsAt: Date?
    /// ISO 639 codes of the languages the offer is given in.
    public var languages: [String]
    public var provenance: Provenance
    public var status: RecordStatus
    public var updatedAt: Date

    public init(
        id: OfferID = .random(), institutionID: InstitutionID, workID: WorkID? = nil, venueID: VenueID? = nil,
        title: LocalizedText, description: LocalizedText = LocalizedText(), categoryID: CategoryID,
        access: OfferAccess, onlineURL: URL? = nil, bookingURL: URL? = nil, price: PriceRange? = nil,
        startsAt: Date? = nil, endsAt: Date? = nil, languages: [String] = [],
        provenance: Provenance = Provenance(source: "api"), status: RecordStatus = .active, updatedAt: Date = Date()
    ) {
        self.id = id
        self.institutionID = institutionID
        self.workID = workID
        self.venueID = venueID
        self.title = title
        self.description = description
        self.categoryID = categoryID
        self.access = access
        self.onlineURL = onlineURL
        self.bookingURL = bookingURL
        self.price = price
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.languages = languages
        self.provenance = provenance
        self.status = status
        self.updatedAt = updatedAt
    }

    /// Every field-level problem with this offer taken alone (references are checked by the catalogue service).
    public func validationIssues() -> [FieldIssue] {
        var validator = Validator()
        validator.localized(title, "title", max: 500, required: true)
        validator.localized(description, "description", max: 10_000, required: false)
        if Taxonomy.category(categoryID) == nil {
            validator.fail("categoryID", "unknown-category", "is not a category of the shared taxonomy")
        }
        if access != .online && venueID == nil {
            validator.fail("venueID", "required", "an on-site or hybrid offer needs a venue")
        }
        if access != .onSite && onlineURL == nil {
            validator.fail("onlineURL", "required", "an online or hybrid offer needs an online URL")
        }
        validator.url(onlineURL, "onlineURL")
        validator.url(bookingURL, "bookingURL")
        if let price {
            validator.range(price.minCents, "price/minCents", 0...PriceRange.maximumCents)
            validator.range(price.maxCents, "price/maxCents", 0...PriceRange.maximumCents)
            if price.minCents > price.maxCents { validator.fail("price", "inverted-range", "minCents must not exceed maxCents") }
        }
        if let startsAt, let endsAt, endsAt < startsAt {
            validator.fail("endsAt", "before-start", "must not be before startsAt")
        }
        validateLanguages(languages, into: &validator)
        provenance.validate(into: &validator)
        return validator.issues
    }
}
