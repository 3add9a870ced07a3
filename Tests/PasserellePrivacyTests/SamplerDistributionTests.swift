import Testing
@testable import PasserellePrivacy

/// Each exact sampler against its exact distribution: χ² and KS at p = 1e-6, mean and variance z-tests at 6σ.
@Suite struct SamplerDistributionTests {
    static let sampleCount = 200_000

    static func laplace(_ n: UInt64, _ d: UInt64) throws -> DiscreteLaplace {
        DiscreteLaplace(scale: try PositiveRational(n, d))
    }

    static func gaussian(_ n: UInt64, _ d: UInt64) throws -> DiscreteGaussian {
        DiscreteGaussian(sigma: try PositiveRational(n, d))
    }

    static func draw<G: RandomNumberGenerator>(_ count: Int, using rng: inout G, _ sample: (inout G) -> Int64) -> [Int64] {
        (0..<count).map { _ in sample(&rng) }
    }

    static func laplaceFit(_ mechanism: DiscreteLaplace, _ samples: [Int64]) -> Statistics.FitReport {
        let width = Int64((mechanism.scale.doubleValue * 60).rounded(.up)) + 5
        return Statistics.fit(samples: samples, probability: mechanism.probability, support: -width...width)
    }

    static func gaussianFit(_ mechanism: DiscreteGaussian, _ samples: [Int64]) -> Statistics.FitReport {
        let table = mechanism.probabilityTable()
        let probability = { (z: Int64) -> Double in
            let i = Int(z + table.offset)
            return table.probabilities.indices.contains(i) ? table.probabilities[i] : 0
        }
        return Statistics.fit(samples: samples, probability: probability, support: -table.offset...table.offset)
    }

    @Test("discrete Laplace fits its law (seeded)", arguments: [(1, 1), (7, 2), (1, 3), (100, 1), (1_000_001, 1_000)])
    func laplaceSeeded(numerator: UInt64, denominator: UInt64) throws {
        let mechanism = try Self.laplace(numerator, denominator)
        var rng = SeededGenerator(seed: numerator &* 31 &+ denominator)
        let samples = Self.draw(Self.sampleCount, using: &rng) { mechanism.sample(using: &$0) }
        let report = Self.laplaceFit(mechanism, samples)
        #expect(report.passes, "Laplace \(mechanism.scale): \(report)")
    }

    @Test("discrete Gaussian fits its law (seeded)", arguments: [(1, 1), (5, 2), (1, 2), (30, 1), (123_457, 1_000)])
    func gaussianSeeded(numerator: UInt64, denominator: UInt64) throws {
        let mechanism = try Self.gaussian(numerator, denominator)
        var rng = SeededGenerator(seed: numerator &* 131 &+ denominator)
        let samples = Self.draw(Self.sampleCount, using: &rng) { mechanism.sample(using: &$0) }
        let report = Self.gaussianFit(mechanism, samples)
        #expect(report.passes, "Gaussian σ=\(mechanism.sigma): \(report)")
    }

    @Test("both samplers fit their laws with the system CSPRNG")
    func systemGenerator() throws {
        var rng = SystemRandomNumberGenerator()
        let laplace = try Self.laplace(5, 2)
        let lapReport = Self.laplaceFit(laplace, Self.draw(Self.sampleCount, using: &rng) { laplace.sample(using: &$0) })
        #expect(lapReport.passes, "Laplace CSPRNG: \(lapReport)")
        let gaussian = try Self.gaussian(3, 1)
        let gaussReport = Self.gaussianFit(gaussian, Self.draw(Self.sampleCount, using: &rng) { gaussian.sample(using: &$0) })
        #expect(gaussReport.passes, "Gaussian CSPRNG: \(gaussReport)")
        var buffered = BufferedSystemRandom()
        let bufferedReport = Self.gaussianFit(gaussian, Self.draw(Self.sampleCount, using: &buffered) { gaussian.sample(using: &$0) })
        #expect(bufferedReport.passes, "Gaussian, buffered kernel CSPRNG: \(bufferedReport)")
    }

    @Test("the tests have power: a Laplace of scale 1.05 is rejected as scale 1")
    func powerAgainstWrongScale() throws {
        let truth = try Self.laplace(21, 20), claimed = try Self.laplace(1, 1)
        var rng = SeededGenerator(seed: 7)
        let samples = Self.draw(Self.sampleCount, using: &rng) { truth.sample(using: &$0) }
        let report = Self.laplaceFit(claimed, samples)
        #expect(!report.passes, "a 5 % scale error must be detected: \(report)")
    }

    @Test("seeded sampling is deterministic")
    func determinism() throws {
        let mechanism = try Self.gaussian(7, 3)
        var a = SeededGenerator(seed: 42), b = SeededGenerator(seed: 42)
        #expect(Self.draw(1_000, using: &a) { mechanism.sample(using: &$0) }
            == Self.draw(1_000, using: &b) { mechanism.sample(using: &$0) })
    }
}
