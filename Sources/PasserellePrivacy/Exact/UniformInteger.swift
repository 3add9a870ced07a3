/// Uniform integers by rejection: draw just enough random bits, retry when the draw is not below the bound.
enum UniformInteger {
    /// A uniform integer in [0, bound), bound > 0; each attempt succeeds with probability > 1/2.
    static func below<G: RandomNumberGenerator>(_ bound: UInt128, using rng: inout G) -> UInt128 {
        precondition(bound > 0, "uniform bound must be positive")
        if bound == 1 { return 0 }
        let bits = UInt128.bitWidth - (bound - 1).leadingZeroBitCount
        let mask: UInt128 = bits == 128 ? .max : (UInt128(1) << UInt128(bits)) - 1
        while true {
            let low = UInt128(rng.next())
            let draw = bits > 64 ? (UInt128(rng.next()) << 64 | low) & mask : low & mask
            if draw < bound { return draw }
        }
    }

    /// A fair coin.
    static func bit<G: RandomNumberGenerator>(using rng: inout G) -> Bool {
        rng.next() & 1 == 1
    }
}
