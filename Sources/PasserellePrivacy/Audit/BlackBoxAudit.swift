import Foundation

/// A black-box ε audit in the style of DP-Auditorium's histogram tester and Gilbert–McMillan's property testing:
/// run the mechanism many times on two neighbouring inputs, and for every tail event S = {y ≥ t}, {y ≤ t} and
/// single value {y = t} bound P₀(S) from below and P₁(S) from above with Chernoff (KL) confidence bounds.
/// Then ε_lb = max_S ln((P₀⁻(S) − δ) / P₁⁺(S)) over both directions is a lower bound on the mechanism's ε with
/// confidence 1 − α (union bound over all events). A correct mechanism gives ε_lb ≤ declared ε; an under-noised
/// one is caught when ε_lb exceeds it.
public enum BlackBoxAudit {
    /// The audit's outcome.
    public struct Report: Sendable, Hashable, Codable, CustomStringConvertible {
        /// ε the mechanism claims.
        public let declaredEpsilon: Double
        /// δ used in the test (0 for pure DP).
        public let delta: Double
        /// Runs per input.
        public let trials: Int
        /// The lower bound on ε with confidence 1 − alpha.
        public let epsilonLowerBound: Double
        /// The confidence parameter.
        public let alpha: Double
        /// The event that gave the bound.
        public let witness: String

        /// True when the data do not contradict the declared ε.
        public var passed: Bool { epsilonLowerBound <= declaredEpsilon }

        /// A one-line verdict.
        public var description: String {
            "black-box audit: \(passed ? "PASS" : "FAIL") — ε lower bound \(String(format: "%.4f", epsilonLowerBound)) "
                + "vs declared \(declaredEpsilon) (δ=\(delta), \(trials) runs per input, confidence \(1 - alpha), witness \(witness))"
        }
    }

    /// Audits `mechanism(input, rng)` on inputs 0 and 1.
    public static func run<G: RandomNumberGenerator>(
        trials: Int, declaredEpsilon: Double, delta: Double = 0, alpha: Double = 1e-6,
        using rng: inout G, mechanism: (Int64, inout G) -> Int64
    ) -> Report {
        var counts0 = [Int64: Int](), counts1 = [Int64: Int]()
        for _ in 0..<trials {
            counts0[mechanism(0, &rng), default: 0] += 1
            counts1[mechanism(1, &rng), default: 0] += 1
        }
        let values = Set(counts0.keys).union(counts1.keys).sorted()
        // Events: for every observed value t, {y = t}, {y ≥ t}, {y ≤ t}; two directions; two bounds per event.
        let perBound = alpha / Double(max(1, 12 * values.count))
        var best = -Double.infinity, witness = "none"
        func consider(_ k0: Int, _ k1: Int, _ name: String) {
            for (a, b, direction) in [(k0, k1, "P₀/P₁"), (k1, k0, "P₁/P₀")] {
                let lower = ChernoffBound.lower(successes: a, trials: trials, alpha: perBound) - delta
                let upper = ChernoffBound.upper(successes: b, trials: trials, alpha: perBound)
                guard lower > 0, upper > 0 else { continue }
                let e = log(lower / upper)
                if e > best { (best, witness) = (e, "\(direction) on \(name)") }
            }
        }
        var below0 = 0, below1 = 0
        for t in values {
            let c0 = counts0[t] ?? 0, c1 = counts1[t] ?? 0
            consider(c0, c1, "{y = \(t)}")
            below0 += c0
            below1 += c1
            consider(below0, below1, "{y ≤ \(t)}")
            consider(trials - below0 + c0, trials - below1 + c1, "{y ≥ \(t)}")
        }
        return Report(declaredEpsilon: declaredEpsilon, delta: delta, trials: trials,
                      epsilonLowerBound: max(0, best), alpha: alpha, witness: witness)
    }
}

/// Chernoff–Hoeffding (relative-entropy) confidence bounds for a binomial proportion.
enum ChernoffBound {
    /// KL divergence between Bernoulli(q) and Bernoulli(p).
    static func kl(_ q: Double, _ p: Double) -> Double {
        func term(_ a: Double, _ b: Double) -> Double { a == 0 ? 0 : a * log(a / b) }
        return term(q, p) + term(1 - q, 1 - p)
    }

    /// The largest p with n·KL(k/n ‖ p) ≤ ln(1/α): P(true p above it) ≤ α.
    static func upper(successes k: Int, trials n: Int, alpha: Double) -> Double {
        let q = Double(k) / Double(n), target = log(1 / alpha) / Double(n)
        if q >= 1 { return 1 }
        var low = q, high = 1.0
        for _ in 0..<100 {
            let mid = (low + high) / 2
            if kl(q, mid) > target { high = mid } else { low = mid }
        }
        return high
    }

    /// The smallest p with n·KL(k/n ‖ p) ≤ ln(1/α): P(true p below it) ≤ α.
    static func lower(successes k: Int, trials n: Int, alpha: Double) -> Double {
        let q = Double(k) / Double(n), target = log(1 / alpha) / Double(n)
        if q <= 0 { return 0 }
        var low = 0.0, high = q
        for _ in 0..<100 {
            let mid = (low + high) / 2
            if kl(q, mid) > target { low = mid } else { high = mid }
        }
        return low
    }
}
