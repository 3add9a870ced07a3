import Foundation

/// ρ-zCDP ⇒ (ε, δ)-DP by the tight bound of Canonne–Kamath–Steinke (2020, Corollary 13), as OpenDP computes it:
///
///   ε(α) = αρ + [ (α−1)·ln(1 − 1/α) − ln α + ln(1/δ) ] / (α − 1),   minimised over α > 1.
///
/// Every α gives a valid ε, so the minimiser only needs to be good, not exact; the optimum is where the derivative
/// changes sign, i.e. where ρ = −ln(αδ)/(α−1)², found by bisection from [1.01, 2] doubling the upper end (the same
/// search as OpenDP's `cdp_epsilon`, so the same α). The value at that α is computed in double precision, with
/// `ln(1 − 1/α)` as `log1p(−1/α)`: written as `ln((α−1)/α)` it lost up to 2.6·10^-11 relative for ρ near 10^-13
/// (α ≈ 10^6), more than the margin, and fell below OpenDP's figure. It is then raised by a relative 2^-40
/// (≈ 9·10^-13) plus 2^-50 of the magnitude of its terms (the rounding of a cancelling sum is relative to its terms,
/// not to its result): far above the formula's rounding error and far below the 10^-9 agreement tolerance with
/// OpenDP, so the published ε never undershoots. A bound below zero means ε = 0 suffices (small ρ, large δ):
/// the result is floored at 0, as OpenDP does, instead of a negative ε that would understate a composed total.
public enum ZCDPConversion {
    /// The ε that ρ-zCDP guarantees at δ. ρ = 0 gives 0; ρ must be finite and ≥ 0, δ in (0, 1).
    public static func epsilon(rho: Double, delta: Double) throws(PrivacyError) -> Double {
        guard rho.isFinite, rho >= 0 else { throw .invalid("rho \(rho) must be finite and non-negative") }
        guard delta.isFinite, delta > 0, delta < 1 else { throw .invalid("delta \(delta) must be in (0, 1)") }
        if rho == 0 { return 0 }
        func derivativePositive(_ a: Double) -> Bool { rho > -log(a * delta) / ((a - 1) * (a - 1)) }
        var low = 1.01, high = 2.0
        while !derivativePositive(high) { high *= 2 }
        while true {
            let mid = low + (high - low) / 2
            if mid == low || mid == high { break }
            if derivativePositive(mid) { high = mid } else { low = mid }
        }
        let a = high
        let terms = [(a - 1) * log1p(-1 / a), -log(a), log(1 / delta)]
        let epsilon = a * rho + (terms[0] + terms[1] + terms[2]) / (a - 1)
        let magnitude = a * rho + terms.map(abs).reduce(0, +) / (a - 1)
        let raised = (epsilon + abs(epsilon) * 0x1p-40 + magnitude * 0x1p-50).nextUp
        return max(0, raised)
    }
}
