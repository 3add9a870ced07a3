public import Foundation
public import PasserelleCore

/// A teacher's booking for a class (the pass's collective part): places for pupils and accompanying adults, paid
/// for the pupils from the school's budget of the year. The venue confirms or declines it; the class comes, and
/// the venue marks it used, which puts it on the reimbursement statement.
public struct GroupBooking: Sendable, Hashable, Codable, Identifiable {
    public enum Status: String, Sendable, Hashable, Codable, CaseIterable {
        /// Asked by the teacher: places held and budget spent, waiting for the venue.
        case requested
        case confirmed
        /// Turned down by the venue: places and budget given back.
        case declined
        /// Called off by the teacher or the venue: places and budget given back.
        case cancelled
        /// The class came.
        case used
    }

    public var id: String
    public var schoolID: SchoolID
    public var schoolYear: SchoolYear
    public var teacherID: String
    public var offerID: OfferID
    public var stockID: StockID
    public var institutionID: InstitutionID
    /// What the teacher calls the class (`4e B`), shown to the venue.
    public var className: String
    public var pupils: Int
    public var adults: Int
    public var amountCents: Int64
    public var status: Status
    public var requestedAt: Date
    public var changedAt: Date?

    public init(id: String, schoolID: SchoolID, schoolYear: SchoolYear, teacherID: String, offerID: OfferID, stockID: StockID,
                institutionID: InstitutionID, className: String, pupils: Int, adults: Int, amountCents: Int64, status: Status,
                requestedAt: Date, changedAt: Date? = nil) {
        self.id = id
        self.schoolID = schoolID
        self.schoolYear = schoolYear
        self.teacherID = teacherID
        self.offerID = offerID
        self.stockID = stockID
        self.institutionID = institutionID
        self.className = className
        self.pupils = pupils
        self.adults = adults
        self.amountCents = amountCents
        self.status = status
        self.requestedAt = requestedAt
        self.changedAt = changedAt
    }

    /// Places it holds in its stock.
    public var places: Int { pupils + adults }

    /// Whether it still holds places and budget.
    public var isLive: Bool { status == .requested || status == .confirmed }
}

/// What a teacher asks for.
public struct GroupBookingRequest: Sendable, Hashable {
    public var stockID: StockID
    public var className: String
    public var pupils: Int
    public var adults: Int

    public init(stockID: StockID, className: String, pupils: Int, adults: Int) {
        self.stockID = stockID
        self.className = className
        self.pupils = pupils
        self.adults = adults
    }
}

/// Where a venue, a teacher or an operator changes a group booking.
public enum GroupBookingChange: String, Sendable, Hashable, CaseIterable {
    case confirm, decline, cancel, markUsed = "use"
}

/// The rules of group bookings, pure: the store calls them under the locks of the school's budget and the offer.
public enum GroupBookingRules {
    /// A class and its accompanying adults: at most this many pupils and adults per booking.
    public static let pupils = 1...60
    public static let adults = 0...15
    public static let classNameCharacters = 1...40

    /// What is wrong with a request, field by field.
    public static func problems(_ request: GroupBookingRequest) -> [FieldIssue] {
        var issues: [FieldIssue] = []
        let name = request.className.trimmingCharacters(in: .whitespaces)
        if !classNameCharacters.contains(name.count) || name.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            issues.append(FieldIssue(field: "className", code: "invalid-value", message: "must be 1 to 40 characters, on one line"))
        }
        if !pupils.contains(request.pupils) {
            issues.append(FieldIssue(field: "pupils", code: "out-of-range", message: "must be from \(pupils.lowerBound) to \(pupils.upperBound)"))
        }
        if !adults.contains(request.adults) {
            issues.append(FieldIssue(field: "adults", code: "out-of-range", message: "must be from \(adults.lowerBound) to \(adults.upperBound)"))
        }
        return issues
    }

    /// Decides a request against the stock's places left (nil: unlimited) and what is left of the school's budget;
    /// returns the ledger entries that pay for it (the budget into what the pass owes the institution).
    public static func decide(_ request: GroupBookingRequest, offer: Offer, stock: Stock, placesLeft: Int?, budget: LedgerAccount,
                              budgetLeftCents: Int64, now: Date) -> Result<BookingPlan, BookingRefusal> {
        guard offer.status == .active else { return .failure(BookingRefusal(.offerWithdrawn, "this offer is no longer offered")) }
        guard stock.status == .active else { return .failure(BookingRefusal(.stockWithdrawn, "this date is no longer offered")) }
        // A class comes on a day: a group books a dated showing or visit at a place, not goods or a stream.
        guard offer.access != .online, let begins = stock.beginsAt else {
            return .failure(BookingRefusal(.bookingClosed, "a class books a dated visit or show on site"))
        }
        if let limit = stock.bookingLimit, now >= limit {
            return .failure(BookingRefusal(.bookingClosed, "bookings for this date closed at \(limit.formatted(.iso8601))"))
        }
        guard now < begins else { return .failure(BookingRefusal(.bookingClosed, "this date has begun")) }
        let places = request.pupils + request.adults
        if let placesLeft, placesLeft < places {
            return .failure(BookingRefusal(.soldOut, placesLeft == 0 ? "no place is left" : "only \(placesLeft) place(s) left"))
        }
        // Pupils pay the stock's price; their teachers and accompanying adults come free.
        let (total, overflow) = stock.priceCents.multipliedReportingOverflow(by: Int64(request.pupils))
        guard !overflow else { return .failure(BookingRefusal(.invalidQuantity, "the price is too large")) }
        guard budgetLeftCents >= total else {
            return .failure(BookingRefusal(.insufficientBudget, "this booking costs \(total) cents; the school has \(budgetLeftCents) left this year"))
        }
        guard total > 0 else { return .success(BookingPlan(totalCents: 0, entries: [])) }
        return .success(BookingPlan(totalCents: total, entries: [
            LedgerEntry(budget, -total), LedgerEntry(LedgerAccount(.payable, offer.institutionID.rawValue), total),
        ]))
    }

    /// The status a change leads to from `status`, or why it may not happen. The venue confirms, declines and marks
    /// used; the teacher cancels until the date begins; the venue may cancel (a show called off) until it is used.
    public static func next(_ status: GroupBooking.Status, _ change: GroupBookingChange, byVenue: Bool, beginsAt: Date?,
                            now: Date) -> Result<GroupBooking.Status, BookingRefusal> {
        switch (change, status) {
        case (.confirm, .requested) where byVenue: return .success(.confirmed)
        case (.decline, .requested) where byVenue: return .success(.declined)
        case (.markUsed, .confirmed) where byVenue: return .success(.used)
        case (.cancel, .requested), (.cancel, .confirmed):
            if !byVenue, let beginsAt, now >= beginsAt { return .failure(BookingRefusal(.windowClosed, "the date has begun")) }
            return .success(.cancelled)
        default:
            return .failure(BookingRefusal(.notCancellable, "a \(status.rawValue) group booking cannot be \(change.pastTense)"))
        }
    }
}

extension GroupBookingChange {
    var pastTense: String {
        switch self {
        case .confirm: "confirmed"
        case .decline: "declined"
        case .cancel: "cancelled"
        case .markUsed: "marked used"
        }
    }
}

extension BookingRefusal.Code {
    /// The school's budget for the year does not cover a group booking.
    public static let insufficientBudget = BookingRefusal.Code(rawValue: "insufficient-budget")
}
