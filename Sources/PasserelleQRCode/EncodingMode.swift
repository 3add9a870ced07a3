/// The data modes this encoder uses (ISO/IEC 18004:2015 §7.3, Table 2).
/// One mode is chosen for the whole text: no mixed segments, Kanji or ECI.
enum EncodingMode: Equatable {
    case numeric
    case alphanumeric
    case byte

    /// The 45-character alphanumeric set in value order, ISO/IEC 18004:2015 Table 5.
    static let alphanumericCharacters = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:".utf8)

    /// Mode indicator, Table 2.
    var indicator: Int {
        switch self {
        case .numeric: 0b0001
        case .alphanumeric: 0b0010
        case .byte: 0b0100
        }
    }

    /// Bits of the character count indicator, Table 3 (versions 1–9, 10–26, 27–40).
    func characterCountBits(version: Int) -> Int {
        let range = version <= 9 ? 0 : (version <= 26 ? 1 : 2)
        switch self {
        case .numeric: return [10, 12, 14][range]
        case .alphanumeric: return [9, 11, 13][range]
        case .byte: return [8, 16, 16][range]
        }
    }

    /// The most compact single mode that can represent every byte.
    static func choose(for bytes: [UInt8]) -> EncodingMode {
        if bytes.isEmpty { return .byte }
        if bytes.allSatisfy({ (0x30...0x39).contains($0) }) { return .numeric }
        if bytes.allSatisfy({ alphanumericCharacters.contains($0) }) { return .alphanumeric }
        return .byte
    }
}

/// A text converted to its mode's bit stream, without header (§7.4.3–7.4.5).
struct DataSegment {
    let mode: EncodingMode
    /// Characters for numeric/alphanumeric, bytes for byte mode (§7.4.2).
    let characterCount: Int
    let payload: BitBuffer

    init(text: String) {
        let bytes = Array(text.utf8)
        mode = EncodingMode.choose(for: bytes)
        characterCount = bytes.count
        var buffer = BitBuffer()
        switch mode {
        case .numeric: Self.appendNumeric(bytes, to: &buffer)
        case .alphanumeric: Self.appendAlphanumeric(bytes, to: &buffer)
        case .byte: bytes.forEach { buffer.append(Int($0), length: 8) }
        }
        payload = buffer
    }

    /// §7.4.3: groups of three digits in 10 bits; a final 2 or 1 digit in 7 or 4 bits.
    private static func appendNumeric(_ digits: [UInt8], to buffer: inout BitBuffer) {
        var start = 0
        while start < digits.count {
            let group = digits[start..<min(start + 3, digits.count)]
            let value = group.reduce(0) { $0 * 10 + Int($1 - 0x30) }
            buffer.append(value, length: group.count * 3 + 1)
            start += 3
        }
    }

    /// §7.4.4: pairs as 45·first + second in 11 bits; a final single character in 6 bits.
    private static func appendAlphanumeric(_ characters: [UInt8], to buffer: inout BitBuffer) {
        let values = characters.map { character in
            EncodingMode.alphanumericCharacters.firstIndex(of: character) ?? 0
        }
        var start = 0
        while start + 1 < values.count {
            buffer.append(values[start] * 45 + values[start + 1], length: 11)
            start += 2
        }
        if start < values.count { buffer.append(values[start], length: 6) }
    }

    /// Bits needed at `version` including mode indicator and count, or nil when the
    /// count does not fit the character count indicator.
    func encodedBitCount(version: Int) -> Int? {
        let countBits = mode.characterCountBits(version: version)
        guard characterCount < 1 << countBits else { return nil }
        return 4 + countBits + payload.count
    }
}
