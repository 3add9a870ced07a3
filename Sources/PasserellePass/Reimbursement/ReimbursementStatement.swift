public import Foundation
public import PasserelleCore

/// A calendar month in Paris time (`YYYY-MM`): the period of a venue's reimbursement statement, as the ministry's
/// accounts count it (a booking used on 30 November at 23:30 in Paris belongs to November).
public struct StatementPeriod: Sendable, Hashable, CustomStringConvertible {
    public let year: Int
    public let month: Int

    /// The pass's calendar, the one ages are counted in too.
    static var paris: Calendar { Eligibility.paris }

    /// Parses `YYYY-MM` (2000…2999); nil for anything else.
    public init?(_ text: String) {
        guard let (year, month) = YearMonth.parse(text) else { return nil }
        self.year = year
        self.month = month
    }

    public var description: String { String(format: "%04d-%02d", year, month) }

    /// The first instant of the month, in Paris.
    public var start: Date { Self.paris.date(from: DateComponents(year: year, month: month, day: 1)) ?? .distantPast }

    /// The first instant of the next month, in Paris.
    public var end: Date { Self.paris.date(byAdding: .month, value: 1, to: start) ?? .distantFuture }

    /// The month `date` falls in, in Paris.
    public static func containing(_ date: Date) -> StatementPeriod {
        let parts = paris.dateComponents([.year, .month], from: date)
        return StatementPeriod(String(format: "%04d-%02d", parts.year ?? 2000, parts.month ?? 1)) ?? StatementPeriod("2000-01")!
    }

    /// The month `months` before this one (nil before 2000).
    public func before(_ months: Int) -> StatementPeriod? {
        let index = year * 12 + (month - 1) - months
        return StatementPeriod(String(format: "%04d-%02d", index / 12, index % 12 + 1))
    }

    /// Whether the month is over at `now`: only then is its statement final.
    public func isOver(at now: Date) -> Bool { end <= now }
}

/// One used booking on a statement: what the pass owes the institution for it.
public struct ReimbursementLine: Sendable, Hashable, Codable {
    public var bookingID: String
    public var usedAt: Date
    public var offerID: OfferID
    public var stockID: StockID
    /// The offer's venue when it has one (an online offer has none).
    public var venueID: VenueID?
    public var quantity: Int
    public var amountCents: Int64
    /// A school group's booking (paid from the school's budget) rather than a beneficiary's.
    public var group: Bool

    public init(bookingID: String, usedAt: Date, offerID: OfferID, stockID: StockID, venueID: VenueID?, quantity: Int, amountCents: Int64,
                group: Bool = false) {
        self.group = group
        self.bookingID = bookingID
        self.usedAt = usedAt
        self.offerID = offerID
        self.stockID = stockID
        self.venueID = venueID
        self.quantity = quantity
        self.amountCents = amountCents
    }
}

/// What the pass owes an institution for a month: every booking marked used in it, totalled per venue. Cancelled
/// and unused bookings are owed nothing. The statement of a month not yet over is provisional (`isFinal` false).
public struct ReimbursementStatement: Sendable, Hashable {
    public struct VenueTotal: Sendable, Hashable, Codable {
        public var venueID: VenueID?
        public var bookings: Int
        public var places: Int
        public var amountCents: Int64
    }

    public let institutionID: InstitutionID
    public let period: StatementPeriod
    public let lines: [ReimbursementLine]
    public let isFinal: Bool

    public init(institutionID: InstitutionID, period: StatementPeriod, lines: [ReimbursementLine], at now: Date) {
        self.institutionID = institutionID
        self.period = period
        self.lines = lines.sorted { ($0.usedAt, $0.bookingID) < ($1.usedAt, $1.bookingID) }
        self.isFinal = period.isOver(at: now)
    }

    public var totalCents: Int64 { lines.reduce(0) { $0 + $1.amountCents } }

    /// Per venue, in venue id order (online offers, with no venue, last).
    public var venues: [VenueTotal] {
        Dictionary(grouping: lines, by: \.venueID)
            .map { venue, lines in
                VenueTotal(venueID: venue, bookings: lines.count, places: lines.reduce(0) { $0 + $1.quantity },
                           amountCents: lines.reduce(0) { $0 + $1.amountCents })
            }
            .sorted { ($0.venueID?.rawValue ?? "\u{10FFFF}") < ($1.venueID?.rawValue ?? "\u{10FFFF}") }
    }
}
