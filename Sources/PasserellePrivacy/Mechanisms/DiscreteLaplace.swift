import Foundation

/// The discrete Laplace distribution on the integers: P(z) ∝ exp(−|z| / scale). Gives pure ε-DP with
/// scale = Δ₁ / ε for an integer query of L1 sensitivity Δ₁.
///
/// Sampled exactly by Canonne–Kamath–Steinke (2020) Algorithm 2 with the scale as the rational t/s:
/// no floating-point uniform and no logarithm is ever used.
public struct DiscreteLaplace: Sendable, Hashable, Codable {
    /// The exact scale t/s.
    public let scale: PositiveRational

    /// A discrete Laplace of the given exact scale.
    public init(scale: PositiveRational) { self.scale = scale }

    /// The mechanism for ε-DP at L1 sensitivity `sensitivity`; the scale is rounded up (never less noise).
    public init(epsilon: Double, sensitivity: Int64) throws(PrivacyError) {
        guard epsilon.isFinite, epsilon > 0 else { throw .invalid("epsilon \(epsilon) must be finite and positive") }
        guard sensitivity > 0 else { throw .invalid("sensitivity \(sensitivity) must be positive") }
        // Δ/ε rounded toward +∞: at least the exact quotient.
        let scale = RoundUp.divide(Double(sensitivity), epsilon)
        self.init(scale: try PositiveRational(roundingUp: scale))
    }

    /// The ε this mechanism guarantees at L1 sensitivity `sensitivity`, rounded up: Δ / scale.
    public func epsilon(sensitivity: Int64) -> Double {
        (Double(sensitivity) * Double(scale.denominator) / Double(scale.numerator)).nextUp
    }

    /// One sample of the noise.
    public func sample<G: RandomNumberGenerator>(using rng: inout G) -> Int64 {
        let t = UInt128(scale.numerator), s = UInt128(scale.denominator)
        while true {
            let u = UniformInteger.below(t, using: &rng)
            guard ExactBernoulli.expMinusFraction(u, t, using: &rng) else { continue }
            var v: UInt128 = 0
            while ExactBernoulli.expMinusOne(using: &rng) { v += 1 }
            // X = U + t·V is geometric with parameter exp(−1/t); Y = ⌊X/s⌋ is geometric with exp(−s/t).
            let y = (u + t * v) / s
            let negative = UniformInteger.bit(using: &rng)
            if negative && y == 0 { continue }
            // Beyond Int64 needs |y| ≥ 2^63 (probability below exp(−2^33) at the largest scale): draw again.
            guard y <= UInt128(Int64.max) else { continue }
            return negative ? -Int64(y) : Int64(y)
        }
    }

    /// One sample using the system CSPRNG.
    public func sample() -> Int64 {
        var rng = SystemRandomNumberGenerator()
        return sample(using: &rng)
    }

    /// exp(−1/scale), the ratio between neighbouring probabilities.
    public var decay: Double { exp(-scale.doubleValue.reciprocal) }

    /// P(Z = z), analytically (for tests and error bounds).
    public func probability(_ z: Int64) -> Double {
        let p = decay
        return (1 - p) / (1 + p) * pow(p, Double(z.magnitude))
    }

    /// The variance 2p/(1−p)².
    public var variance: Double {
        let p = decay
        return 2 * p / ((1 - p) * (1 - p))
    }

    /// The smallest k with P(|Z| > k) ≤ alpha: the two-sided error bound at level 1 − alpha.
    public func errorBound(alpha: Double = 0.05) -> Int64 {
        // P(|Z| > k) = 2 p^(k+1) / (1 + p); solved for k, then checked upward to absorb rounding.
        let p = decay
        var k = max(0, Int64((log(alpha * (1 + p) / 2) / log(p)).rounded(.up)) - 2)
        while 2 * pow(p, Double(k + 1)) / (1 + p) > alpha { k += 1 }
        return k
    }
}

extension Double {
    /// 1 / self.
    var reciprocal: Double { 1 / self }
}
