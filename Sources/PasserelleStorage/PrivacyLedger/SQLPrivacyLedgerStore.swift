import Foundation
public import PasserellePrivacy
import SQLKit

/// The privacy ledger on SQLite or PostgreSQL, in the catalogue's database (migration 2).
///
/// `append` reads the ledger, asks the budget logic and inserts in ONE write transaction. On SQLite the single
/// writer and `BEGIN IMMEDIATE` serialise appends; on PostgreSQL the ledger row is locked with `FOR UPDATE`, so a
/// racing append waits and then sees the winner's entry. The `UNIQUE (source, period, seq)` constraint backs both.
public struct SQLPrivacyLedgerStore: PrivacyLedgerStore {
    /// The store whose database holds the ledger tables (after `migrate()`).
    public let store: SQLStore

    /// A ledger store over an opened, migrated `SQLStore`.
    public init(store: SQLStore) { self.store = store }

    /// See `PrivacyLedgerStore.open`: inserts the ledger unless it exists, then returns it as stored.
    public func open(_ key: LedgerKey, budget: PrivacyBudget) async throws -> LedgerState {
        try await store.withTransaction { database in
            try await database.raw("""
                INSERT INTO privacy_ledgers (source, period, budget_epsilon, budget_delta, created_at)
                VALUES (\(bind: key.source), \(bind: key.period), \(bind: budget.epsilon), \(bind: budget.delta), \
                \(bind: Date().timeIntervalSinceReferenceDate))
                ON CONFLICT (source, period) DO NOTHING
                """).run()
            guard let state = try await Self.load(key, on: database, lock: false, kind: store.kind) else {
                throw PrivacyError(.ledger, "ledger \(key) missing right after its creation")
            }
            return state
        }
    }

    /// See `PrivacyLedgerStore.state`.
    public func state(of key: LedgerKey) async throws -> LedgerState? {
        try await store.withTransaction { database in
            try await Self.load(key, on: database, lock: false, kind: store.kind)
        }
    }

    /// See `PrivacyLedgerStore.append`.
    public func append(
        _ entry: LedgerEntry, to key: LedgerKey, if accept: @Sendable (LedgerState) throws -> Bool
    ) async throws -> Bool {
        try await store.withTransaction { database in
            guard var state = try await Self.load(key, on: database, lock: true, kind: store.kind) else {
                throw PrivacyError(.ledger, "ledger \(key) was never opened")
            }
            state.entries.append(entry)
            guard try accept(state) else { return false }
            let (kind, epsilon, rho, delta) = Self.columns(of: entry.loss)
            try await database.raw("""
                INSERT INTO privacy_ledger_entries (id, source, period, seq, kind, epsilon, rho, delta, label, recorded_at)
                VALUES (\(bind: entry.id.uuidString.lowercased()), \(bind: key.source), \(bind: key.period), \
                \(bind: state.entries.count), \(bind: kind), \(bind: epsilon), \(bind: rho), \(bind: delta), \
                \(bind: entry.label), \(bind: entry.recordedAt.timeIntervalSinceReferenceDate))
                """).run()
            return true
        }
    }

    private static func columns(of loss: PrivacyLoss) -> (String, Double?, Double?, Double?) {
        switch loss {
        case let .pure(epsilon): ("pure", epsilon, nil, nil)
        case let .zCDP(rho): ("zcdp", nil, rho, nil)
        case let .approximate(epsilon, delta): ("approximate", epsilon, nil, delta)
        }
    }

    private static func load(_ key: LedgerKey, on database: any SQLDatabase, lock: Bool, kind: DatabaseKind) async throws -> LedgerState? {
        // SQLite has no FOR UPDATE; its write transaction (BEGIN IMMEDIATE) already excludes other writers.
        let lockClause = lock && kind == .postgres ? " FOR UPDATE" : ""
        let ledgerRow = try await database.raw("""
            SELECT budget_epsilon, budget_delta FROM privacy_ledgers
            WHERE source = \(bind: key.source) AND period = \(bind: key.period)\(unsafeRaw: lockClause)
            """).first()
        guard let ledgerRow else { return nil }
        let budget = try PrivacyBudget(
            epsilon: ledgerRow.decode(column: "budget_epsilon", as: Double.self),
            delta: ledgerRow.decode(column: "budget_delta", as: Double.self))
        let rows = try await database.raw("""
            SELECT id, kind, epsilon, rho, delta, label, recorded_at FROM privacy_ledger_entries
            WHERE source = \(bind: key.source) AND period = \(bind: key.period) ORDER BY seq
            """).all()
        let entries = try rows.map { row in
            let id = try row.decode(column: "id", as: String.self)
            guard let uuid = UUID(uuidString: id) else { throw StorageError.corruptColumn("privacy_ledger_entries.id", id) }
            return LedgerEntry(
                id: uuid, loss: try loss(row), label: try row.decode(column: "label", as: String.self),
                recordedAt: Date(timeIntervalSinceReferenceDate: try row.decode(column: "recorded_at", as: Double.self)))
        }
        return LedgerState(key: key, budget: budget, entries: entries)
    }

    private static func loss(_ row: any SQLRow) throws -> PrivacyLoss {
        let kind = try row.decode(column: "kind", as: String.self)
        let epsilon = try row.decode(column: "epsilon", as: Double?.self)
        let rho = try row.decode(column: "rho", as: Double?.self)
        let delta = try row.decode(column: "delta", as: Double?.self)
        switch (kind, epsilon, rho, delta) {
        case let ("pure", e?, nil, nil): return try PrivacyLoss.pure(epsilon: e).validated()
        case let ("zcdp", nil, r?, nil): return try PrivacyLoss.zCDP(rho: r).validated()
        case let ("approximate", e?, nil, d?): return try PrivacyLoss.approximate(epsilon: e, delta: d).validated()
        default: throw StorageError.corruptColumn("privacy_ledger_entries.kind", kind)
        }
    }
}
