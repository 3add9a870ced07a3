public import Foundation
public import PasserelleCore

/// A search or a filtered listing: the one query behind `GET /api/v1/search`, the `/search` page and the
/// public lists. Every filter is optional; all given filters must hold.
public struct SearchRequest: Sendable, Hashable {
    /// The most results a page may hold, and the default.
    public static let maximumPageSize = 50
    public static let defaultPageSize = 20
    /// The longest accepted query text, in characters.
    public static let maximumTextLength = 200
    /// The farthest `radiusKm`.
    public static let maximumRadiusKm = 500.0
    public static let defaultRadiusKm = 20.0

    /// What the visitor typed; nil or blank lists every offer that passes the filters.
    public var text: String?
    /// The list API's filters (category, territory, dates, access, language, owner). Unlike the list, a date
    /// filter leaves undated offers out: a permanent offer is not "this weekend". `includeWithdrawn` is ignored.
    public var filters = OfferQuery()
    /// Offers within `radiusKm` of this point (their venue's coordinates).
    public var near: GeoPoint?
    public var radiusKm: Double = SearchRequest.defaultRadiusKm
    /// Free offers only (a known price of zero).
    public var freeOnly = false
    /// Offers whose lowest known price is at most this many cents.
    public var maximumPriceCents: Int64?
    /// Venues offering every one of these accessibility features.
    public var accessibility: Set<AccessibilityFeature> = []
    /// Where the previous page ended (`SearchCursor`), nil for the first page.
    public var cursor: SearchCursor?
    public var pageSize = SearchRequest.defaultPageSize
    /// The instant "upcoming" is measured from (now, except in tests).
    public var now = Date()

    public init(text: String? = nil) {
        self.text = text
    }

    /// Whether any date bound is given (then undated offers are left out).
    public var hasDateFilter: Bool { filters.from != nil || filters.to != nil }

    /// Every problem with this request's values (the web layer reports them as one 400).
    public func validationIssues() -> [FieldIssue] {
        var validator = Validator()
        if let text, text.count > Self.maximumTextLength {
            validator.fail("q", "too-long", "must be at most \(Self.maximumTextLength) characters")
        }
        validator.range(pageSize, "pageSize", 1...Self.maximumPageSize)
        if !(radiusKm > 0 && radiusKm <= Self.maximumRadiusKm) {
            validator.fail("radiusKm", "out-of-range", "must be more than 0 and at most \(Int(Self.maximumRadiusKm))")
        }
        if let maximumPriceCents, !(0...PriceRange.maximumCents).contains(maximumPriceCents) {
            validator.fail("maxPriceCents", "out-of-range", "must be between 0 and \(PriceRange.maximumCents)")
        }
        return validator.issues
    }
}
