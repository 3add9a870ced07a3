import Foundation

/// A deterministic generator (SplitMix64): the same seed gives the same sequence on every machine, so generated
/// catalogues, simulated visitors and model training repeat exactly. Not for secrets.
public struct SeededRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// An index in `0..<count` drawn with a Zipf-like skew (weight of rank r ∝ 1 / (r + 1)^exponent), by
    /// inverting the continuous approximation: a few items get most of the draws, as venues' sizes do.
    public mutating func skewedIndex(count: Int, exponent: Double = 1.0) -> Int {
        precondition(count > 0)
        let u = Double.random(in: 0..<1, using: &self)
        let n = Double(count)
        let index: Double
        if abs(exponent - 1) < 1e-9 {
            index = pow(n + 1, u) - 1
        } else {
            let a = 1 - exponent
            index = pow(u * (pow(n + 1, a) - 1) + 1, 1 / a) - 1
        }
        return min(count - 1, max(0, Int(index)))
    }
}
