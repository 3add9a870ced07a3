import Testing
@testable import PasserelleQRCode

/// Limits from ISO/IEC 18004:2015 Table 7.
@Suite struct CapacityTests {
    @Test func largestNumericFitsVersion40() throws {
        #expect(try QRCode(encoding: String(repeating: "7", count: 7089), correction: .low).version == 40)
        #expect(throws: QRCodeError.tooLong) {
            try QRCode(encoding: String(repeating: "7", count: 7090), correction: .low)
        }
    }

    @Test func largestByteAndAlphanumericPayloads() throws {
        #expect(try QRCode(encoding: String(repeating: "a", count: 2953), correction: .low).version == 40)
        #expect(throws: QRCodeError.tooLong) {
            try QRCode(encoding: String(repeating: "a", count: 2954), correction: .low)
        }
        #expect(try QRCode(encoding: String(repeating: "A", count: 4296), correction: .low).version == 40)
        #expect(throws: QRCodeError.tooLong) {
            try QRCode(encoding: String(repeating: "A", count: 4297), correction: .low)
        }
        #expect(throws: QRCodeError.tooLong) {
            try QRCode(encoding: String(repeating: "a", count: 1274), correction: .high)
        }
    }

    @Test func smallestVersionBoundaries() throws {
        // Version 1-L holds 41 digits; version 1-M holds 20 alphanumeric characters.
        #expect(try QRCode(encoding: String(repeating: "1", count: 41), correction: .low).version == 1)
        #expect(try QRCode(encoding: String(repeating: "1", count: 42), correction: .low).version == 2)
        #expect(try QRCode(encoding: String(repeating: "A", count: 20)).version == 1)
        #expect(try QRCode(encoding: String(repeating: "A", count: 21)).version == 2)
    }

    @Test func sizeAndOutOfRangeModules() throws {
        let code = try QRCode(encoding: "GDW4V-CNPG4-W")
        #expect(code.size == 17 + 4 * code.version)
        #expect(code.isDark(x: 0, y: 0))           // finder corner
        #expect(!code.isDark(x: -1, y: 0))
        #expect(!code.isDark(x: code.size, y: 0))
    }
}
