/// Means and shares: the ratio of two noisy values released separately, with an error bound.
///
/// Release the numerator N (a bounded sum, or a count of a subgroup) and the denominator D (a count) each with
/// its own noise and charge; the ratio is post-processing and costs nothing more. With each noisy value within
/// its bound at level 1 − α/2 (use `errorBound(alpha: 0.025)` of each mechanism), both hold at once with
/// probability ≥ 1 − α (union bound), and then for N ≥ 0 the true ratio lies in
/// [(N̂ − a)/(D̂ + b), (N̂ + a)/(D̂ − b)]. The bound reported is the larger distance from N̂/D̂ to either end.
/// When D̂ ≤ b the denominator may be zero and no ratio is published.
public struct RatioEstimate: Sendable, Hashable, Codable {
    /// N̂ / D̂.
    public let value: Double
    /// Half-width: |true − value| ≤ errorBound with probability ≥ the level the bounds were taken at.
    public let errorBound: Double

    /// The estimate, or nil when the noisy denominator does not clear its own error bound.
    public init?(numerator: Int64, numeratorBound: Int64, denominator: Int64, denominatorBound: Int64) {
        guard denominator > denominatorBound, numeratorBound >= 0, denominatorBound >= 0 else { return nil }
        let n = Double(numerator), d = Double(denominator), a = Double(numeratorBound), b = Double(denominatorBound)
        let value = n / d
        let low = max(0, n - a) / (d + b), high = (n + a) / (d - b)
        self.value = value
        self.errorBound = max(value - low, high - value)
    }
}
