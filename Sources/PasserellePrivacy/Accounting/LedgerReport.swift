import Foundation

/// A ledger's state as text for operators and auditors (`passerelle privacy budget`).
public enum LedgerReport {
    /// One line per fact: budget, each charge, the composed spend, and what is left.
    public static func lines(_ state: LedgerState) throws(PrivacyError) -> [String] {
        var lines = ["ledger \(state.key): budget \(state.budget)"]
        for (i, entry) in state.entries.enumerated() {
            lines.append("  #\(i + 1) \(entry.loss) — \(entry.label) (\(entry.recordedAt.formatted(.iso8601)))")
        }
        let spend = state.spend
        if spend.isPure {
            lines.append("spent: pure ε = \(spend.pureEpsilon) (basic composition, δ = 0)")
        } else {
            lines.append("spent: ρ = \(spend.totalRho) (zCDP, pure releases as ε²/2), approximate ε = "
                         + "\(spend.approximateEpsilon) with δ = \(spend.approximateDelta)")
        }
        for route in try spend.routes(delta: state.budget.delta) where !spend.isPure {
            lines.append("route \(route.name.rawValue): \(route.guarantee)")
        }
        if let guarantee = try spend.guarantee(delta: state.budget.delta) {
            let fits = try spend.fits(within: state.budget)
            lines.append("guarantee: \(guarantee) (the better route) — \(fits ? "within" : "OVER") the budget")
            if fits { lines.append("remaining ε at δ=\(state.budget.delta): \(state.budget.epsilon - guarantee.epsilon) (approximate)") }
        } else {
            lines.append("guarantee: unbounded ε — approximate releases used all of δ = \(state.budget.delta)")
        }
        return lines
    }
}
