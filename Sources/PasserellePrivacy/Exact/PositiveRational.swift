/// A positive exact rational `numerator / denominator`, reduced, with both parts in 1 ... `PositiveRational.limit`.
///
/// Noise scales are rationals so that the samplers use integer arithmetic only. The limit keeps every
/// intermediate of the discrete Gaussian's acceptance test inside 128-bit integers.
public struct PositiveRational: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Largest allowed numerator or denominator (2^30).
    public static let limit: UInt64 = 1 << 30
    /// Binary digits kept after the point when converting a `Double` (denominator at most 2^30).
    static let fractionBits = 30

    /// The reduced numerator.
    public let numerator: UInt64
    /// The reduced denominator.
    public let denominator: UInt64

    /// Creates `numerator / denominator`, reduced; both must be positive and the reduced parts within `limit`.
    public init(_ numerator: UInt64, _ denominator: UInt64) throws(PrivacyError) {
        guard numerator > 0, denominator > 0 else {
            throw .invalid("rational \(numerator)/\(denominator): both parts must be positive")
        }
        let g = Self.gcd(numerator, denominator)
        let n = numerator / g, d = denominator / g
        guard n <= Self.limit, d <= Self.limit else {
            throw .invalid("rational \(numerator)/\(denominator): reduced parts must be at most 2^30")
        }
        self.numerator = n
        self.denominator = d
    }

    /// Internal: an already reduced rational whose parts the caller has bounded.
    init(trusted numerator: UInt64, _ denominator: UInt64) {
        self.numerator = numerator
        self.denominator = denominator
    }

    /// Converts a `Double` by rounding UP to the dyadic grid: ⌈x·2^k⌉ / 2^k with the largest k ≤ 30 that keeps the
    /// numerator within 2^30. The result is never below `x`, so a noise scale is never smaller than asked
    /// (privacy is never weaker); the relative change is below 2^-29 for scales in [1, 2^29].
    public init(roundingUp x: Double) throws(PrivacyError) {
        guard x.isFinite, x > 0 else { throw .invalid("scale \(x) must be finite and positive") }
        guard x <= Double(Self.limit) else { throw .invalid("scale \(x) exceeds 2^30") }
        var k = Self.fractionBits
        // Multiplying by a power of two is exact in binary floating point, so the ceiling is exact too.
        var scaled = (x * Double(UInt64(1) << UInt64(k))).rounded(.up)
        while scaled > Double(Self.limit), k > 0 {
            k -= 1
            scaled = (x * Double(UInt64(1) << UInt64(k))).rounded(.up)
        }
        try self.init(UInt64(scaled), UInt64(1) << UInt64(k))
    }

    /// The value as a `Double` (for reports and analytic formulas, never for sampling).
    public var doubleValue: Double { Double(numerator) / Double(denominator) }

    /// "n/d".
    public var description: String { "\(numerator)/\(denominator)" }

    static func gcd(_ a: UInt64, _ b: UInt64) -> UInt64 {
        var (a, b) = (a, b)
        while b != 0 { (a, b) = (b, a % b) }
        return a
    }
}
