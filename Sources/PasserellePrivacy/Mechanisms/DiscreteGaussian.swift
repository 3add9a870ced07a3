import Foundation

/// The discrete Gaussian on the integers: P(z) ∝ exp(−z² / 2σ²). Gives ρ-zCDP with σ² = Δ₂² / (2ρ) for an
/// integer query of L2 sensitivity Δ₂.
///
/// Sampled exactly by Canonne–Kamath–Steinke (2020) Algorithm 3: a discrete Laplace proposal of scale ⌊σ⌋+1,
/// accepted with probability exp(−(|Y| − σ²/t)² / 2σ²), decided by integer arithmetic only.
public struct DiscreteGaussian: Sendable, Hashable, Codable {
    /// The exact standard-deviation parameter σ = n/d.
    public let sigma: PositiveRational

    /// A discrete Gaussian with the given exact σ.
    public init(sigma: PositiveRational) { self.sigma = sigma }

    /// The mechanism for ρ-zCDP at L2 sensitivity √`l2SensitivitySquared`; σ is rounded up (never less noise).
    public init(rho: Double, l2SensitivitySquared: UInt128) throws(PrivacyError) {
        guard rho.isFinite, rho > 0 else { throw .invalid("rho \(rho) must be finite and positive") }
        guard l2SensitivitySquared > 0 else { throw .invalid("squared sensitivity must be positive") }
        // σ = √(Δ₂² / 2ρ), each step rounded toward +∞: Δ₂² converted up, 2ρ exact in binary, the quotient and the
        // root directed. (Δ₂² once went through `Double(_:)`, which rounds to nearest, so it could come out smaller.)
        let variance = RoundUp.divide(RoundUp.double(l2SensitivitySquared), 2 * rho)
        self.init(sigma: try PositiveRational(roundingUp: RoundUp.squareRoot(variance)))
    }

    /// The ρ this mechanism guarantees at squared L2 sensitivity Δ₂², rounded up: Δ₂² / (2σ²).
    public func rho(l2SensitivitySquared: UInt128) -> Double {
        let s = sigma.doubleValue
        return (RoundUp.double(l2SensitivitySquared) / (2 * (s * s).nextDown).nextDown).nextUp
    }

    /// One sample of the noise.
    public func sample<G: RandomNumberGenerator>(using rng: inout G) -> Int64 {
        let n = UInt128(sigma.numerator), d = UInt128(sigma.denominator)
        let t = n / d + 1
        // t ≤ 2^30 + 1; the proposal may exceed the public limit by one, which its arithmetic (128-bit) absorbs.
        let proposal = DiscreteLaplace(scale: PositiveRational(trusted: UInt64(t), 1))
        // γ = (|Y| − σ²/t)² / (2σ²) = (|Y|·t·d² − n²)² / (2·n²·t²·d²) with σ = n/d.
        let td2 = t * d * d, n2 = n * n
        let denominator = 2 * n2 * t * t * d * d
        while true {
            let y = proposal.sample(using: &rng)
            let (product, overflow) = UInt128(y.magnitude).multipliedReportingOverflow(by: td2)
            // An overflow means |Y| > 2^66: γ is then astronomically large, so the proposal is rejected.
            if overflow { continue }
            let a = product >= n2 ? product - n2 : n2 - product
            if ExactBernoulli.expMinusSquare(a, over: denominator, using: &rng) { return y }
        }
    }

    /// One sample using the system CSPRNG.
    public func sample() -> Int64 {
        var rng = SystemRandomNumberGenerator()
        return sample(using: &rng)
    }

    /// The normalised probability table over [−bound, bound] with bound = 40σ + 10 (for tests and error bounds).
    public func probabilityTable() -> (offset: Int64, probabilities: [Double]) {
        let s = sigma.doubleValue
        let bound = Int64((40 * s).rounded(.up)) + 10
        var weights = [Double]()
        weights.reserveCapacity(Int(2 * bound + 1))
        for z in -bound...bound { weights.append(exp(-Double(z) * Double(z) / (2 * s * s))) }
        let total = weights.reduce(0, +)
        return (bound, weights.map { $0 / total })
    }

    /// The exact variance (below σ²), from the probability table.
    public var variance: Double {
        let table = probabilityTable()
        var v = 0.0
        for (i, p) in table.probabilities.enumerated() {
            let z = Double(Int64(i) - table.offset)
            v += p * z * z
        }
        return v
    }

    /// The smallest k with P(|Z| > k) ≤ alpha. Summed exactly for σ ≤ 10^5; above that the sub-Gaussian tail
    /// bound P(|Z| ≥ k) ≤ 2·exp(−k²/2σ²) (CKS 2020) gives a guaranteed, slightly wider bound.
    public func errorBound(alpha: Double = 0.05) -> Int64 {
        let s = sigma.doubleValue
        if s > 1e5 { return Int64((s * (2 * log(2 / alpha)).squareRoot()).rounded(.up)) }
        let table = probabilityTable()
        var outside = 1.0 - table.probabilities[Int(table.offset)]
        var k: Int64 = 0
        while outside > alpha {
            k += 1
            outside -= table.probabilities[Int(table.offset + k)] + table.probabilities[Int(table.offset - k)]
        }
        return k
    }
}
