public import Foundation

/// A credit granted to a beneficiary under a policy version, spendable until it expires.
public struct CreditGrant: Sendable, Hashable, Codable, Identifiable {
    public var id: String
    public var beneficiaryID: String
    public var amountCents: Int64
    public var grantedAt: Date
    public var expiresAt: Date
    public var policyVersion: String
    /// The age it was granted for.
    public var age: Int

    public init(id: String, beneficiaryID: String, amountCents: Int64, grantedAt: Date, expiresAt: Date, policyVersion: String, age: Int) {
        self.id = id
        self.beneficiaryID = beneficiaryID
        self.amountCents = amountCents
        self.grantedAt = grantedAt
        self.expiresAt = expiresAt
        self.policyVersion = policyVersion
        self.age = age
    }

    public var account: LedgerAccount { LedgerAccount(.credit, id) }

    /// The grant's transaction: from the State's budget to the grant's account.
    public func transaction(id: String) throws(LedgerTransaction.Invalid) -> LedgerTransaction {
        try LedgerTransaction(id: id, kind: .grant, reference: self.id, at: grantedAt,
                              entries: [LedgerEntry(.funding, -amountCents), LedgerEntry(account, amountCents)])
    }

    /// The grant for `age` under `policy`, starting at `date`; nil when the policy gives that age nothing.
    public static func make(id: String, beneficiaryID: String, age: Int, policy: CreditPolicy, at date: Date) -> CreditGrant? {
        guard let rule = policy.grant(forAge: age),
              let expiry = Eligibility.paris.date(byAdding: .month, value: rule.validityMonths, to: date) else { return nil }
        return CreditGrant(id: id, beneficiaryID: beneficiaryID, amountCents: rule.amountCents, grantedAt: date, expiresAt: expiry,
                           policyVersion: policy.version, age: age)
    }
}

/// What a beneficiary can spend now: each grant's remaining credit (from the ledger's balances), the expired ones
/// apart, and what they already spent under each cap.
public struct Wallet: Sendable, Hashable {
    public struct Remaining: Sendable, Hashable {
        public var grant: CreditGrant
        public var cents: Int64
    }

    /// Grants still valid at the wallet's date with credit left, the soonest to expire first (spent first).
    public var spendable: [Remaining]
    /// Cents spent (active and used bookings) per cap, keyed by `CreditPolicy.Cap.applies`.
    public var spentUnderCaps: [String: Int64]

    /// Whether a grant is still valid at the wallet's date, spent or not: without one, the beneficiary is not (or no
    /// longer) eligible; with one spent to nothing, the credit is insufficient.
    public var hasValidGrant: Bool

    public init(grants: [CreditGrant], balances: [LedgerAccount: Int64], spentUnderCaps: [String: Int64], at date: Date) {
        hasValidGrant = grants.contains { $0.expiresAt > date }
        spendable = grants.filter { $0.expiresAt > date }
            .map { Remaining(grant: $0, cents: balances[$0.account] ?? 0) }
            .filter { $0.cents > 0 }
            .sorted { ($0.grant.expiresAt, $0.grant.id) < ($1.grant.expiresAt, $1.grant.id) }
        self.spentUnderCaps = spentUnderCaps
    }

    public var totalCents: Int64 { spendable.reduce(0) { $0 + $1.cents } }
    /// When the soonest credit left expires.
    public var nextExpiry: Date? { spendable.first?.grant.expiresAt }
}
