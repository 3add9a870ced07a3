public import Foundation

/// Which ledger: one per data source (e.g. "web-audience/louvre") and period (e.g. "2026-11").
public struct LedgerKey: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The data source, non-empty.
    public let source: String
    /// The accounting period, non-empty.
    public let period: String

    /// Creates a key; empty parts are rejected.
    public init(source: String, period: String) throws(PrivacyError) {
        guard !source.isEmpty, !period.isEmpty else { throw .invalid("ledger source and period must be non-empty") }
        self.source = source
        self.period = period
    }

    /// "source/period".
    public var description: String { "\(source)/\(period)" }
}

/// One charged release.
public struct LedgerEntry: Sendable, Hashable, Codable {
    /// Unique id of the entry.
    public let id: UUID
    /// What the release cost.
    public let loss: PrivacyLoss
    /// What was released (for auditors), e.g. "daily visits by département, method v1".
    public let label: String
    /// When it was charged.
    public let recordedAt: Date

    /// Creates an entry.
    public init(id: UUID = UUID(), loss: PrivacyLoss, label: String, recordedAt: Date = Date()) {
        self.id = id
        self.loss = loss
        self.label = label
        self.recordedAt = recordedAt
    }
}

/// A ledger's budget and what has been charged to it.
public struct LedgerState: Sendable, Hashable, Codable {
    /// The ledger.
    public let key: LedgerKey
    /// The total (ε, δ) the period may spend.
    public let budget: PrivacyBudget
    /// Charges in order.
    public var entries: [LedgerEntry]

    /// Creates a state.
    public init(key: LedgerKey, budget: PrivacyBudget, entries: [LedgerEntry] = []) {
        self.key = key
        self.budget = budget
        self.entries = entries
    }

    /// What the entries amount to.
    public var spend: PrivacySpend { PrivacySpend(entries.map(\.loss)) }
}

/// The port through which ledgers persist (SQLite / PostgreSQL in PasserelleStorage, memory in tests).
///
/// `append(_:to:if:)` is the one operation that matters for safety: it must read the ledger, evaluate the
/// predicate and insert the entry in ONE transaction that serialises with every other append to the same ledger
/// (row lock / `BEGIN IMMEDIATE`), so two releases racing for the last budget cannot both win.
public protocol PrivacyLedgerStore: Sendable {
    /// Creates the ledger with its budget, or returns the existing one (whose budget is never changed).
    func open(_ key: LedgerKey, budget: PrivacyBudget) async throws -> LedgerState
    /// The ledger's state, or nil when it was never opened.
    func state(of key: LedgerKey) async throws -> LedgerState?
    /// Atomically appends `entry` when `accept(current state with the entry added)` is true; returns the decision.
    func append(_ entry: LedgerEntry, to key: LedgerKey, if accept: @Sendable (LedgerState) throws -> Bool) async throws -> Bool
}

/// A ledger store in memory: for tests and for a CLI dry run. An actor, so appends are serialised.
public actor InMemoryPrivacyLedgerStore: PrivacyLedgerStore {
    private var ledgers: [LedgerKey: LedgerState] = [:]

    /// An empty store.
    public init() {}

    /// See `PrivacyLedgerStore.open`.
    public func open(_ key: LedgerKey, budget: PrivacyBudget) -> LedgerState {
        if let existing = ledgers[key] { return existing }
        let state = LedgerState(key: key, budget: budget)
        ledgers[key] = state
        return state
    }

    /// See `PrivacyLedgerStore.state`.
    public func state(of key: LedgerKey) -> LedgerState? { ledgers[key] }

    /// See `PrivacyLedgerStore.append`.
    public func append(_ entry: LedgerEntry, to key: LedgerKey, if accept: @Sendable (LedgerState) throws -> Bool) throws -> Bool {
        guard var state = ledgers[key] else { throw PrivacyError(.ledger, "ledger \(key) was never opened") }
        state.entries.append(entry)
        guard try accept(state) else { return false }
        ledgers[key] = state
        return true
    }
}
