import Foundation

/// DP partition selection by a noisy threshold (Korolova et al. 2009; Google's DP library): a key is kept when
/// its discrete-Laplace noisy unit count reaches τ. A key that exists because of a single unit is kept with
/// probability P(1 + Z ≥ τ) = p^(τ−1)/(1+p), p = exp(−ε/L0); a unit creates at most L0 keys, so
/// δ = L0 · p^(τ−1)/(1+p) and τ is the smallest integer meeting the declared δ.
public enum PartitionSelection {
    /// The smallest threshold τ ≥ 1 that makes selection (ε, δ)-DP for units touching at most `maxPartitions` keys.
    public static func threshold(epsilon: Double, delta: Double, maxPartitions: Int) throws(PrivacyError) -> Int64 {
        guard epsilon.isFinite, epsilon > 0 else { throw .invalid("epsilon \(epsilon) must be finite and positive") }
        guard delta.isFinite, delta > 0, delta < 1 else { throw .invalid("delta \(delta) must be in (0, 1)") }
        guard maxPartitions >= 1 else { throw .invalid("L0 must be at least 1") }
        // p rounded up (a larger p means a heavier tail, hence a larger, safer τ).
        let p = (exp(-epsilon / Double(maxPartitions)).nextUp * (1 + 1e-12)).nextUp
        // Solve L0·p^(τ−1)/(1+p) ≤ δ, then walk up to absorb rounding.
        var tau = max(1, Int64((log(delta * (1 + p) / Double(maxPartitions)) / log(p)).rounded(.down)))
        while Double(maxPartitions) * pow(p, Double(tau - 1)) / (1 + p) > delta { tau += 1 }
        return tau
    }
}
