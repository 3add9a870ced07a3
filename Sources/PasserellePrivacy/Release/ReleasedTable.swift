/// One released cell: the noisy value (nil when suppressed), its status and its 95 % error bound.
public struct ReleasedCell: Sendable, Hashable, Codable {
    /// The partition key.
    public let key: String
    /// The noisy value, or nil when the cell is suppressed.
    public let value: Int64?
    /// Published, or suppressed and why.
    public let status: CellStatus
    /// With 95 % probability |noisy − true| ≤ this bound (the noise's two-sided 95 % quantile).
    public let errorBound95: Int64
}

/// The published parameters of a release.
public struct ReleaseParameters: Sendable, Hashable, Codable {
    /// The spec as declared.
    public let spec: ReleaseSpec
    /// The exact noise scale used (Laplace scale or Gaussian σ), as a rational.
    public let noiseScale: PositiveRational
    /// The threshold used for DP partition selection, when keys were not public.
    public let selectionThreshold: Int64?
    /// What the release charged to the ledger.
    public let loss: PrivacyLoss
}

/// Utility of a release measured against the truth (evaluation runs only: the truth is never published).
public struct UtilityMetrics: Sendable, Hashable, Codable {
    /// Median of |noisy − true| / true over published cells whose true value is positive (nil if none).
    public let medianRelativeError: Double?
    /// Published cells among cells whose true value is positive.
    public let publishedShare: Double
    /// Published cells whose true value is zero or absent, among published cells.
    public let spuriousCellRate: Double
}

/// A released table: cells, method version and parameters, and (in evaluation runs) utility metrics.
public struct ReleasedTable: Sendable, Hashable, Codable {
    /// The method version (copied from the spec for readers of the file).
    public let methodVersion: String
    /// The parameters.
    public let parameters: ReleaseParameters
    /// The cells in key order (public key spaces) or sorted (selected keys).
    public let cells: [ReleasedCell]
    /// Utility metrics, when ground truth was supplied.
    public var utility: UtilityMetrics?

    /// Computes utility metrics against the true values per key.
    public func evaluated(against truth: [String: Int64]) -> ReleasedTable {
        var errors = [Double]()
        var published = 0, spurious = 0
        for cell in cells {
            guard let value = cell.value, cell.status == .published else { continue }
            published += 1
            let actual = truth[cell.key] ?? 0
            if actual > 0 { errors.append(Double((value - actual).magnitude) / Double(actual)) } else { spurious += 1 }
        }
        let positives = truth.values.filter { $0 > 0 }.count
        errors.sort()
        let median: Double? = errors.isEmpty ? nil
            : errors.count % 2 == 1 ? errors[errors.count / 2] : (errors[errors.count / 2 - 1] + errors[errors.count / 2]) / 2
        var copy = self
        copy.utility = UtilityMetrics(
            medianRelativeError: median,
            publishedShare: positives == 0 ? 0 : Double(errors.count) / Double(positives),
            spuriousCellRate: published == 0 ? 0 : Double(spurious) / Double(published)
        )
        return copy
    }
}
