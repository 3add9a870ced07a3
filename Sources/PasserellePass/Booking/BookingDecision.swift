public import Foundation
public import PasserelleCore

/// Why a booking is refused, with a stable code the API answers with (problem+json) and the pages translate.
public struct BookingRefusal: Error, Sendable, Hashable, CustomStringConvertible {
    public struct Code: Sendable, Hashable, RawRepresentable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        public static let offerWithdrawn = Code(rawValue: "offer-withdrawn")
        public static let stockWithdrawn = Code(rawValue: "stock-withdrawn")
        public static let bookingClosed = Code(rawValue: "booking-closed")
        public static let soldOut = Code(rawValue: "sold-out")
        public static let invalidQuantity = Code(rawValue: "invalid-quantity")
        public static let noCredit = Code(rawValue: "not-eligible")
        /// An account signed up by its holder whose identity nobody verified yet.
        public static let identityNotVerified = Code(rawValue: "identity-not-verified")
        public static let insufficientCredit = Code(rawValue: "insufficient-credit")
        public static let capReached = Code(rawValue: "cap-reached")
        public static let windowClosed = Code(rawValue: "window-closed")
        public static let notCancellable = Code(rawValue: "not-cancellable")
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }
}

/// A booking the rules accept: its price and the ledger entries that pay for it (credit out of the soonest-expiring
/// grants first, into what the pass owes the institution).
public struct BookingPlan: Sendable, Hashable {
    public var totalCents: Int64
    public var entries: [LedgerEntry]
}

/// The booking rules, pure: the store calls them inside the transaction that holds the stock's and the wallet's
/// rows locked, so that what they see cannot change before the booking is written.
public enum BookingDecision {
    /// Decides a booking of `quantity` places of `stock` (of `offer`), with `placesLeft` (nil: unlimited).
    public static func decide(offer: Offer, stock: Stock, placesLeft: Int?, quantity: Int, wallet: Wallet, policy: CreditPolicy,
                              now: Date) -> Result<BookingPlan, BookingRefusal> {
        guard offer.status == .active else { return .failure(BookingRefusal(.offerWithdrawn, "this offer is no longer offered")) }
        guard stock.status == .active else { return .failure(BookingRefusal(.stockWithdrawn, "this date or item is no longer offered")) }
        if let limit = stock.bookingLimit, now >= limit {
            return .failure(BookingRefusal(.bookingClosed, "bookings for this date closed at \(limit.formatted(.iso8601))"))
        }
        if let begins = stock.beginsAt, now >= begins { return .failure(BookingRefusal(.bookingClosed, "this date has begun")) }
        guard (1...policy.maximumQuantityPerBooking).contains(quantity) else {
            return .failure(BookingRefusal(.invalidQuantity, "a booking holds 1 to \(policy.maximumQuantityPerBooking) places"))
        }
        if let placesLeft, placesLeft < quantity {
            return .failure(BookingRefusal(.soldOut, placesLeft == 0 ? "no place is left" : "only \(placesLeft) place(s) left"))
        }
        let (total, overflow) = stock.priceCents.multipliedReportingOverflow(by: Int64(quantity))
        guard !overflow else { return .failure(BookingRefusal(.invalidQuantity, "the price is too large")) }
        guard wallet.hasValidGrant || total == 0 else {
            return .failure(BookingRefusal(.noCredit, "no credit to spend: none was granted, or it expired"))
        }
        for cap in policy.caps where cap.covers(offer) {
            let spent = wallet.spentUnderCaps[cap.applies] ?? 0
            if spent + total > cap.maximumCents {
                return .failure(BookingRefusal(.capReached, "at most \(cap.maximumCents) cents go to \(cap.applies) offers; \(max(0, cap.maximumCents - spent)) left"))
            }
        }
        guard wallet.totalCents >= total else {
            return .failure(BookingRefusal(.insufficientCredit, "this booking costs \(total) cents; \(wallet.totalCents) are left"))
        }
        guard total > 0 else { return .success(BookingPlan(totalCents: 0, entries: [])) }
        var due = total
        var entries: [LedgerEntry] = []
        for remaining in wallet.spendable where due > 0 {
            let taken = min(due, remaining.cents)
            entries.append(LedgerEntry(remaining.grant.account, -taken))
            due -= taken
        }
        entries.append(LedgerEntry(LedgerAccount(.payable, offer.institutionID.rawValue), total))
        return .success(BookingPlan(totalCents: total, entries: entries))
    }

    /// Whether the beneficiary may still cancel a booking made at `bookedAt` for a stock beginning at `beginsAt`.
    public static func beneficiaryMayCancel(bookedAt: Date, beginsAt: Date?, now: Date, policy: CreditPolicy) -> Result<Void, BookingRefusal> {
        let window = bookedAt.addingTimeInterval(Double(policy.cancellationWindowHours) * 3_600)
        guard now <= window else {
            return .failure(BookingRefusal(.windowClosed, "a booking can be cancelled within \(policy.cancellationWindowHours) hours of being made"))
        }
        if let beginsAt, now >= beginsAt { return .failure(BookingRefusal(.windowClosed, "the date has begun")) }
        return .success(())
    }

    /// Goods to collect: an undated stock of an on-site offer (a book, a record, an instrument waiting at the shop).
    /// A dated stock is an event, whose unused places are a no-show and stay owed.
    public static func isGoodsToCollect(access: OfferAccess, beginsAt: Date?) -> Bool {
        beginsAt == nil && access == .onSite
    }

    /// The moment before which an active booking of goods, made then and still not collected, expires at `now`.
    public static func uncollectedBefore(_ now: Date, policy: CreditPolicy) -> Date {
        now.addingTimeInterval(-Double(policy.uncollectedGoodsExpiryDays) * 86_400)
    }
}
