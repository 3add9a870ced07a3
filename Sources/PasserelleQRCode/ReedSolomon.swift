/// Reed–Solomon error-correction codewords, ISO/IEC 18004:2015 §7.5.2.
enum ReedSolomon {
    /// Coefficients of the generator polynomial ∏(x − α^i), i = 0..<degree,
    /// highest power first with the leading 1 omitted (Annex A lists these).
    static func generator(degree: Int) -> [UInt8] {
        var coefficients = [UInt8](repeating: 0, count: degree)
        coefficients[degree - 1] = 1  // start from the constant polynomial 1
        var root: UInt8 = 1
        for _ in 0..<degree {
            // Multiply the running product by (x − root).
            for index in 0..<degree {
                coefficients[index] = GaloisField.multiply(coefficients[index], root)
                if index + 1 < degree { coefficients[index] ^= coefficients[index + 1] }
            }
            root = GaloisField.multiply(root, 0x02)
        }
        return coefficients
    }

    /// The remainder of data(x)·x^degree divided by the generator: the EC codewords.
    static func errorCorrection(for data: [UInt8], degree: Int) -> [UInt8] {
        errorCorrection(for: data, generator: generator(degree: degree))
    }

    static func errorCorrection(for data: [UInt8], generator: [UInt8]) -> [UInt8] {
        var remainder = [UInt8](repeating: 0, count: generator.count)
        for byte in data {
            let factor = byte ^ remainder[0]
            remainder.removeFirst()
            remainder.append(0)
            for index in 0..<generator.count {
                remainder[index] ^= GaloisField.multiply(generator[index], factor)
            }
        }
        return remainder
    }
}
