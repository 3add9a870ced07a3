import Foundation

/// DP partition selection by a noisy threshold (Korolova et al. 2009; Google's DP library): a key is kept when
/// its discrete-Laplace noisy unit count reaches τ. With the sampler's exact scale s, p = exp(−1/s), a key that
/// exists because of a single unit is kept with probability P(1 + Z ≥ τ) = p^(τ−1)/(1+p); a unit creates at most
/// L0 keys, so δ = L0 · p^(τ−1)/(1+p) and τ is the smallest integer meeting the declared δ.
///
/// p comes from the scale the sampler actually uses, never from ε: the scale is rounded up to a dyadic rational
/// (and grows with L∞), so exp(−ε/L0) was smaller than the true p and τ could come out one too small, with a δ
/// above the one declared.
public enum PartitionSelection {
    /// The smallest threshold τ ≥ 1 that keeps selection within `delta` for discrete-Laplace noise of exactly
    /// `scale`, for units touching at most `maxPartitions` keys.
    public static func threshold(scale: PositiveRational, delta: Double, maxPartitions: Int) throws(PrivacyError) -> Int64 {
        guard delta.isFinite, delta > 0, delta < 1 else { throw .invalid("delta \(delta) must be in (0, 1)") }
        guard maxPartitions >= 1 else { throw .invalid("L0 must be at least 1") }
        let p = tailRatio(scale)
        // Solve L0·p^(τ−1)/(1+p) ≤ δ, then walk up to absorb rounding.
        var tau = max(1, Int64((log(delta * (1 + p) / Double(maxPartitions)) / log(p)).rounded(.down)))
        while realisedDelta(threshold: tau, p: p, maxPartitions: maxPartitions) > delta { tau += 1 }
        return tau
    }

    /// The threshold for ε-DP noise on unit counts (sensitivity L0), with the scale `DiscreteLaplace` would use.
    public static func threshold(epsilon: Double, delta: Double, maxPartitions: Int) throws(PrivacyError) -> Int64 {
        guard maxPartitions >= 1 else { throw .invalid("L0 must be at least 1") }
        let noise = try DiscreteLaplace(epsilon: epsilon, sensitivity: Int64(maxPartitions))
        return try threshold(scale: noise.scale, delta: delta, maxPartitions: maxPartitions)
    }

    /// p = exp(−1/s) rounded up (a larger p means a heavier tail, hence a larger, safer τ): 1/s is rounded down
    /// before the exponential, and the exponential's own error (under an ulp) is covered by a relative 10^-12.
    static func tailRatio(_ scale: PositiveRational) -> Double {
        let inverse = (Double(scale.denominator) / Double(scale.numerator)).nextDown
        return (exp(-inverse).nextUp * (1 + 1e-12)).nextUp
    }

    /// L0 · p^(τ−1)/(1+p): the δ a threshold τ gives.
    static func realisedDelta(threshold tau: Int64, p: Double, maxPartitions: Int) -> Double {
        Double(maxPartitions) * pow(p, Double(tau - 1)) / (1 + p)
    }
}
