/// How far an attacker must remain from a sensitive cell's value (τ-ARGUS / sdcTable "protection levels"): the
/// cell's feasible interval, from the published figures and the knowledge that values are ≥ 0, must reach at
/// least `upper` above and `lower` below its true value.
public struct ProtectionRequirement: Sendable, Hashable, Codable {
    /// Upper protection as a share of the cell's value (the p % rule's p).
    public let upperShare: Double
    /// Lower protection as a share of the cell's value.
    public let lowerShare: Double
    /// The least protection in units, whatever the value: a cell of value 0 or 1 must still not be pinned.
    public let minimum: Int64

    /// 10 % either way, at least 1 unit.
    public static let standard = ProtectionRequirement(validatedUpper: 0.10, lower: 0.10, minimum: 1)

    /// Custom levels: shares in [0, 10], minimum in 0…10^15.
    public init(upperShare: Double, lowerShare: Double, minimum: Int64) throws(PrivacyError) {
        for (name, share) in [("upper", upperShare), ("lower", lowerShare)] {
            guard share.isFinite, share >= 0, share <= 10 else { throw .invalid("\(name) protection share \(share) must be in [0, 10]") }
        }
        guard (0...MagnitudeTable.maximumValue).contains(minimum) else { throw .invalid("minimum protection \(minimum) out of range") }
        self.init(validatedUpper: upperShare, lower: lowerShare, minimum: minimum)
    }

    private init(validatedUpper upper: Double, lower: Double, minimum: Int64) {
        upperShare = upper
        lowerShare = lower
        self.minimum = minimum
    }

    /// Units the interval must reach above `value`.
    public func upperLevel(for value: Int64) -> Int64 { max(minimum, Self.share(upperShare, of: value)) }

    /// Units the interval must reach below `value` (never more than the value: nothing is below 0).
    public func lowerLevel(for value: Int64) -> Int64 { min(value, max(minimum, Self.share(lowerShare, of: value))) }

    /// True when `interval` protects a cell of the given value.
    public func isMet(by interval: FeasibleInterval, value: Int64) -> Bool {
        let reachesUp = interval.upper.map { $0 - value >= upperLevel(for: value) } ?? true
        return reachesUp && value - interval.lower >= lowerLevel(for: value)
    }

    /// ⌈share · value⌉, saturated (values are at most 10^15 · units, shares at most 10).
    private static func share(_ share: Double, of value: Int64) -> Int64 {
        let exact = (share * Double(value)).rounded(.up)
        return exact >= Double(Int64.max) ? Int64.max : Int64(exact)
    }
}

/// The values a hidden cell can take given everything published and that every value is ≥ 0.
public struct FeasibleInterval: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The smallest feasible value.
    public let lower: Int64
    /// The largest feasible value, or nil when nothing published bounds it.
    public let upper: Int64?

    /// Creates an interval.
    public init(lower: Int64, upper: Int64?) {
        self.lower = lower
        self.upper = upper
    }

    /// True when the published figures pin the cell to one value.
    public var isExact: Bool { upper == lower }

    /// "[lower, upper]" with ∞ for an unbounded upper end.
    public var description: String { "[\(lower), \(upper.map(String.init) ?? "∞")]" }
}
