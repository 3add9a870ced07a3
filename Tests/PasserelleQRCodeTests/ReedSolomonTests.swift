import Testing
@testable import PasserelleQRCode

@Suite struct ReedSolomonTests {
    /// ISO/IEC 18004:2015 Annex I: "01234567" as version 1-M.
    @Test func annexIExample() throws {
        let segment = DataSegment(text: "01234567")
        #expect(segment.mode == .numeric)
        #expect(DataCodewords.smallestVersion(for: segment, level: .medium) == 1)
        let data = DataCodewords.dataCodewords(for: segment, version: 1, level: .medium)
        #expect(data == [0x10, 0x20, 0x0C, 0x56, 0x61, 0x80, 0xEC, 0x11,
                         0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11])
        let ec = ReedSolomon.errorCorrection(for: data, degree: 10)
        #expect(ec == [0xA5, 0x24, 0xD4, 0xC1, 0xED, 0x36, 0xC7, 0x87, 0x2C, 0x55])
        // A single block: the message is data followed by EC codewords.
        #expect(DataCodewords.interleavedMessage(data: data, version: 1, level: .medium) == data + ec)
    }

    /// Annex A: the degree-7 generator is α0 α87 α229 α146 α149 α238 α102 α21 (exponents).
    @Test func generatorPolynomialDegree7() {
        let exponents = ReedSolomon.generator(degree: 7).map { GaloisField.log[Int($0)] }
        #expect(exponents == [87, 229, 146, 149, 238, 102, 21])
    }

    @Test func fieldArithmetic() {
        #expect(GaloisField.exp[8] == 0x1D)  // α^8 = x^4 + x^3 + x^2 + 1
        #expect(GaloisField.multiply(0x80, 0x02) == 0x1D)
        #expect(GaloisField.multiply(0, 0x53) == 0)
        for value in 1...255 {
            #expect(GaloisField.exp[GaloisField.log[value]] == UInt8(value))
        }
    }

    /// §7.4.10: no padding bits are added when the stream is already byte aligned.
    /// "abc" in byte mode: 0100 00000011 + 3 bytes + 0000 = 40 bits exactly.
    @Test func noExtraPaddingWhenAligned() {
        let segment = DataSegment(text: "abc")
        let data = DataCodewords.dataCodewords(for: segment, version: 1, level: .medium)
        #expect(Array(data.prefix(7)) == [0x40, 0x36, 0x16, 0x26, 0x30, 0xEC, 0x11])
        #expect(data.count == 16)
    }

    /// §7.4.4 example: "AC-42" → 00111001110 11100111001 000010.
    @Test func alphanumericExample() {
        let segment = DataSegment(text: "AC-42")
        #expect(segment.mode == .alphanumeric)
        let bits = segment.payload.bits.map { $0 ? "1" : "0" }.joined()
        #expect(bits == "00111001110" + "11100111001" + "000010")
    }
}
