import Foundation

/// ρ-zCDP ⇒ (ε, δ)-DP by the tight bound of Canonne–Kamath–Steinke (2020, Corollary 13), as OpenDP computes it:
///
///   ε(α) = αρ + [ (α−1)·ln(1 − 1/α) − ln α + ln(1/δ) ] / (α − 1),   minimised over α > 1.
///
/// Every α gives a valid ε, so the minimiser only needs to be good, not exact; the optimum is where the derivative
/// changes sign, i.e. where ρ = −ln(αδ)/(α−1)², found by bisection from [1.01, 2] doubling the upper end (the same
/// search as OpenDP's `cdp_epsilon`, so the same α). The value at that α is computed in double precision and then
/// raised by a relative 2^-40 (≈ 9·10^-13): far above the formula's rounding error (~10^-15 relative) and far
/// below the 10^-9 agreement tolerance with OpenDP, so the published ε never undershoots.
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
        let numerator = (a - 1) * log((a - 1) / a) - log(a) + log(1 / delta)
        let epsilon = a * rho + numerator / (a - 1)
        return (epsilon + abs(epsilon) * 0x1p-40).nextUp
    }
}
