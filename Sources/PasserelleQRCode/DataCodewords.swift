/// Builds the data codeword sequence and the final interleaved message.
enum DataCodewords {
    /// Smallest version whose data capacity holds the segment (§7.4.1, Table 7).
    static func smallestVersion(for segment: DataSegment, level: QRErrorCorrection) -> Int? {
        (1...40).first { version in
            guard let bits = segment.encodedBitCount(version: version) else { return false }
            return bits <= CodewordCapacity.dataCodewords(version: version, level: level) * 8
        }
    }

    /// Header, payload, terminator, bit padding and pad codewords (§7.4.9, §7.4.10).
    static func dataCodewords(
        for segment: DataSegment, version: Int, level: QRErrorCorrection
    ) -> [UInt8] {
        let capacityBits = CodewordCapacity.dataCodewords(version: version, level: level) * 8
        var buffer = BitBuffer()
        buffer.append(segment.mode.indicator, length: 4)
        buffer.append(segment.characterCount,
                      length: segment.mode.characterCountBits(version: version))
        for bit in segment.payload.bits { buffer.append(bit ? 1 : 0, length: 1) }
        // Terminator: up to four 0 bits, fewer if the symbol is full (§7.4.9).
        buffer.append(0, length: min(4, capacityBits - buffer.count))
        // Zero bits to the next codeword boundary, none if already aligned (§7.4.10).
        buffer.append(0, length: (8 - buffer.count % 8) % 8)
        var codewords = buffer.bytes
        // Alternate pad codewords 11101100 and 00010001 to fill the capacity (§7.4.10).
        let padCodewords: [UInt8] = [0xEC, 0x11]
        var padIndex = 0
        while codewords.count < capacityBits / 8 {
            codewords.append(padCodewords[padIndex % 2])
            padIndex += 1
        }
        return codewords
    }

    /// Splits data into blocks, appends Reed–Solomon codewords and interleaves
    /// them (§7.5.2, §7.6, Table 9). Shorter blocks come first (§7.5.2 note).
    static func interleavedMessage(
        data: [UInt8], version: Int, level: QRErrorCorrection
    ) -> [UInt8] {
        let blockCount = ErrorCorrectionTable.blockCount(version: version, level: level)
        let ecLength = ErrorCorrectionTable.codewordsPerBlock(version: version, level: level)
        let totalCodewords = CodewordCapacity.totalCodewords(version: version)
        let longBlockCount = totalCodewords % blockCount
        let shortBlockDataLength = totalCodewords / blockCount - ecLength
        let generator = ReedSolomon.generator(degree: ecLength)

        var dataBlocks: [[UInt8]] = []
        var ecBlocks: [[UInt8]] = []
        var start = 0
        for blockIndex in 0..<blockCount {
            let isLong = blockIndex >= blockCount - longBlockCount
            let length = shortBlockDataLength + (isLong ? 1 : 0)
            let block = Array(data[start..<min(start + length, data.count)])
            start += length
            dataBlocks.append(block)
            ecBlocks.append(ReedSolomon.errorCorrection(for: block, generator: generator))
        }

        var message: [UInt8] = []
        message.reserveCapacity(totalCodewords)
        for column in 0...shortBlockDataLength {
            for block in dataBlocks where column < block.count { message.append(block[column]) }
        }
        for column in 0..<ecLength {
            for block in ecBlocks { message.append(block[column]) }
        }
        return message
    }
}
