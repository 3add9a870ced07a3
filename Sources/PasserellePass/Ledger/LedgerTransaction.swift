public import Foundation

/// An account of the pass's double-entry ledger. Money is never a stored balance: every movement is a
/// transaction of entries that sum to zero, and a balance is the sum of an account's entries.
public struct LedgerAccount: Sendable, Hashable, Codable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// The State's budget, where every grant comes from and every unspent credit returns: it goes negative.
        case funding
        /// One grant of one beneficiary (its owner is the grant's id): never negative.
        case credit
        /// What the pass owes one institution for its used bookings (its owner is the institution's id): never negative.
        case payable
        /// What was paid out to an institution (its owner): never negative.
        case reimbursed
        /// A school's budget for one school year (its owner is `UAI/2026-2027`), which teachers book against: never negative.
        case school
    }

    public var kind: Kind
    public var owner: String

    public init(_ kind: Kind, _ owner: String) {
        self.kind = kind
        self.owner = owner
    }

    public static let funding = LedgerAccount(.funding, "state")

    /// Whether the account may go below zero (only the State's budget does).
    public var mayBeNegative: Bool { kind == .funding }

    /// Whether the store keeps a running balance of the account, which its database CHECK keeps at or above zero:
    /// the accounts money is spent from (a grant's credit, a school's budget), where an overdraft must be refused
    /// inside the spending transaction. The State's budget and what is owed or paid to institutions are derived
    /// from their entries when read: every booking writes to its institution's payable account, and one running
    /// row per institution would make all its bookings wait for each other.
    public var hasStoredBalance: Bool { kind == .credit || kind == .school }

    public var description: String { "\(kind.rawValue):\(owner)" }
}

/// One line of a transaction: money into (positive) or out of (negative) an account, in euro cents.
public struct LedgerEntry: Sendable, Hashable, Codable {
    public var account: LedgerAccount
    public var amountCents: Int64

    public init(_ account: LedgerAccount, _ amountCents: Int64) {
        self.account = account
        self.amountCents = amountCents
    }
}

/// A movement of money: a grant, a booking's debit, a refund, an expiry, a reimbursement. Its entries sum to zero,
/// which the initialiser checks, so an unbalanced transaction cannot exist.
public struct LedgerTransaction: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case grant, booking, refund, expiry, reimbursement
    }

    public var id: String
    public var kind: Kind
    /// What it is about: the grant's, the booking's or the statement's id.
    public var reference: String
    public var at: Date
    public private(set) var entries: [LedgerEntry]

    public enum Invalid: Error, Sendable, Hashable {
        case unbalanced(sum: Int64)
        case tooFewEntries
        case zeroEntry
        case accountTwice(LedgerAccount)
        case overflow
    }

    public init(id: String, kind: Kind, reference: String, at: Date, entries: [LedgerEntry]) throws(Invalid) {
        guard entries.count >= 2 else { throw .tooFewEntries }
        guard !entries.contains(where: { $0.amountCents == 0 }) else { throw .zeroEntry }
        var seen = Set<LedgerAccount>()
        for entry in entries where !seen.insert(entry.account).inserted { throw .accountTwice(entry.account) }
        var sum: Int64 = 0
        for entry in entries {
            let (next, overflow) = sum.addingReportingOverflow(entry.amountCents)
            guard !overflow else { throw .overflow }
            sum = next
        }
        guard sum == 0 else { throw .unbalanced(sum: sum) }
        self.id = id
        self.kind = kind
        self.reference = reference
        self.at = at
        self.entries = entries
    }

    /// The transaction that undoes this one (a refund of a booking): every entry reversed.
    public func reversal(id: String, kind: Kind, at: Date) -> LedgerTransaction {
        // Reversing a balanced transaction keeps it balanced, with the same accounts: it cannot fail.
        try! LedgerTransaction(id: id, kind: kind, reference: reference, at: at, entries: entries.map { LedgerEntry($0.account, -$0.amountCents) })
    }
}

/// Balances derived from transactions.
public enum Ledger {
    /// Every account's balance: the sum of its entries.
    public static func balances(_ transactions: [LedgerTransaction]) -> [LedgerAccount: Int64] {
        var balances: [LedgerAccount: Int64] = [:]
        for entry in transactions.lazy.flatMap(\.entries) { balances[entry.account, default: 0] += entry.amountCents }
        return balances
    }

    /// The accounts below zero that may not be: empty for a sound ledger.
    public static func overdrawn(_ balances: [LedgerAccount: Int64]) -> [LedgerAccount] {
        balances.filter { !$0.key.mayBeNegative && $0.value < 0 }.map(\.key).sorted { $0.description < $1.description }
    }
}
