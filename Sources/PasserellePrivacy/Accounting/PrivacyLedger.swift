/// The budget logic over a `PrivacyLedgerStore`: a release is charged before it is computed, and refused —
/// without computing anything — when the ledger's total would exceed its budget.
public struct PrivacyLedger: Sendable {
    /// Where ledgers persist.
    public let store: any PrivacyLedgerStore

    /// A ledger over the given store.
    public init(store: any PrivacyLedgerStore) { self.store = store }

    /// The result of asking for a release.
    public enum Outcome<Value: Sendable>: Sendable {
        /// Charged and computed.
        case released(Value, spentAfter: PrivacyBudget?)
        /// Refused: the release would overspend; nothing was computed.
        case refused(reason: String)
    }

    /// Charges `loss` to the ledger `key` and, only if accepted, runs `compute`. The charge stays even if
    /// `compute` throws (a failed computation may still have touched the data, so we count it).
    public func release<Value: Sendable>(
        _ key: LedgerKey, loss: PrivacyLoss, label: String, compute: () throws -> Value
    ) async throws -> Outcome<Value> {
        let loss = try loss.validated()
        guard let current = try await store.state(of: key) else {
            throw PrivacyError(.ledger, "ledger \(key) was never opened")
        }
        let entry = LedgerEntry(loss: loss, label: label)
        let accepted = try await store.append(entry, to: key) { state in try state.spend.fits(within: state.budget) }
        guard accepted else {
            var after = current.spend
            after.add(loss)
            let would = try after.guarantee(delta: current.budget.delta).map(\.description) ?? "unbounded ε (δ exhausted)"
            return .refused(reason: "release '\(label)' \(loss) would bring ledger \(key) to \(would), over its budget \(current.budget)")
        }
        let value = try compute()
        let state = try await store.state(of: key)
        return .released(value, spentAfter: try state.flatMap { try $0.spend.guarantee(delta: $0.budget.delta) })
    }

    /// The ledger's state and what it amounts to at its budget's δ.
    public func report(_ key: LedgerKey) async throws -> (state: LedgerState, spent: PrivacyBudget?)? {
        guard let state = try await store.state(of: key) else { return nil }
        return (state, try state.spend.guarantee(delta: state.budget.delta))
    }
}
