public import Foundation
public import PasserelleCore

/// A holder of the pass: an identity the operator (or the State's identity provider) verified, and a birth date.
public struct Beneficiary: Sendable, Hashable, Codable, Identifiable {
    public var id: String
    /// Lower-cased.
    public var email: String
    /// `YYYY-MM-DD`.
    public var birthdate: String
    public var verifiedAt: Date?
    public var createdAt: Date

    public init(id: String = UUID().uuidString.lowercased(), email: String, birthdate: String, verifiedAt: Date?, createdAt: Date) {
        self.id = id
        self.email = email.lowercased()
        self.birthdate = birthdate
        self.verifiedAt = verifiedAt
        self.createdAt = createdAt
    }
}

/// A booking of places of one stock, paid from the beneficiary's credit.
public struct Booking: Sendable, Hashable, Codable, Identifiable {
    public enum Status: String, Sendable, Hashable, Codable, CaseIterable {
        case active, cancelled, used, expired
        /// Places and credit taken, waiting for the provider's ticketing system to confirm (a partner's offer).
        case pending
    }

    public var id: String
    public var beneficiaryID: String
    public var offerID: OfferID
    public var stockID: StockID
    public var institutionID: InstitutionID
    public var quantity: Int
    public var amountCents: Int64
    public var countermark: String
    public var status: Status
    public var bookedAt: Date
    public var changedAt: Date?
    /// A pending booking's deadline: past it, the provider has let its hold go unless it was confirmed.
    public var holdExpiresAt: Date?
    /// The provider's ticket reference, for a partner's offer.
    public var providerTicket: String?

    public init(id: String, beneficiaryID: String, offerID: OfferID, stockID: StockID, institutionID: InstitutionID, quantity: Int,
                amountCents: Int64, countermark: String, status: Status, bookedAt: Date, changedAt: Date? = nil,
                holdExpiresAt: Date? = nil, providerTicket: String? = nil) {
        self.holdExpiresAt = holdExpiresAt
        self.providerTicket = providerTicket
        self.id = id
        self.beneficiaryID = beneficiaryID
        self.offerID = offerID
        self.stockID = stockID
        self.institutionID = institutionID
        self.quantity = quantity
        self.amountCents = amountCents
        self.countermark = countermark
        self.status = status
        self.bookedAt = bookedAt
        self.changedAt = changedAt
    }
}

/// Who cancels a booking: its beneficiary (within the policy's window) or the institution offering it (any time
/// before it is used).
public enum Canceller: Sendable, Hashable {
    case beneficiary(String)
    case institution(InstitutionID)
}

/// What an audit of the ledger found: transactions that do not sum to zero, stored balances that differ from the
/// sum of their entries, accounts below zero that may not be. All empty for a sound ledger.
public struct LedgerAudit: Sendable, Hashable {
    public var unbalancedTransactions: [String]
    public var balanceMismatches: [LedgerAccount]
    public var overdrawn: [LedgerAccount]
    public var transactions: Int

    public init(unbalancedTransactions: [String], balanceMismatches: [LedgerAccount], overdrawn: [LedgerAccount], transactions: Int) {
        self.unbalancedTransactions = unbalancedTransactions
        self.balanceMismatches = balanceMismatches
        self.overdrawn = overdrawn
        self.transactions = transactions
    }

    public var isSound: Bool { unbalancedTransactions.isEmpty && balanceMismatches.isEmpty && overdrawn.isEmpty }
}

/// Where the pass lives. Each money movement is one transaction that also writes its ledger entries and keeps the
/// database's own checks (no balance below zero, no stock booked past its quantity) true.
public protocol PassStore: Sendable {
    func beneficiary(_ id: String) async throws -> Beneficiary?
    /// Grants the credit of the beneficiary's age under `policy` (once per age; a second call returns the first grant).
    func grantCredit(to beneficiaryID: String, policy: CreditPolicy, at date: Date) async throws -> CreditGrant
    func wallet(of beneficiaryID: String, policy: CreditPolicy, at date: Date) async throws -> Wallet
    /// Books `quantity` places of `stockID`, or throws a `BookingRefusal`. With an idempotency key, a second call
    /// with the same key returns the first booking and books nothing more. With `holdUntil` the booking is `pending`
    /// (a partner's offer, until its provider confirms): its places and credit are taken all the same.
    func book(_ stockID: StockID, quantity: Int, for beneficiaryID: String, idempotencyKey: String?, policy: CreditPolicy,
              now: Date, holdUntil: Date?) async throws -> Booking
    /// A pending booking made active with the provider's ticket; an active one is returned as it is (settled twice).
    func confirmHeld(_ id: String, ticket: String, now: Date) async throws -> Booking
    /// A pending booking cancelled with its places and credit given back (a `refund`); any other returned as it is.
    func releaseHeld(_ id: String, now: Date) async throws -> Booking
    /// Pending bookings whose hold expired before `date`, oldest first.
    func heldBookings(expiringBefore date: Date, limit: Int) async throws -> [Booking]
    /// Cancels an active booking and refunds its credit, in one transaction.
    func cancelBooking(_ id: String, by canceller: Canceller, policy: CreditPolicy, now: Date) async throws -> Booking
    /// Marks the booking holding `countermark` as used, for the institution offering it only.
    func useBooking(countermark: Countermark, by institution: InstitutionID, now: Date) async throws -> Booking
    func bookings(of beneficiaryID: String) async throws -> [Booking]
    /// Checks the whole ledger against its invariants.
    func auditLedger() async throws -> LedgerAudit
    /// Opens a session for the beneficiary, known by the SHA-256 of its token (the token itself is never stored).
    func openSession(tokenHash: String, for beneficiaryID: String, at date: Date, expiresAt: Date) async throws
    /// The beneficiary whose session has this token hash and has not expired at `date`.
    func beneficiary(sessionTokenHash: String, at date: Date) async throws -> Beneficiary?

    /// Registers a verified beneficiary, grants the credit of their age under `policy` (nil when it gives none) and
    /// opens a session, all in one transaction: a failure leaves no account without its credit or its session.
    func enrolVerified(_ beneficiary: Beneficiary, policy: CreditPolicy, sessionTokenHash: String, sessionExpiresAt: Date,
                       at date: Date) async throws -> CreditGrant?
    /// Registers a beneficiary who signs in with a password (`passwordHash` is its bcrypt hash, never the password).
    func createBeneficiary(_ beneficiary: Beneficiary, passwordHash: String?) async throws
    /// The account and password hash for signing in with `email` (lower-cased), or nil.
    func credentials(email: String) async throws -> BeneficiaryCredentials?
    /// Replaces the password hash and closes every session of the beneficiary (a changed password signs out
    /// every device); returns how many sessions were closed.
    @discardableResult
    func setPasswordHash(_ passwordHash: String, for beneficiaryID: String) async throws -> Int
    /// Closes one session (signing out).
    func closeSession(tokenHash: String) async throws
    /// Marks the identity verified (the operator's step here; the State's identity provider in a real deployment).
    /// Returns nil for an unknown email; verifying twice keeps the first date.
    func markVerified(email: String, at date: Date) async throws -> Beneficiary?
    /// The institution's bookings, newest first, of one stock when given, with one status when given, at most `limit`.
    func bookings(ofInstitution institution: InstitutionID, stock: StockID?, status: Booking.Status?, limit: Int) async throws -> [Booking]
    /// The institution's active bookings a desk handles (of offers at `venue` when given), soonest date first (undated
    /// ones last), at most `limit`: filtered and ordered in the database, so a busy institution's other venues never
    /// push a venue's own bookings out of the list.
    func activeBookings(ofInstitution institution: InstitutionID, venue: VenueID?, limit: Int) async throws -> [Booking]
    /// Places booked (active or used) per stock, for the stocks that have any.
    func bookedPlaces(of stocks: [StockID]) async throws -> [StockID: Int]
    /// The institution's bookings marked used in [`from`, `before`), each with its offer's venue.
    func usedBookings(of institution: InstitutionID, from: Date, before: Date) async throws -> [ReimbursementLine]
}

extension PassStore {
    public func book(_ stockID: StockID, quantity: Int, for beneficiaryID: String, idempotencyKey: String?, policy: CreditPolicy,
                     now: Date) async throws -> Booking {
        try await book(stockID, quantity: quantity, for: beneficiaryID, idempotencyKey: idempotencyKey, policy: policy, now: now, holdUntil: nil)
    }

    public func createBeneficiary(_ beneficiary: Beneficiary) async throws {
        try await createBeneficiary(beneficiary, passwordHash: nil)
    }
}

/// What signing in compares against: the account, and its password hash (nil when it has none, e.g. created by
/// an operator).
public struct BeneficiaryCredentials: Sendable, Hashable {
    public var beneficiary: Beneficiary
    public var passwordHash: String?

    public init(beneficiary: Beneficiary, passwordHash: String?) {
        self.beneficiary = beneficiary
        self.passwordHash = passwordHash
    }
}
