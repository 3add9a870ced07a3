import Testing
@testable import PasserelleQRCode

/// Module-by-module comparison against segno (scripts/make_fixtures.py).
@Suite struct SegnoReferenceTests {
    @Test func fixturesArePresent() {
        #expect(Fixtures.symbolFileNames().count >= 20)
    }

    @Test(arguments: Fixtures.symbolFileNames())
    func matchesSegno(fileName: String) throws {
        let reference = try Fixtures.symbol(named: fileName)
        let code = try QRCode(encoding: reference.text, correction: reference.level)
        let label = "\(fileName): ours \(code.version)/mask \(code.mask), segno \(reference.version)/mask \(reference.mask)"
        #expect(code.version == reference.version, "\(label)")
        #expect(code.mask == reference.mask, "\(label)")
        try #require(reference.rows.count == code.size, "\(label)")
        var mismatches = 0
        for (y, row) in reference.rows.enumerated() {
            for (x, dark) in row.enumerated() where code.isDark(x: x, y: y) != dark {
                mismatches += 1
            }
        }
        #expect(mismatches == 0, "\(label): \(mismatches) modules differ")
    }

    /// Separates data/placement errors from penalty errors: with segno's mask forced,
    /// the matrix must match even if our mask choice differed.
    @Test(arguments: Fixtures.symbolFileNames())
    func matchesSegnoWithItsMask(fileName: String) throws {
        let reference = try Fixtures.symbol(named: fileName)
        let segment = DataSegment(text: reference.text)
        #expect("\(segment.mode)" == reference.mode)
        let data = DataCodewords.dataCodewords(for: segment, version: reference.version, level: reference.level)
        let message = DataCodewords.interleavedMessage(data: data, version: reference.version, level: reference.level)
        let code = QRCode(message: message, version: reference.version, correction: reference.level,
                          forcedMask: reference.mask)
        let differing = reference.rows.enumerated().reduce(0) { count, row in
            count + row.element.enumerated().filter { code.isDark(x: $0.offset, y: row.offset) != $0.element }.count
        }
        #expect(differing == 0, "\(fileName) with mask \(reference.mask): \(differing) modules differ")
    }
}
