/// Why a cell is not published.
public enum SuppressionReason: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Fewer contributing units than the minimum (INSEE: 3 for businesses, 11 for persons).
    case belowMinimumCount(units: Int, minimum: Int)
    /// One unit holds more than the allowed share of the cell's value (INSEE: 85 %).
    case dominance(largestShare: Double, limit: Double)
    /// Hidden so that a primary-suppressed cell cannot be recomputed from published totals.
    case secondary
    /// The noisy count did not clear the DP partition-selection threshold.
    case belowSelectionThreshold(threshold: Int64)

    /// A short French-administration-friendly explanation.
    public var description: String {
        switch self {
        case let .belowMinimumCount(units, minimum): "secret: \(units) unit(s) < \(minimum)"
        case let .dominance(share, limit): "secret: dominance \(Int((share * 100).rounded(.down))) % > \(Int(limit * 100)) %"
        case .secondary: "secret: secondary suppression"
        case let .belowSelectionThreshold(threshold): "below DP selection threshold \(threshold)"
        }
    }

    /// True for reasons decided on the cell's own data (primary suppression).
    public var isPrimary: Bool {
        switch self {
        case .belowMinimumCount, .dominance: true
        case .secondary, .belowSelectionThreshold: false
        }
    }
}

/// Whether a cell is published, and if not, why.
public enum CellStatus: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The value may be shown.
    case published
    /// The value must be hidden for the given reason.
    case suppressed(SuppressionReason)

    /// True when the cell is hidden.
    public var isSuppressed: Bool {
        if case .suppressed = self { return true }
        return false
    }

    /// "published" or the reason.
    public var description: String {
        switch self {
        case .published: "published"
        case let .suppressed(reason): reason.description
        }
    }
}
