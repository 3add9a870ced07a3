/// Error-correction block structure, ISO/IEC 18004:2015 Table 9.
///
/// Table 9 lists, for each version and level, the number of blocks and the
/// error-correction codewords per block. The data codewords per block follow
/// from the total codeword count (see `CodewordCapacity`), so only these two
/// columns are stored. Index 0 is unused so that `[version]` reads naturally.
enum ErrorCorrectionTable {
    /// Error-correction codewords per block, rows L, M, Q, H (Table 9).
    static let codewordsPerBlock: [[Int]] = [
        [0, 7, 10, 15, 20, 26, 18, 20, 24, 30, 18, 20, 24, 26, 30, 22, 24, 28, 30, 28, 28,
         28, 28, 30, 30, 26, 28, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30],
        [0, 10, 16, 26, 18, 24, 16, 18, 22, 22, 26, 30, 22, 22, 24, 24, 28, 28, 26, 26, 26,
         26, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28],
        [0, 13, 22, 18, 26, 18, 24, 18, 22, 20, 24, 28, 26, 24, 20, 30, 24, 28, 28, 26, 30,
         28, 30, 30, 30, 30, 28, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30],
        [0, 17, 28, 22, 16, 22, 28, 26, 26, 24, 28, 24, 28, 22, 24, 24, 30, 28, 28, 26, 28,
         30, 24, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30],
    ]

    /// Number of error-correction blocks, rows L, M, Q, H (Table 9).
    static let blockCount: [[Int]] = [
        [0, 1, 1, 1, 1, 1, 2, 2, 2, 2, 4, 4, 4, 4, 4, 6, 6, 6, 6, 7, 8,
         8, 9, 9, 10, 12, 12, 12, 13, 14, 15, 16, 17, 18, 19, 19, 20, 21, 22, 24, 25],
        [0, 1, 1, 1, 2, 2, 4, 4, 4, 5, 5, 5, 8, 9, 9, 10, 10, 11, 13, 14, 16,
         17, 17, 18, 20, 21, 23, 25, 26, 28, 29, 31, 33, 35, 37, 38, 40, 43, 45, 47, 49],
        [0, 1, 1, 2, 2, 4, 4, 6, 6, 8, 8, 8, 10, 12, 16, 12, 17, 16, 18, 21, 20,
         23, 23, 25, 27, 29, 34, 34, 35, 38, 40, 43, 45, 48, 51, 53, 56, 59, 62, 65, 68],
        [0, 1, 1, 2, 4, 4, 4, 5, 6, 8, 8, 11, 11, 16, 16, 18, 16, 19, 21, 25, 25,
         25, 34, 30, 32, 35, 37, 40, 42, 45, 48, 51, 54, 57, 60, 63, 66, 70, 74, 77, 81],
    ]

    static func codewordsPerBlock(version: Int, level: QRErrorCorrection) -> Int {
        codewordsPerBlock[level.tableIndex][version]
    }

    static func blockCount(version: Int, level: QRErrorCorrection) -> Int {
        blockCount[level.tableIndex][version]
    }
}

/// Codeword counts derived from the symbol geometry (ISO/IEC 18004:2015 §7.7.1, Table 1).
enum CodewordCapacity {
    /// Modules available for data and error-correction bits, remainder bits included.
    /// Derived from Table 1: all modules minus finders, separators, timing, alignment,
    /// format and version areas.
    static func rawDataModules(version: Int) -> Int {
        var modules = (16 * version + 128) * version + 64
        if version >= 2 {
            let alignmentPerSide = version / 7 + 2
            modules -= (25 * alignmentPerSide - 10) * alignmentPerSide - 55
            if version >= 7 { modules -= 36 }  // two 6×3 version-information blocks
        }
        return modules
    }

    /// Total codewords (data + error correction), Table 9 column "Total number of codewords".
    static func totalCodewords(version: Int) -> Int {
        rawDataModules(version: version) / 8
    }

    /// Data codewords available at a version and level (Table 7 / Table 9).
    static func dataCodewords(version: Int, level: QRErrorCorrection) -> Int {
        totalCodewords(version: version)
            - ErrorCorrectionTable.codewordsPerBlock(version: version, level: level)
            * ErrorCorrectionTable.blockCount(version: version, level: level)
    }
}
