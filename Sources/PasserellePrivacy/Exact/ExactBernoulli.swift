/// Exact Bernoulli samplers on integers only (Canonne–Kamath–Steinke 2020, Algorithm 1).
///
/// No floating-point value is ever drawn: probabilities are ratios of integers and every uniform integer comes
/// from `UniformInteger`, which uses rejection.
enum ExactBernoulli {
    /// True with probability `numerator / (denominator · divisor)`, exactly, for numerator ≤ denominator·divisor.
    ///
    /// Draws J uniform in [0, denominator) and I uniform in [0, divisor): U = J·divisor + I is uniform in
    /// [0, denominator·divisor) and U < numerator is decided without forming the (possibly overflowing) product.
    static func ratio<G: RandomNumberGenerator>(
        _ numerator: UInt128, over denominator: UInt128, dividedBy divisor: UInt128, using rng: inout G
    ) -> Bool {
        let j = UniformInteger.below(denominator, using: &rng)
        let (q, r) = numerator.quotientAndRemainder(dividingBy: divisor)
        if j < q { return true }
        if j > q { return false }
        return UniformInteger.below(divisor, using: &rng) < r
    }

    /// True with probability exp(−n/d), exactly, for 0 ≤ n/d ≤ 1 (Algorithm 1: the parity of the first failure).
    static func expMinusFraction<G: RandomNumberGenerator>(
        _ n: UInt128, _ d: UInt128, using rng: inout G
    ) -> Bool {
        var k: UInt128 = 1
        while ratio(n, over: d, dividedBy: k, using: &rng) { k += 1 }
        return k % 2 == 1
    }

    /// True with probability exp(−1), exactly.
    static func expMinusOne<G: RandomNumberGenerator>(using rng: inout G) -> Bool {
        expMinusFraction(1, 1, using: &rng)
    }

    /// True with probability exp(−n/d) for any n/d ≥ 0: ⌊n/d⌋ trials of exp(−1) then one of the remainder.
    static func expMinus<G: RandomNumberGenerator>(_ n: UInt128, _ d: UInt128, using rng: inout G) -> Bool {
        let (whole, remainder) = n.quotientAndRemainder(dividingBy: d)
        var i: UInt128 = 0
        while i < whole {
            if !expMinusOne(using: &rng) { return false }
            i += 1
        }
        return expMinusFraction(remainder, d, using: &rng)
    }

    /// True with probability exp(−a²/d) where a² may exceed 128 bits.
    ///
    /// When ⌊a²/d⌋ ≥ 2^128 the answer is false as soon as one exp(−1) trial fails, which happens with probability 1;
    /// this differs from the exact sampler only on the event that 2^128 consecutive trials succeed
    /// (probability exp(−2^128)).
    static func expMinusSquare<G: RandomNumberGenerator>(_ a: UInt128, over d: UInt128, using rng: inout G) -> Bool {
        let square = a.multipliedFullWidth(by: a)
        guard square.high < d else {
            while expMinusOne(using: &rng) {}
            return false
        }
        let (q, r) = d.dividingFullWidth(square)
        var i: UInt128 = 0
        while i < q {
            if !expMinusOne(using: &rng) { return false }
            i += 1
        }
        return expMinusFraction(r, d, using: &rng)
    }
}
