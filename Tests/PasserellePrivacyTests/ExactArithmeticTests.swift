import Foundation
import Testing
@testable import PasserellePrivacy

/// The integer-only building blocks: rationals, uniform integers, Bernoulli(exp(−γ)).
@Suite struct ExactArithmeticTests {
    @Test func rationalsReduceAndRejectBadParts() throws {
        let r = try PositiveRational(6, 4)
        #expect(r.numerator == 3 && r.denominator == 2)
        #expect(throws: PrivacyError.self) { try PositiveRational(0, 1) }
        #expect(throws: PrivacyError.self) { try PositiveRational(1 << 31, 1) }
    }

    @Test(arguments: [0.1, 1.0, 2.5, 1e-9, 3.14159, 123_456.789, 1e9])
    func doubleConversionNeverRoundsDown(x: Double) throws {
        let r = try PositiveRational(roundingUp: x)
        // Exact comparison r ≥ x: n ≥ x·d holds in exact arithmetic because x·d is a dyadic product.
        #expect(Double(r.numerator) >= x * Double(r.denominator), "\(r) < \(x)")
        #expect(r.doubleValue - x <= max(x * 1e-8, Double(1) / Double(1 << 30)), "\(r) too far above \(x)")
    }

    @Test func calibrationRoundsTheScaleUpOnlyWhenInexact() throws {
        #expect(try DiscreteLaplace(epsilon: 1, sensitivity: 1).scale == PositiveRational(1, 1))
        #expect(try DiscreteLaplace(epsilon: 0.5, sensitivity: 3).scale == PositiveRational(6, 1))
        let third = try DiscreteLaplace(epsilon: 3, sensitivity: 1).scale
        #expect(Double(third.numerator) * 3 >= Double(third.denominator), "scale ≥ 1/3")
        #expect(try DiscreteGaussian(rho: 0.125, l2SensitivitySquared: 1).sigma == PositiveRational(2, 1))
        let gaussian = try DiscreteGaussian(rho: 0.015, l2SensitivitySquared: 10).sigma
        #expect(gaussian.doubleValue * gaussian.doubleValue >= 10 / 0.03)
    }

    @Test(arguments: [Double.nan, .infinity, -1, 0, 2e9])
    func doubleConversionRejectsInvalidScales(x: Double) {
        #expect(throws: PrivacyError.self) { try PositiveRational(roundingUp: x) }
    }

    @Test func uniformIntegersAreUniform() {
        var rng = SeededGenerator(seed: 3)
        var counts = [Int](repeating: 0, count: 7)
        let n = 70_000
        for _ in 0..<n { counts[Int(UniformInteger.below(7, using: &rng))] += 1 }
        let chi = counts.reduce(0.0) { $0 + pow(Double($1) - 10_000, 2) / 10_000 }
        #expect(Statistics.chiSquarePValue(chi, degreesOfFreedom: 6) > 1e-6, "χ²=\(chi) counts=\(counts)")
        // A bound above 2^64 exercises the two-word path.
        let big = (UInt128(1) << 100) + 12_345
        for _ in 0..<1_000 { #expect(UniformInteger.below(big, using: &rng) < big) }
    }

    @Test(arguments: [(0, 1), (1, 2), (1, 1), (7, 3), (25, 4)])
    func bernoulliExpMatchesItsProbability(n: Int, d: Int) {
        var rng = SeededGenerator(seed: UInt64(n * 100 + d))
        let trials = 200_000
        var hits = 0
        for _ in 0..<trials where ExactBernoulli.expMinus(UInt128(n), UInt128(d), using: &rng) { hits += 1 }
        let p = exp(-Double(n) / Double(d))
        let z = (Double(hits) - p * Double(trials)) / (p * (1 - p) * Double(trials)).squareRoot()
        if p == 1 { #expect(hits == trials) } else { #expect(abs(z) < 6, "exp(−\(n)/\(d)): hits=\(hits) z=\(z)") }
    }

    @Test func bernoulliExpOfSquareHandlesWideNumbers() {
        var rng = SeededGenerator(seed: 9)
        // a²/d = 9/4 with a and d scaled by 2^60 and 2^120: the 256-bit square path.
        let a = UInt128(3) << 60, d = UInt128(4) << 120
        var hits = 0
        let trials = 100_000
        for _ in 0..<trials where ExactBernoulli.expMinusSquare(a, over: d, using: &rng) { hits += 1 }
        let p = exp(-9.0 / 4)
        let z = (Double(hits) - p * Double(trials)) / (p * (1 - p) * Double(trials)).squareRoot()
        #expect(abs(z) < 6, "exp(−9/4) via full-width square: hits=\(hits) z=\(z)")
        #expect(!ExactBernoulli.expMinusSquare(UInt128.max, over: 1, using: &rng))
    }
}
