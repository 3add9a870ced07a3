/// Arithmetic in GF(2^8) with the QR Code field polynomial
/// x^8 + x^4 + x^3 + x^2 + 1 (0x11D), ISO/IEC 18004:2015 §7.5.2.
enum GaloisField {
    /// exp[i] = α^i, doubled in length so `log a + log b` never needs a modulo.
    static let exp: [UInt8] = {
        var table = [UInt8](repeating: 0, count: 512)
        var value = 1
        for power in 0..<255 {
            table[power] = UInt8(value)
            value <<= 1
            if value & 0x100 != 0 { value ^= 0x11D }
        }
        for power in 255..<512 { table[power] = table[power - 255] }
        return table
    }()

    /// log[α^i] = i; log[0] is unused (zero has no logarithm).
    static let log: [Int] = {
        var table = [Int](repeating: 0, count: 256)
        for power in 0..<255 { table[Int(exp[power])] = power }
        return table
    }()

    static func multiply(_ a: UInt8, _ b: UInt8) -> UInt8 {
        if a == 0 || b == 0 { return 0 }
        return exp[log[Int(a)] + log[Int(b)]]
    }
}
