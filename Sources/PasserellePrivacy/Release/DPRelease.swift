/// Releases per-partition sums (or unit counts) with bounded contributions and exact discrete noise.
///
/// Use through `PrivacyLedger.release`: charge `spec.loss()` first, compute only when accepted.
public enum DPRelease {
    /// What is released per partition.
    public enum Statistic: String, Sendable, Hashable, Codable {
        /// Σ of bounded values (L∞ from the bounds).
        case sum
        /// Number of distinct units (each counts 1; L∞ taken as 1).
        case unitCount
    }

    /// Bounds `records`, adds noise to every cell of the key policy and applies the post-noise threshold.
    public static func release<G: RandomNumberGenerator>(
        _ records: [UnitContribution], statistic: Statistic, spec: ReleaseSpec, using rng: inout G
    ) throws(PrivacyError) -> ReleasedTable {
        let loss = try spec.loss()
        let bounds = statistic == .unitCount
            ? try ContributionBounds(maxPartitionsPerUnit: spec.bounds.maxPartitionsPerUnit, maxValuePerPartition: 1)
            : spec.bounds
        let bounded = ContributionBounding.bound(records, bounds: bounds, using: &rng)
        let totals = statistic == .unitCount ? bounded.units : bounded.sums
        let noise = try Noise(spec.mechanism, bounds: bounds)
        var cells = [ReleasedCell]()
        var threshold: Int64?
        switch spec.partitions {
        case let .publicKeys(space):
            cells.reserveCapacity(space.keys.count)
            for key in space.keys {
                cells.append(cell(key, noisy: (totals[key] ?? 0) + noise.sample(using: &rng), spec: spec, bound: noise.bound95))
            }
        case let .selected(delta):
            guard case .laplace = spec.mechanism else { throw .invalid("selection needs discrete Laplace") }
            // The threshold follows the noise actually drawn, whose exact scale may exceed L0/ε.
            let tau = try PartitionSelection.threshold(scale: noise.scale, delta: delta, maxPartitions: bounds.maxPartitionsPerUnit)
            threshold = tau
            // Selection on the noisy unit count; the released value is that same noisy figure for counts,
            // so selection and release are one Laplace mechanism. Sums with private keys are refused.
            guard statistic == .unitCount else { throw .invalid("sums need a public key space (selection releases unit counts)") }
            for key in bounded.units.keys.sorted() {
                let noisy = (bounded.units[key] ?? 0) + noise.sample(using: &rng)
                guard noisy >= tau else { continue }
                cells.append(cell(key, noisy: noisy, spec: spec, bound: noise.bound95))
            }
        }
        return ReleasedTable(
            methodVersion: spec.methodVersion,
            parameters: ReleaseParameters(spec: spec, noiseScale: noise.scale, selectionThreshold: threshold, loss: loss),
            cells: cells, utility: nil
        )
    }

    /// Releases totals that were already bounded (e.g. one day at a time, when every unit lives within a day), over
    /// a public key space only: noise on every key, the post-noise threshold. `totals` holds the bounded sums (or unit
    /// counts) per partition; keys outside the space are dropped, as in `release`.
    public static func release<G: RandomNumberGenerator>(
        boundedTotals totals: [String: Int64], statistic: Statistic, spec: ReleaseSpec, using rng: inout G
    ) throws(PrivacyError) -> ReleasedTable {
        let loss = try spec.loss()
        guard case let .publicKeys(space) = spec.partitions else {
            throw .invalid("pre-bounded totals need a public key space (selection reads the units)")
        }
        let bounds = statistic == .unitCount
            ? try ContributionBounds(maxPartitionsPerUnit: spec.bounds.maxPartitionsPerUnit, maxValuePerPartition: 1)
            : spec.bounds
        let noise = try Noise(spec.mechanism, bounds: bounds)
        let cells = space.keys.map { key in cell(key, noisy: (totals[key] ?? 0) + noise.sample(using: &rng), spec: spec, bound: noise.bound95) }
        return ReleasedTable(
            methodVersion: spec.methodVersion,
            parameters: ReleaseParameters(spec: spec, noiseScale: noise.scale, selectionThreshold: nil, loss: loss),
            cells: cells, utility: nil
        )
    }

    /// Same, with the system CSPRNG (buffered).
    public static func release(_ records: [UnitContribution], statistic: Statistic, spec: ReleaseSpec) throws(PrivacyError) -> ReleasedTable {
        var rng = BufferedSystemRandom()
        return try release(records, statistic: statistic, spec: spec, using: &rng)
    }

    private static func cell(_ key: String, noisy: Int64, spec: ReleaseSpec, bound: Int64) -> ReleasedCell {
        if let minimum = spec.minimumNoisyValue, noisy < minimum {
            return ReleasedCell(key: key, value: nil, status: .suppressed(.belowSelectionThreshold(threshold: minimum)), errorBound95: bound)
        }
        return ReleasedCell(key: key, value: noisy, status: .published, errorBound95: bound)
    }

    /// The calibrated noise of a spec.
    struct Noise {
        private enum Sampler {
            case laplace(DiscreteLaplace)
            case gaussian(DiscreteGaussian)
        }

        let scale: PositiveRational
        let bound95: Int64
        private let sampler: Sampler

        init(_ mechanism: NoiseMechanism, bounds: ContributionBounds) throws(PrivacyError) {
            switch mechanism {
            case let .laplace(epsilon):
                let m = try DiscreteLaplace(epsilon: epsilon, sensitivity: bounds.l1Sensitivity)
                (sampler, scale, bound95) = (.laplace(m), m.scale, m.errorBound())
            case let .gaussian(rho):
                let m = try DiscreteGaussian(rho: rho, l2SensitivitySquared: bounds.l2SensitivitySquared)
                (sampler, scale, bound95) = (.gaussian(m), m.sigma, m.errorBound())
            }
        }

        func sample<G: RandomNumberGenerator>(using rng: inout G) -> Int64 {
            switch sampler {
            case let .laplace(m): m.sample(using: &rng)
            case let .gaussian(m): m.sample(using: &rng)
            }
        }
    }
}
