public import Foundation

/// What can be booked for an offer: a dated slot (a screening, a performance) or an undated quantity
/// (books, passes), each with its price.
public struct Stock: Sendable, Hashable, Codable, Identifiable {
    public var id: StockID
    public var offerID: OfferID
    /// Start of the slot; nil for an undated stock.
    public var beginsAt: Date?
    /// Places or items available; nil means unlimited (e.g. a free online resource).
    public var quantity: Int?
    public var priceCents: Int64
    /// Bookings close at this instant; nil means until `beginsAt` (or never for undated stock).
    public var bookingLimit: Date?
    public var status: RecordStatus

    public init(
        id: StockID = .random(), offerID: OfferID, beginsAt: Date? = nil, quantity: Int? = nil, priceCents: Int64,
        bookingLimit: Date? = nil, status: RecordStatus = .active
    ) {
        self.id = id
        self.offerID = offerID
        self.beginsAt = beginsAt
        self.quantity = quantity
        self.priceCents = priceCents
        self.bookingLimit = bookingLimit
        self.status = status
    }

    public static let maximumQuantity = 1_000_000

    /// The most active stocks one offer may hold: a cinema's year of daily screenings, five a day, is 1 825.
    /// Past it, an offer is a catalogue of its own and should be split; the cap keeps an offer's detail
    /// (read and encoded whole) bounded.
    public static let maximumPerOffer = 2_000

    /// Every field-level problem with this stock.
    public func validationIssues() -> [FieldIssue] {
        var validator = Validator()
        validator.range(priceCents, "priceCents", 0...PriceRange.maximumCents)
        if let quantity { validator.range(quantity, "quantity", 0...Self.maximumQuantity) }
        if let beginsAt, let bookingLimit, bookingLimit > beginsAt {
            validator.fail("bookingLimit", "after-start", "must not be after beginsAt")
        }
        return validator.issues
    }
}
