/// Whose privacy a release protects: the unit that may be added or removed.
public enum PrivacyUnit: String, Sendable, Hashable, Codable, CaseIterable {
    /// One device on one day (web audience: a daily-salted visitor key).
    case deviceDay = "device-day"
    /// One beneficiary (culture pass).
    case beneficiary
    /// One account on a platform.
    case account
}

/// Per-unit limits: at most L0 partitions per unit, at most L∞ in each partition.
public struct ContributionBounds: Sendable, Hashable, Codable {
    /// Largest L0 accepted (1 000).
    public static let maximumPartitions = 1_000
    /// Largest L∞ accepted (10^9).
    public static let maximumValue: Int64 = 1_000_000_000

    /// L0: how many partitions one unit may touch.
    public let maxPartitionsPerUnit: Int
    /// L∞: the most one unit may add to one partition (1 for counts of units).
    public let maxValuePerPartition: Int64

    /// Validated bounds: 1 ≤ L0 ≤ 1 000 and 1 ≤ L∞ ≤ 10^9.
    public init(maxPartitionsPerUnit: Int, maxValuePerPartition: Int64) throws(PrivacyError) {
        guard (1...Self.maximumPartitions).contains(maxPartitionsPerUnit) else {
            throw .invalid("L0 \(maxPartitionsPerUnit) must be in 1...\(Self.maximumPartitions)")
        }
        guard (1...Self.maximumValue).contains(maxValuePerPartition) else {
            throw .invalid("L∞ \(maxValuePerPartition) must be in 1...\(Self.maximumValue)")
        }
        self.maxPartitionsPerUnit = maxPartitionsPerUnit
        self.maxValuePerPartition = maxValuePerPartition
    }

    /// L1 sensitivity of per-partition sums: L0 · L∞.
    public var l1Sensitivity: Int64 { Int64(maxPartitionsPerUnit) * maxValuePerPartition }
    /// Squared L2 sensitivity of per-partition sums: L0 · L∞², exact. At the accepted limits it reaches 10^21, past
    /// `Int64` (10 × (10^9)² already trapped), so it is a 128-bit integer: its largest value is below 2^70.
    public var l2SensitivitySquared: UInt128 {
        UInt128(maxPartitionsPerUnit) * UInt128(maxValuePerPartition) * UInt128(maxValuePerPartition)
    }
}

/// One raw record: a unit contributed `value` to partition `key`.
public struct UnitContribution: Sendable, Hashable, Codable {
    /// The privacy unit's identifier (e.g. a daily-salted visitor hash).
    public let unit: String
    /// The partition key.
    public let key: String
    /// The value, ≥ 0 (1 for an event count).
    public let value: Int64

    /// Creates a record.
    public init(unit: String, key: String, value: Int64 = 1) {
        self.unit = unit
        self.key = key
        self.value = value
    }
}

/// Per-partition totals after bounding, with what bounding removed.
public struct BoundedContributions: Sendable, Hashable {
    /// Sum of bounded values per partition.
    public var sums: [String: Int64] = [:]
    /// Number of distinct units kept per partition.
    public var units: [String: Int64] = [:]
    /// Partitions dropped because a unit touched more than L0.
    public var droppedPartitions = 0
    /// (unit, partition) totals lowered to L∞.
    public var clampedValues = 0
    /// Records refused, with their reason.
    public var rejected: [RejectedUnitContribution] = []
}

/// A record refused by bounding, kept with its reason.
public struct RejectedUnitContribution: Sendable, Hashable {
    /// The record as given.
    public let record: UnitContribution
    /// Why it was refused.
    public let reason: String
}

/// Contribution bounding: random (exactly uniform), order-independent truncation to L0 partitions per unit and
/// clamping to L∞ per partition.
public enum ContributionBounding {
    /// Bounds `records`. Only units over L0 partitions consume randomness; they are visited in sorted order
    /// (their partitions sorted too) and keep a uniform random L0-subset (partial Fisher–Yates with exact uniform
    /// integers). Everything else is a commutative sum, so the result depends only on the multiset of records
    /// and the generator, never on input order.
    public static func bound<G: RandomNumberGenerator>(
        _ records: [UnitContribution], bounds: ContributionBounds, using rng: inout G
    ) -> BoundedContributions {
        var result = BoundedContributions()
        var perUnit = [String: [(key: String, value: Int64)]]()
        for record in records {
            if record.unit.isEmpty {
                result.rejected.append(RejectedUnitContribution(record: record, reason: "empty unit identifier"))
            } else if record.value < 0 {
                result.rejected.append(RejectedUnitContribution(record: record, reason: "negative value \(record.value)"))
            } else {
                perUnit[record.unit, default: []].append((record.key, record.value))
            }
        }
        var overContributing = [(unit: String, partitions: [(key: String, value: Int64)])]()
        for (unit, contributions) in perUnit {
            let partitions = merged(contributions, cap: bounds.maxValuePerPartition + 1)
            if partitions.count > bounds.maxPartitionsPerUnit {
                overContributing.append((unit, partitions))
            } else {
                add(partitions, to: &result, bounds: bounds)
            }
        }
        overContributing.sort { $0.unit < $1.unit }
        for (_, partitions) in overContributing {
            result.droppedPartitions += partitions.count - bounds.maxPartitionsPerUnit
            add(sample(partitions, keeping: bounds.maxPartitionsPerUnit, using: &rng), to: &result, bounds: bounds)
        }
        return result
    }

    /// One unit's contributions bounded alone, for callers that stream units one at a time (the observatory reads
    /// a day's device-days in unit order and never holds them all): merged per partition, a uniform random
    /// L0-subset kept when the unit touched more, each value clamped to L∞. Same rule as `bound`.
    public static func boundUnit<G: RandomNumberGenerator>(
        _ contributions: [(key: String, value: Int64)], bounds: ContributionBounds, using rng: inout G
    ) -> [(key: String, value: Int64)] {
        // Most units touch one partition of a table: no merge, no sort, no allocation beyond the answer.
        if contributions.count == 1 {
            let only = contributions[0]
            return only.value < 0 ? [] : [(only.key, min(only.value, bounds.maxValuePerPartition))]
        }
        let partitions = merged(contributions.filter { $0.value >= 0 }, cap: bounds.maxValuePerPartition)
        guard partitions.count > bounds.maxPartitionsPerUnit else { return partitions }
        return Array(sample(partitions, keeping: bounds.maxPartitionsPerUnit, using: &rng))
    }

    /// A uniform random `count`-subset (partial Fisher–Yates with exact uniform integers).
    private static func sample<G: RandomNumberGenerator>(
        _ partitions: [(key: String, value: Int64)], keeping count: Int, using rng: inout G
    ) -> ArraySlice<(key: String, value: Int64)> {
        var partitions = partitions
        for i in 0..<count {
            let j = i + Int(UniformInteger.below(UInt128(partitions.count - i), using: &rng))
            partitions.swapAt(i, j)
        }
        return partitions.prefix(count)
    }

    /// One unit's records merged per partition, sorted by key; totals saturate at `cap` (L∞ + 1: enough to know a
    /// clamp happened, never overflows).
    private static func merged(_ contributions: [(key: String, value: Int64)], cap: Int64) -> [(key: String, value: Int64)] {
        if contributions.count == 1 { return [(contributions[0].key, min(contributions[0].value, cap))] }
        var out = [(key: String, value: Int64)]()
        for c in contributions.sorted(by: { $0.key < $1.key }) {
            if let last = out.last, last.key == c.key {
                out[out.count - 1].value = min(last.value + min(c.value, cap), cap)
            } else {
                out.append((c.key, min(c.value, cap)))
            }
        }
        return out
    }

    private static func add(
        _ partitions: some Sequence<(key: String, value: Int64)>, to result: inout BoundedContributions, bounds: ContributionBounds
    ) {
        for (key, raw) in partitions {
            if raw > bounds.maxValuePerPartition { result.clampedValues += 1 }
            result.sums[key, default: 0] += min(raw, bounds.maxValuePerPartition)
            result.units[key, default: 0] += 1
        }
    }

    /// Bounds with the system CSPRNG (buffered).
    public static func bound(_ records: [UnitContribution], bounds: ContributionBounds) -> BoundedContributions {
        var rng = BufferedSystemRandom()
        return bound(records, bounds: bounds, using: &rng)
    }
}
