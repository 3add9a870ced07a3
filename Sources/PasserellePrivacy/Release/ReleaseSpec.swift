/// The noise a release adds, with its privacy parameter.
public enum NoiseMechanism: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Discrete Laplace, pure ε-DP.
    case laplace(epsilon: Double)
    /// Discrete Gaussian, ρ-zCDP.
    case gaussian(rho: Double)

    /// "discrete Laplace ε=…" or "discrete Gaussian ρ=…".
    public var description: String {
        switch self {
        case let .laplace(epsilon): "discrete Laplace ε=\(epsilon)"
        case let .gaussian(rho): "discrete Gaussian ρ=\(rho)"
        }
    }
}

/// How partitions are chosen: a public key space, or DP selection by a noisy threshold.
public enum PartitionPolicy: Sendable, Hashable, Codable {
    /// Every key of the space is released (even with zero contributions); others are dropped.
    case publicKeys(KeySpace)
    /// Keys come from the data; one is kept only if its noisy unit count clears a threshold set by δ
    /// (discrete Laplace only). The δ is charged to the ledger with the ε.
    case selected(delta: Double)
}

/// Everything a release declares up front: it is published with the figures.
public struct ReleaseSpec: Sendable, Hashable, Codable {
    /// The release method's version, bumped whenever the method changes.
    public static let currentMethodVersion = "passerelle-dp/1"

    /// Whose privacy is protected.
    public let unit: PrivacyUnit
    /// Per-unit limits.
    public let bounds: ContributionBounds
    /// The noise.
    public let mechanism: NoiseMechanism
    /// Public keys or DP selection.
    public let partitions: PartitionPolicy
    /// Noisy values below this are suppressed after noise (an INSEE-style pre-threshold on top of DP), or nil.
    public let minimumNoisyValue: Int64?
    /// The method version stamped on the release.
    public let methodVersion: String

    /// Creates a spec; the privacy parameters are validated when the release is made.
    public init(
        unit: PrivacyUnit, bounds: ContributionBounds, mechanism: NoiseMechanism, partitions: PartitionPolicy,
        minimumNoisyValue: Int64? = nil, methodVersion: String = ReleaseSpec.currentMethodVersion
    ) {
        self.unit = unit
        self.bounds = bounds
        self.mechanism = mechanism
        self.partitions = partitions
        self.minimumNoisyValue = minimumNoisyValue
        self.methodVersion = methodVersion
    }

    /// The ledger charge of this release (checked: NaN, infinite, negative or out-of-range parameters throw).
    public func loss() throws(PrivacyError) -> PrivacyLoss {
        switch (mechanism, partitions) {
        case let (.laplace(epsilon), .publicKeys): return try PrivacyLoss.pure(epsilon: epsilon).validated()
        case let (.gaussian(rho), .publicKeys): return try PrivacyLoss.zCDP(rho: rho).validated()
        case let (.laplace(epsilon), .selected(delta)):
            guard delta > 0 else { throw .invalid("selection delta \(delta) must be positive") }
            return try PrivacyLoss.approximate(epsilon: epsilon, delta: delta).validated()
        case (.gaussian, .selected):
            throw .invalid("DP partition selection is implemented with discrete Laplace only; use public keys with Gaussian noise")
        }
    }
}
