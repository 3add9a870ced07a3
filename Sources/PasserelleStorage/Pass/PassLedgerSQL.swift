import Foundation
import PasserelleCore
import PasserellePass
import SQLKit

/// Writes ledger transactions inside a caller's transaction: the transaction row, its entries, and the running balance
/// of each account that keeps one (`hasStoredBalance`: its CHECK refuses a balance below zero, so an overdraft rolls
/// the whole transaction back).
struct PassLedgerSQL {
    let database: any SQLDatabase

    func post(_ transaction: LedgerTransaction) async throws {
        let header: SQLQueryString = """
            INSERT INTO ledger_transactions (id, kind, reference, at)
            VALUES (\(bind: transaction.id), \(bind: transaction.kind.rawValue), \(bind: transaction.reference), \(bind: transaction.at.timeIntervalSinceReferenceDate))
            """
        // Every entry in one statement: a booking's three or four entries are one round trip, not four.
        let rows = transaction.entries.map { entry -> SQLQueryString in
            "(\(bind: transaction.id), \(bind: entry.account.kind.rawValue), \(bind: entry.account.owner), \(bind: entry.amountCents))"
        }
        let entries: SQLQueryString = "INSERT INTO ledger_entries (transaction_id, account_kind, account_owner, amount_cents) VALUES \(rows.joined(separator: ", "))"
        // The transaction and its entries in one round trip on PostgreSQL.
        try await WriteSequence.run([header], then: entries, in: database)
        for entry in transaction.entries where entry.account.hasStoredBalance {
            // Update first: an INSERT … ON CONFLICT would check the proposed row (a debit, below zero) against the CHECK.
            if try await addToBalance(entry) { continue }
            // An account's first posting. Two transactions may both find no row (PostgreSQL, read committed): each
            // inserts a zero balance, the second waits for the first and does nothing, and both then add under the
            // row's lock. A plain INSERT of the amount made the second fail on the primary key.
            try await database.raw(
                """
                INSERT INTO ledger_balances (account_kind, account_owner, balance_cents)
                VALUES (\(bind: entry.account.kind.rawValue), \(bind: entry.account.owner), 0)
                ON CONFLICT (account_kind, account_owner) DO NOTHING
                """
            ).run()
            guard try await addToBalance(entry) else {
                throw CoreError(.conflict, "the ledger account \(entry.account.kind.rawValue)/\(entry.account.owner) could not be opened")
            }
        }
    }

    /// Adds the entry to its account's stored balance; false when the account has no balance row yet.
    private func addToBalance(_ entry: LedgerEntry) async throws -> Bool {
        try await database.raw(
            """
            UPDATE ledger_balances SET balance_cents = balance_cents + \(bind: entry.amountCents)
            WHERE account_kind = \(bind: entry.account.kind.rawValue) AND account_owner = \(bind: entry.account.owner)
            RETURNING balance_cents
            """
        ).first() != nil
    }

    /// The balances of `accounts`: stored ones as stored, the others summed from their entries.
    func balances(_ accounts: [LedgerAccount]) async throws -> [LedgerAccount: Int64] {
        var balances: [LedgerAccount: Int64] = [:]
        for account in accounts {
            let row = try await database.raw(account.hasStoredBalance
                ? """
                  SELECT balance_cents FROM ledger_balances
                  WHERE account_kind = \(bind: account.kind.rawValue) AND account_owner = \(bind: account.owner)
                  """
                : """
                  SELECT CAST(COALESCE(SUM(amount_cents), 0) AS BIGINT) AS balance_cents FROM ledger_entries
                  WHERE account_kind = \(bind: account.kind.rawValue) AND account_owner = \(bind: account.owner)
                  """
            ).first()
            balances[account] = try row?.decode(column: "balance_cents", as: Int64.self) ?? 0
        }
        return balances
    }

    /// The beneficiary's grants.
    func grants(of beneficiaryID: String) async throws -> [CreditGrant] {
        try await database.raw("SELECT * FROM credit_grants WHERE beneficiary_id = \(bind: beneficiaryID) ORDER BY granted_at, id").all().map(Self.grant)
    }

    static func grant(_ row: any SQLRow) throws -> CreditGrant {
        CreditGrant(
            id: try row.decode(column: "id", as: String.self), beneficiaryID: try row.decode(column: "beneficiary_id", as: String.self),
            amountCents: try row.decode(column: "amount_cents", as: Int64.self),
            grantedAt: Date(timeIntervalSinceReferenceDate: try row.decode(column: "granted_at", as: Double.self)),
            expiresAt: Date(timeIntervalSinceReferenceDate: try row.decode(column: "expires_at", as: Double.self)),
            policyVersion: try row.decode(column: "policy_version", as: String.self), age: try row.decode(column: "age", as: Int.self))
    }

    /// What the beneficiary can spend at `date`: grants, their stored balances, and what active, used or pending bookings
    /// spent under each cap of `policy`.
    func wallet(of beneficiaryID: String, policy: CreditPolicy, at date: Date) async throws -> Wallet {
        // The grants with their running balances, then what the bookings spent, in one query (read on every booking):
        // the rows tell which they are by `row_kind`.
        let rows = try await database.raw(
            """
            SELECT 'grant' AS row_kind, g.id, g.beneficiary_id, g.amount_cents, g.granted_at, g.expires_at, g.policy_version, g.age,
                   COALESCE(b.balance_cents, 0) AS balance_cents, NULL AS offer_access, NULL AS category_id
            FROM credit_grants g LEFT JOIN ledger_balances b ON b.account_kind = 'credit' AND b.account_owner = g.id
            WHERE g.beneficiary_id = \(bind: beneficiaryID)
            UNION ALL
            SELECT 'spent', NULL, NULL, amount_cents, NULL, NULL, NULL, NULL, NULL, offer_access, category_id FROM bookings
            WHERE beneficiary_id = \(bind: beneficiaryID) AND status IN ('active', 'used', 'pending')
            ORDER BY row_kind, granted_at, id
            """
        ).all()
        let grantRows = try rows.filter { try $0.decode(column: "row_kind", as: String.self) == "grant" }
        let grants = try grantRows.map(Self.grant)
        var balances: [LedgerAccount: Int64] = [:]
        for (grant, row) in zip(grants, grantRows) { balances[grant.account] = try row.decode(column: "balance_cents", as: Int64.self) }
        let spending = try rows.filter { try $0.decode(column: "row_kind", as: String.self) == "spent" }
        var spent: [String: Int64] = [:]
        for row in spending {
            let access = try row.decode(column: "offer_access", as: String.self)
            let category = try row.decode(column: "category_id", as: String.self)
            let amount = try row.decode(column: "amount_cents", as: Int64.self)
            for cap in policy.caps {
                let covered = cap.applies == "online" ? access == "online" : (category == cap.applies || category.hasPrefix(cap.applies + "."))
                if covered { spent[cap.applies, default: 0] += amount }
            }
        }
        return Wallet(grants: grants, balances: balances, spentUnderCaps: spent, at: date)
    }
}
