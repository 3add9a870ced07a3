/// What a set of releases has spent, and the (ε, δ) it amounts to for publication.
///
/// Two valid composition routes, both checked against OpenDP in `AccountingReferenceTests`; the guarantee is the
/// better of them (smaller ε, then smaller δ), so it is never below either route's own figure:
/// - **zCDP**: each pure ε becomes ρ = ε²/2, all ρ's add and the total converts to (ε_z, δ_z) by
///   `ZCDPConversion`, where δ_z is what remains of the target δ after the approximate releases' Σδ_i; then
///   ε = ε_z + Σε_i. Tight when the Gaussians dominate.
/// - **basic**: pure ε's add as they are, only the Gaussians' ρ converts (at the same δ_z), and everything adds:
///   ε = Σε_pure + ε_z(ρ) + Σε_i. Tight when Laplace releases dominate: Laplace ε = 1 plus a selection
///   (ε = 1, δ = 10^-7) is 2.0 here, where the zCDP route gives 6.24 at δ = 10^-6 (review finding 5).
/// Only pure releases compose purely (ε's add, δ = 0). All sums round up.
public struct PrivacySpend: Sendable, Hashable, Codable {
    /// Σ ε over pure releases.
    public private(set) var pureEpsilon: Double = 0
    /// Σ ρ over zCDP releases (pure ones not included).
    public private(set) var rho: Double = 0
    /// Σ ε²/2 over pure releases: their cost when anything else is in the mix.
    public private(set) var rhoOfPure: Double = 0
    /// Σ ε over approximate releases.
    public private(set) var approximateEpsilon: Double = 0
    /// Σ δ over approximate releases.
    public private(set) var approximateDelta: Double = 0

    /// Nothing spent.
    public init() {}

    /// The spend of the given releases.
    public init(_ losses: some Sequence<PrivacyLoss>) {
        for loss in losses { add(loss) }
    }

    /// Adds one release.
    public mutating func add(_ loss: PrivacyLoss) {
        switch loss {
        case let .pure(epsilon):
            pureEpsilon = RoundUp.add(pureEpsilon, epsilon)
            rhoOfPure = RoundUp.add(rhoOfPure, RoundUp.rhoOfPure(epsilon))
        case let .zCDP(r):
            rho = RoundUp.add(rho, r)
        case let .approximate(epsilon, delta):
            approximateEpsilon = RoundUp.add(approximateEpsilon, epsilon)
            approximateDelta = RoundUp.add(approximateDelta, delta)
        }
    }

    /// True when only pure releases were made.
    public var isPure: Bool { rho == 0 && approximateEpsilon == 0 && approximateDelta == 0 }

    /// The total zCDP cost (ρ plus pure releases converted), rounded up.
    public var totalRho: Double { RoundUp.add(rho, rhoOfPure) }

    /// The (ε, δ) to publish for a target δ: the better valid route, or nil (unbounded ε) when the approximate
    /// releases leave no δ for the Gaussian part.
    public func guarantee(delta: Double) throws(PrivacyError) -> PrivacyBudget? {
        try routes(delta: delta).map(\.guarantee).min { ($0.epsilon, $0.delta) < ($1.epsilon, $1.delta) }
    }

    /// Every valid composition route at a target δ, with what it guarantees (for reports and audits).
    public func routes(delta: Double) throws(PrivacyError) -> [CompositionRoute] {
        if isPure { return [CompositionRoute(name: .basic, guarantee: try PrivacyBudget(epsilon: pureEpsilon, delta: 0))] }
        // The δ left for the Gaussian part, rounded down so the total never exceeds the target.
        let remaining = (delta - approximateDelta).nextDown
        var routes = [CompositionRoute]()
        if rho == 0 {
            let epsilon = RoundUp.add(pureEpsilon, approximateEpsilon)
            routes.append(CompositionRoute(name: .basic, guarantee: try PrivacyBudget(epsilon: epsilon, delta: approximateDelta)))
        } else if remaining > 0 {
            let epsilonZ = try ZCDPConversion.epsilon(rho: rho, delta: remaining)
            let epsilon = RoundUp.sum([pureEpsilon, epsilonZ, approximateEpsilon])
            routes.append(CompositionRoute(name: .basic, guarantee: try PrivacyBudget(epsilon: epsilon, delta: delta)))
        }
        // Without a pure release the zCDP route gives the basic one's figure; it is listed all the same.
        if totalRho > 0, remaining > 0 {
            let epsilonZ = try ZCDPConversion.epsilon(rho: totalRho, delta: remaining)
            routes.append(CompositionRoute(name: .zCDP, guarantee: try PrivacyBudget(epsilon: RoundUp.add(epsilonZ, approximateEpsilon), delta: delta)))
        }
        return routes
    }

    /// True when the spend fits within `budget` (ε at the budget's δ no larger than the budget's ε).
    public func fits(within budget: PrivacyBudget) throws(PrivacyError) -> Bool {
        if isPure { return pureEpsilon <= budget.epsilon }
        if approximateDelta > budget.delta { return false }
        guard let guarantee = try guarantee(delta: budget.delta) else { return false }
        return guarantee.epsilon <= budget.epsilon
    }
}

/// One way of composing a ledger's releases, and the (ε, δ) it gives.
public struct CompositionRoute: Sendable, Hashable {
    /// The composition theorems used.
    public enum Name: String, Sendable, Hashable {
        /// Pure ε's and approximate releases add; the Gaussians' ρ converts alone (only pure releases: δ = 0).
        case basic
        /// Pure ε's become ρ = ε²/2 and compose in zCDP with the Gaussians; approximate releases add.
        case zCDP = "zcdp"
    }

    /// Which route.
    public let name: Name
    /// What it guarantees.
    public let guarantee: PrivacyBudget
}
