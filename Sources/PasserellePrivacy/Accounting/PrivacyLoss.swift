/// The privacy cost of one release, in the guarantee its mechanism gives.
public enum PrivacyLoss: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Pure ε-DP (discrete Laplace).
    case pure(epsilon: Double)
    /// ρ-zCDP (discrete Gaussian).
    case zCDP(rho: Double)
    /// (ε, δ)-DP (e.g. partition selection by a noisy threshold).
    case approximate(epsilon: Double, delta: Double)

    /// Validates the parameters: finite, ε and ρ non-negative, δ in [0, 1). NaN, infinities and negatives throw.
    public func validated() throws(PrivacyError) -> PrivacyLoss {
        func check(_ name: String, _ value: Double) throws(PrivacyError) {
            guard value.isFinite, value >= 0 else { throw .invalid("\(name) \(value) must be finite and non-negative") }
        }
        switch self {
        case let .pure(epsilon): try check("epsilon", epsilon)
        case let .zCDP(rho): try check("rho", rho)
        case let .approximate(epsilon, delta):
            try check("epsilon", epsilon)
            try check("delta", delta)
            guard delta < 1 else { throw .invalid("delta \(delta) must be below 1") }
        }
        return self
    }

    /// "ε=…", "ρ=…" or "(ε=…, δ=…)".
    public var description: String {
        switch self {
        case let .pure(epsilon): "ε=\(epsilon)"
        case let .zCDP(rho): "ρ=\(rho)"
        case let .approximate(epsilon, delta): "(ε=\(epsilon), δ=\(delta))"
        }
    }
}

/// A publication target or guarantee: (ε, δ)-DP.
public struct PrivacyBudget: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The ε, finite and non-negative.
    public let epsilon: Double
    /// The δ, in [0, 1).
    public let delta: Double

    /// Creates a budget; rejects NaN, infinite or negative ε and δ outside [0, 1).
    public init(epsilon: Double, delta: Double) throws(PrivacyError) {
        guard epsilon.isFinite, epsilon >= 0 else { throw .invalid("budget epsilon \(epsilon) must be finite and non-negative") }
        guard delta.isFinite, delta >= 0, delta < 1 else { throw .invalid("budget delta \(delta) must be in [0, 1)") }
        self.epsilon = epsilon
        self.delta = delta
    }

    /// "(ε=…, δ=…)".
    public var description: String { "(ε=\(epsilon), δ=\(delta))" }
}
