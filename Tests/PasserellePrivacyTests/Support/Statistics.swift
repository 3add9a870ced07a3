import Foundation

/// Goodness-of-fit statistics computed in Swift (checked against SciPy's values in `StatisticsTests`).
enum Statistics {
    /// Regularised upper incomplete gamma Q(a, x) (series below a+1, Lentz continued fraction above).
    static func upperGamma(_ a: Double, _ x: Double) -> Double {
        if x <= 0 { return 1 }
        let logPrefix = -x + a * log(x) - lgamma(a)
        if x < a + 1 {
            var sum = 1 / a, term = 1 / a, n = a
            for _ in 0..<100_000 {
                n += 1
                term *= x / n
                sum += term
                if abs(term) < abs(sum) * 1e-16 { break }
            }
            return max(0, 1 - sum * exp(logPrefix))
        }
        let tiny = 1e-300
        var b = x + 1 - a, c = 1 / tiny, d = 1 / b, h = d
        for i in 1..<100_000 {
            let an = -Double(i) * (Double(i) - a)
            b += 2
            d = an * d + b
            if abs(d) < tiny { d = tiny }
            c = b + an / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-16 { break }
        }
        return exp(logPrefix) * h
    }

    /// P(χ²_df ≥ statistic).
    static func chiSquarePValue(_ statistic: Double, degreesOfFreedom df: Int) -> Double {
        upperGamma(Double(df) / 2, statistic / 2)
    }

    /// Kolmogorov survival function P(K > x) = 2 Σ (−1)^(k−1) exp(−2k²x²) (asymptotic, conservative for discrete laws).
    static func kolmogorovPValue(_ x: Double) -> Double {
        if x < 0.2 { return 1 }
        var sum = 0.0
        for k in 1...200 {
            let term = exp(-2 * Double(k * k) * x * x)
            sum += (k % 2 == 1 ? term : -term)
            if term < 1e-18 { break }
        }
        return min(1, max(0, 2 * sum))
    }

    /// Outcome of all the goodness-of-fit checks on integer samples against a probability function.
    struct FitReport: CustomStringConvertible {
        var chiSquare: Double, degreesOfFreedom: Int, chiSquareP: Double
        var ksDistance: Double, ksP: Double
        var meanZ: Double, varianceZ: Double

        var description: String {
            "χ²=\(chiSquare) df=\(degreesOfFreedom) p=\(chiSquareP); KS D=\(ksDistance) p=\(ksP); "
                + "mean z=\(meanZ); variance z=\(varianceZ)"
        }

        /// Passes at p = 1e-6 and 6σ.
        var passes: Bool { chiSquareP > 1e-6 && ksP > 1e-6 && abs(meanZ) < 6 && abs(varianceZ) < 6 }
    }

    /// Chi-square over bins of expected count ≥ 5 (tails merged), discrete KS, and z-tests of mean (0) and variance.
    static func fit(samples: [Int64], probability: (Int64) -> Double, support: ClosedRange<Int64>) -> FitReport {
        let n = Double(samples.count)
        var counts = [Int64: Int]()
        for z in samples { counts[z, default: 0] += 1 }
        // Moments of the exact law.
        var variance = 0.0, fourth = 0.0
        for z in support {
            let p = probability(z), zz = Double(z) * Double(z)
            variance += p * zz
            fourth += p * zz * zz
        }
        // Chi-square: walk the support, close a bin once its expectation reaches 5; the two tails beyond hold the rest.
        var chi = 0.0, bins = 0, expected = 0.0, observed = 0
        var cumulative = 0.0, empirical = 0, ks = 0.0
        for z in support {
            let p = probability(z)
            expected += p * n
            observed += counts[z] ?? 0
            cumulative += p
            empirical += counts[z] ?? 0
            ks = max(ks, abs(Double(empirical) / n - cumulative))
            if expected >= 5 {
                chi += (Double(observed) - expected) * (Double(observed) - expected) / expected
                bins += 1
                expected = 0
                observed = 0
            }
        }
        let outside = samples.count - counts.filter { support.contains($0.key) }.values.reduce(0, +)
        let tailExpected = expected + max(0, 1 - cumulative) * n
        let tailObserved = observed + outside
        if tailExpected > 0 {
            chi += (Double(tailObserved) - tailExpected) * (Double(tailObserved) - tailExpected) / tailExpected
            bins += 1
        } else if tailObserved > 0 {
            chi = .infinity
        }
        let mean = samples.reduce(0.0) { $0 + Double($1) } / n
        let secondMoment = samples.reduce(0.0) { $0 + Double($1) * Double($1) } / n
        return FitReport(
            chiSquare: chi, degreesOfFreedom: bins - 1, chiSquareP: chiSquarePValue(chi, degreesOfFreedom: bins - 1),
            ksDistance: ks, ksP: kolmogorovPValue(ks * n.squareRoot()),
            meanZ: mean / (variance / n).squareRoot(),
            varianceZ: (secondMoment - variance) / ((fourth - variance * variance) / n).squareRoot()
        )
    }
}
