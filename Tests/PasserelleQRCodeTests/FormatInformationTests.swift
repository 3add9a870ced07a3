import Testing
@testable import PasserelleQRCode

@Suite struct FormatInformationTests {
    /// Values from ISO/IEC 18004:2015 Annex C, Table C.1.
    @Test(arguments: [
        (QRErrorCorrection.medium, 5, 0b100000011001110),
        (.medium, 0, 0b101010000010010),
        (.low, 0, 0b111011111000100),
        (.quartile, 0, 0b011010101011111),
        (.high, 0, 0b001011010001001),
        (.high, 7, 0b000100000111011),
    ])
    func formatBits(level: QRErrorCorrection, mask: Int, expected: Int) {
        #expect(FormatInformation.bits(level: level, mask: mask) == expected)
    }

    /// Values from Annex D, Table D.1.
    @Test(arguments: [(7, 0x07C94), (8, 0x085BC), (40, 0x28C69)])
    func versionBits(version: Int, expected: Int) {
        #expect(VersionInformation.bits(version: version) == expected)
    }

    /// The 32 format words must be pairwise at Hamming distance ≥ 7 (BCH(15,5)).
    @Test func formatWordsAreFarApart() {
        let words = QRErrorCorrection.allCases.flatMap { level in
            (0..<8).map { FormatInformation.bits(level: level, mask: $0) }
        }
        for (index, word) in words.enumerated() {
            for other in words[(index + 1)...] { #expect((word ^ other).nonzeroBitCount >= 7) }
        }
    }
}
