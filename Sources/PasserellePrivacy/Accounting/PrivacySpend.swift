/// What a set of releases has spent, and the (ε, δ) it amounts to for publication.
///
/// Composition rules (the ones OpenDP applies, checked against it in `AccountingReferenceTests`):
/// - only pure releases: ε's add (basic composition), δ = 0;
/// - otherwise each pure ε becomes ρ = ε²/2, ρ's add (zCDP composition) and the total converts to (ε, δ_z) by
///   `ZCDPConversion`; approximate (ε_i, δ_i) releases then compose basically: ε = ε_z + Σε_i at δ = δ_z + Σδ_i,
///   where δ_z is what remains of the target δ after Σδ_i.
/// All sums round up.
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

    /// The (ε, δ) to publish for a target δ; ε is infinite when the approximate releases already used all of δ.
    public func guarantee(delta: Double) throws(PrivacyError) -> PrivacyBudget? {
        if isPure { return try PrivacyBudget(epsilon: pureEpsilon, delta: 0) }
        // The δ left for the zCDP part, rounded down so the total never exceeds the target.
        let remaining = (delta - approximateDelta).nextDown
        if rho == 0 && rhoOfPure == 0 {
            return try PrivacyBudget(epsilon: approximateEpsilon, delta: approximateDelta)
        }
        guard remaining > 0 else { return nil }
        let epsilonZ = try ZCDPConversion.epsilon(rho: totalRho, delta: remaining)
        return try PrivacyBudget(epsilon: RoundUp.add(epsilonZ, approximateEpsilon), delta: delta)
    }

    /// True when the spend fits within `budget` (ε at the budget's δ no larger than the budget's ε).
    public func fits(within budget: PrivacyBudget) throws(PrivacyError) -> Bool {
        if isPure { return pureEpsilon <= budget.epsilon }
        if approximateDelta > budget.delta { return false }
        guard let guarantee = try guarantee(delta: budget.delta) else { return false }
        return guarantee.epsilon <= budget.epsilon
    }
}
