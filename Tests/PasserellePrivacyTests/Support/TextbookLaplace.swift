import Foundation

/// The negative control, built in the test target only: textbook floating-point Laplace noise,
/// x + sign · b · (−ln u) with u uniform on the 2^-53 grid — the construction Mironov (2012) showed leaks.
struct TextbookLaplace {
    let scale: Double

    static let grid = Double(sign: .plus, exponent: -53, significand: 1)
    static let top: UInt64 = 1 << 53

    func release<G: RandomNumberGenerator>(_ x: Double, using rng: inout G) -> Double {
        let k = UInt64.random(in: 1...Self.top, using: &rng)
        let positive = Bool.random(using: &rng)
        return output(x, k: k, positive: positive)
    }

    func output(_ x: Double, k: UInt64, positive: Bool) -> Double {
        let magnitude = scale * -log(Double(k) * Self.grid)
        return x + (positive ? magnitude : -magnitude)
    }

    /// Whether some draw (k, sign) produces exactly `y` from `x`: the output is monotone in k for each sign,
    /// so a binary search finds the only candidates, checked with their neighbours.
    func canRelease(_ y: Double, from x: Double) -> Bool {
        for positive in [true, false] {
            // positive: output decreases with k; negative: increases. Find the first k whose output passes y.
            var low: UInt64 = 1, high = Self.top
            while low < high {
                let mid = low + (high - low) / 2
                let value = output(x, k: mid, positive: positive)
                if positive ? value <= y : value >= y { high = mid } else { low = mid + 1 }
            }
            let from = low > 3 ? low - 3 : 1, to = min(Self.top, low + 3)
            for k in from...to where output(x, k: k, positive: positive) == y { return true }
        }
        return false
    }
}
