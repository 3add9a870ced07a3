import Foundation
import Testing
@testable import PasserellePrivacy

/// The support test and the black-box ε audit, with their negative controls.
@Suite struct AuditTests {
    static let supportSamples = 1_000_000

    @Test func exactLaplacePassesTheSupportTest() throws {
        let mechanism = try DiscreteLaplace(epsilon: 1, sensitivity: 1)
        var rng = SeededGenerator(seed: 2024)
        let report = SupportAudit.run(samplesPerInput: Self.supportSamples, release: { $0 + mechanism.sample(using: &rng) },
                                      isPossible: SupportAudit.integerMechanismCanRelease)
        print("discrete Laplace ε=1: \(report)")
        #expect(report.passed, "\(report)")
    }

    @Test func exactGaussianPassesTheSupportTest() throws {
        let mechanism = try DiscreteGaussian(rho: 0.5, l2SensitivitySquared: 1)
        var rng = SeededGenerator(seed: 2025)
        let report = SupportAudit.run(samplesPerInput: Self.supportSamples, release: { $0 + mechanism.sample(using: &rng) },
                                      isPossible: SupportAudit.integerMechanismCanRelease)
        print("discrete Gaussian ρ=0.5: \(report)")
        #expect(report.passed, "\(report)")
    }

    @Test func textbookFloatingPointLaplaceFailsTheSupportTest() {
        let mechanism = TextbookLaplace(scale: 1)
        var rng = SeededGenerator(seed: 2026)
        let samples = 100_000
        let report = SupportAudit.run(samplesPerInput: samples, release: { mechanism.release(Double($0), using: &rng) },
                                      isPossible: { mechanism.canRelease($0, from: Double($1)) })
        print("textbook float Laplace (negative control): \(report)")
        #expect(!report.passed)
        #expect(report.impossibleFromSecond > samples / 10, "a large share of outputs betrays the input")
        // The possibility check is not trivially false: the input's own outputs are all possible for it.
        var again = SeededGenerator(seed: 1)
        for _ in 0..<1_000 {
            let y = mechanism.release(0, using: &again)
            #expect(mechanism.canRelease(y, from: 0))
        }
    }

    @Test func blackBoxAuditPassesTheRealLaplaceAndCatchesAThirdOfTheNoise() throws {
        let real = try DiscreteLaplace(epsilon: 1, sensitivity: 1)
        let weak = DiscreteLaplace(scale: try PositiveRational(1, 3))
        var rng = SeededGenerator(seed: 77)
        let pass = BlackBoxAudit.run(trials: 200_000, declaredEpsilon: 1, using: &rng) { $0 + real.sample(using: &$1) }
        let caught = BlackBoxAudit.run(trials: 200_000, declaredEpsilon: 1, using: &rng) { $0 + weak.sample(using: &$1) }
        print("Laplace: \(pass)\nLaplace with a third of the noise: \(caught)")
        #expect(pass.passed)
        #expect(pass.epsilonLowerBound > 0.8, "the audit has power: tail events reach close to ε = 1")
        #expect(!caught.passed)
    }

    @Test func blackBoxAuditPassesTheRealGaussianAndCatchesAThirdOfTheNoise() throws {
        let rho = 0.125
        let real = try DiscreteGaussian(rho: rho, l2SensitivitySquared: 1)
        let weak = DiscreteGaussian(sigma: try PositiveRational(real.sigma.numerator, real.sigma.denominator * 3))
        let delta = 1e-7
        let epsilon = try ZCDPConversion.epsilon(rho: rho, delta: delta)
        var rng = SeededGenerator(seed: 78)
        let pass = BlackBoxAudit.run(trials: 200_000, declaredEpsilon: epsilon, delta: delta, using: &rng) { $0 + real.sample(using: &$1) }
        let caught = BlackBoxAudit.run(trials: 200_000, declaredEpsilon: epsilon, delta: delta, using: &rng) { $0 + weak.sample(using: &$1) }
        print("Gaussian: \(pass)\nGaussian with a third of the noise: \(caught)")
        #expect(pass.passed)
        #expect(!caught.passed)
    }

    @Test func chernoffBoundsBracketTheProportion() {
        let upper = ChernoffBound.upper(successes: 100, trials: 10_000, alpha: 1e-6)
        let lower = ChernoffBound.lower(successes: 100, trials: 10_000, alpha: 1e-6)
        #expect(lower < 0.01 && 0.01 < upper)
        #expect(upper < 0.02 && lower > 0.004)
        #expect(ChernoffBound.lower(successes: 0, trials: 10, alpha: 0.01) == 0)
    }

    @Test func operatorAuditSuitePassesOnTheKernelCSPRNG() throws {
        let result = try AuditSuite.run(supportSamples: 20_000, trials: 50_000)
        #expect(result.passed, "\(result.lines)")
        #expect(result.lines.count == 5 && result.lines.last == "verdict: PASS")
    }

    @Test func benchmarkReportsEveryFigureAndRefusesBadSizes() throws {
        let lines = try PrivacyBenchmark.run(samples: 1_000, cells: 1_000)
        #expect(lines.count == 7, "five samplers and two grid releases: \(lines)")
        #expect(lines.filter { $0.contains("samples/s") }.count == 5)
        #expect(lines.filter { $0.hasPrefix("release of a 1000-cell grid") }.count == 2)
        #expect(throws: PrivacyError.self) { try PrivacyBenchmark.run(samples: 0) }
    }
}
