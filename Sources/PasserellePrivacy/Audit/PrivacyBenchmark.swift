/// Throughput figures for operators: samples per second per mechanism and the time to release a large grid.
/// Meaningful on a release build only (`swift build -c release`).
public enum PrivacyBenchmark {
    /// Largest sample count or grid size accepted (10^8).
    public static let maximumSize = 100_000_000

    /// Runs the measurements and returns one printable line per figure.
    public static func run(samples: Int = 1_000_000, cells: Int = 1_000_000) throws(PrivacyError) -> [String] {
        guard (1...maximumSize).contains(samples), (1...maximumSize).contains(cells) else {
            throw .invalid("samples and cells must be in 1...\(maximumSize)")
        }
        var rng = BufferedSystemRandom()
        var lines = [String]()
        for (name, mechanism) in try samplers() {
            var checksum: Int64 = 0
            let elapsed = ContinuousClock().measure {
                for _ in 0..<samples { checksum &+= mechanism.sample(using: &rng) }
            }
            let seconds = Self.seconds(elapsed)
            lines.append("\(name): \(Int((Double(samples) / seconds).rounded())) samples/s (\(samples) samples in \(format(seconds)) s, checksum \(checksum))")
        }
        let keys = (0..<cells).map { "cell-\($0)" }
        let space = try KeySpace(name: "benchmark grid", keys: keys)
        let records = (0..<cells).map { UnitContribution(unit: "u\($0)", key: keys[$0]) }
        let bounds = try ContributionBounds(maxPartitionsPerUnit: 1, maxValuePerPartition: 1)
        for mechanism in [NoiseMechanism.laplace(epsilon: 1), .gaussian(rho: 0.015)] {
            let spec = ReleaseSpec(unit: .deviceDay, bounds: bounds, mechanism: mechanism, partitions: .publicKeys(space))
            let clock = ContinuousClock(), start = clock.now
            let released = try DPRelease.release(records, statistic: .unitCount, spec: spec, using: &rng).cells.count
            let elapsed = clock.now - start
            lines.append("release of a \(released)-cell grid (\(cells) records, bounding + \(mechanism) + metadata): \(format(Self.seconds(elapsed))) s")
        }
        return lines
    }

    private static func samplers() throws(PrivacyError) -> [(String, Sampler)] {
        [
            ("discrete Laplace scale 1 (ε=1)", .laplace(DiscreteLaplace(scale: try PositiveRational(1, 1)))),
            ("discrete Laplace scale 100", .laplace(DiscreteLaplace(scale: try PositiveRational(100, 1)))),
            ("discrete Gaussian σ=1", .gaussian(DiscreteGaussian(sigma: try PositiveRational(1, 1)))),
            ("discrete Gaussian σ=18.26 (ρ=0.015, L0=10)", .gaussian(try DiscreteGaussian(rho: 0.015, l2SensitivitySquared: 10))),
            ("discrete Gaussian σ=1000", .gaussian(DiscreteGaussian(sigma: try PositiveRational(1_000, 1)))),
        ]
    }

    private enum Sampler {
        case laplace(DiscreteLaplace)
        case gaussian(DiscreteGaussian)

        func sample<G: RandomNumberGenerator>(using rng: inout G) -> Int64 {
            switch self {
            case let .laplace(m): m.sample(using: &rng)
            case let .gaussian(m): m.sample(using: &rng)
            }
        }
    }

    private static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    }

    private static func format(_ x: Double) -> String {
        let rounded = (x * 1000).rounded() / 1000
        return "\(rounded)"
    }
}
