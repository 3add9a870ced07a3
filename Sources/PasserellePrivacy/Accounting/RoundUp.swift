/// Floating-point arithmetic that rounds against us: each result is the exact result rounded toward +∞
/// (what OpenDP's `inf_add`/`inf_mul` compute), so sums and products of budgets are never understated.
///
/// The rounding error of the nearest-rounded result is recovered exactly (TwoSum for addition, a fused
/// multiply-add for products); when the exact value lies above the rounded one, the next double up is taken.
enum RoundUp {
    /// a + b, rounded toward +∞.
    static func add(_ a: Double, _ b: Double) -> Double {
        let s = a + b
        guard s.isFinite else { return s }
        // Knuth's TwoSum: s + error equals a + b exactly.
        let bVirtual = s - a, aVirtual = s - bVirtual
        let error = (a - aVirtual) + (b - bVirtual)
        return error > 0 ? s.nextUp : s
    }

    /// a · b, rounded toward +∞.
    static func multiply(_ a: Double, _ b: Double) -> Double {
        let p = a * b
        guard p.isFinite else { return p }
        // The fused multiply-add computes a·b − p with a single rounding: exactly, for normal operands.
        let error = (-p).addingProduct(a, b)
        return error > 0 ? p.nextUp : p
    }

    /// a / b for positive operands, rounded toward +∞ (the residual a − q·b is exact under a fused multiply-add).
    static func divide(_ a: Double, _ b: Double) -> Double {
        let q = a / b
        guard q.isFinite, q > 0 else { return q }
        return a.addingProduct(-q, b) > 0 ? q.nextUp : q
    }

    /// √x for x ≥ 0, rounded toward +∞ (the residual x − s² is exact under a fused multiply-add).
    static func squareRoot(_ x: Double) -> Double {
        let s = x.squareRoot()
        guard s.isFinite, s > 0 else { return s }
        return x.addingProduct(-s, s) > 0 ? s.nextUp : s
    }

    /// Σ values, rounded toward +∞ at every step.
    static func sum(_ values: some Sequence<Double>) -> Double { values.reduce(0) { add($0, $1) } }

    /// ε²/2 rounded toward +∞: the zCDP cost of a pure ε-DP mechanism (Bun–Steinke 2016, Proposition 1.4).
    static func rhoOfPure(_ epsilon: Double) -> Double { multiply(epsilon, epsilon) / 2 }

    /// x as a `Double`, rounded toward +∞ (`Double(x)` rounds to nearest, so 2^53 + 1 became 2^53).
    static func double(_ x: UInt128) -> Double {
        let nearest = Double(x)
        if let back = UInt128(exactly: nearest), back >= x { return nearest }
        return nearest.nextUp
    }
}
