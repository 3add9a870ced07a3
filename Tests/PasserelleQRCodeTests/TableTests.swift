import Testing
@testable import PasserelleQRCode

/// Our ISO tables against segno's independent copies, every version × level.
@Suite struct TableTests {
    @Test func errorCorrectionBlocksMatchReference() throws {
        let levels: [Substring: QRErrorCorrection] = ["L": .low, "M": .medium, "Q": .quartile, "H": .high]
        let rows = try Fixtures.lines("tables/error-correction.tsv")
        #expect(rows.count == 160)
        for row in rows {
            let fields = row.split(separator: " ")
            guard fields.count == 5, let version = Int(fields[0]), let level = levels[fields[1]],
                  let blocks = Int(fields[2]), let ecPerBlock = Int(fields[3]), let data = Int(fields[4])
            else { Issue.record("bad row \(row)"); continue }
            #expect(ErrorCorrectionTable.blockCount(version: version, level: level) == blocks, "\(row)")
            #expect(ErrorCorrectionTable.codewordsPerBlock(version: version, level: level) == ecPerBlock, "\(row)")
            #expect(CodewordCapacity.dataCodewords(version: version, level: level) == data, "\(row)")
        }
    }

    @Test func alignmentCentresMatchReference() throws {
        let rows = try Fixtures.lines("tables/alignment.tsv")
        #expect(rows.count == 39)
        for (offset, row) in rows.enumerated() {
            let centres = row.split(separator: " ").compactMap { Int($0) }
            #expect(AlignmentPatternTable.centres[offset + 2] == centres, "version \(offset + 2)")
        }
        #expect(AlignmentPatternTable.centres[1].isEmpty)
    }

    /// ISO 18004 Table 1: version 1 has 26 codewords, version 40 has 3706.
    @Test func totalCodewordsAtTheEnds() {
        #expect(CodewordCapacity.totalCodewords(version: 1) == 26)
        #expect(CodewordCapacity.totalCodewords(version: 40) == 3706)
    }
}
