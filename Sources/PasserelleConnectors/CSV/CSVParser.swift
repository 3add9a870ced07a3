/// An RFC 4180 CSV reader over UTF-8 bytes, lenient where real files are messy.
///
/// Handles quoted fields with doubled quotes and embedded delimiters or newlines, `\n`, `\r\n` and lone `\r`
/// line ends, a leading UTF-8 byte-order mark, and any one-byte delimiter (`,` or `;`). Rows keep however many
/// fields they have (ragged rows are the caller's to judge). It works on bytes because every structural
/// character is ASCII, so a multi-byte UTF-8 character can never be mistaken for one.
public struct CSVParser: Sequence, IteratorProtocol, Sendable {
    private let bytes: [UInt8]
    private let delimiter: UInt8
    private var position: Int
    private var line = 1

    private static let quote = UInt8(ascii: "\"")
    private static let newline = UInt8(ascii: "\n")
    private static let carriageReturn = UInt8(ascii: "\r")

    /// Reads `bytes` (a whole file's content) with the given one-byte ASCII delimiter.
    public init(bytes: [UInt8], delimiter: Character = ",") {
        precondition(delimiter.isASCII && delimiter != "\"", "the delimiter must be one ASCII character other than a quote")
        self.bytes = bytes
        self.delimiter = delimiter.asciiValue!
        // Skip the UTF-8 byte-order mark some exporters (Excel) write.
        self.position = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
    }

    /// Reads a string's UTF-8 content.
    public init(text: String, delimiter: Character = ",") {
        self.init(bytes: Array(text.utf8), delimiter: delimiter)
    }

    /// The next record, or nil at the end of the input. A final line end does not make an extra empty record.
    public mutating func next() -> CSVRecord? {
        guard position < bytes.count else { return nil }
        let startLine = line
        var fields: [String] = []
        var field: [UInt8] = []
        var inQuotes = false
        var fieldWasQuoted = false

        while position < bytes.count {
            let byte = bytes[position]
            position += 1
            if inQuotes {
                if byte == Self.quote {
                    if position < bytes.count && bytes[position] == Self.quote {
                        field.append(Self.quote)
                        position += 1
                    } else {
                        inQuotes = false
                    }
                } else {
                    if byte == Self.newline || (byte == Self.carriageReturn && peek() != Self.newline) { line += 1 }
                    field.append(byte)
                }
            } else if byte == Self.quote && field.isEmpty && !fieldWasQuoted {
                inQuotes = true
                fieldWasQuoted = true
            } else if byte == delimiter {
                fields.append(String(decoding: field, as: UTF8.self))
                field.removeAll(keepingCapacity: true)
                fieldWasQuoted = false
            } else if byte == Self.newline || byte == Self.carriageReturn {
                if byte == Self.carriageReturn && peek() == Self.newline { position += 1 }
                line += 1
                fields.append(String(decoding: field, as: UTF8.self))
                return CSVRecord(fields: fields, line: startLine)
            } else {
                // A quote inside an unquoted field, or text after a closing quote, is kept as written.
                field.append(byte)
            }
        }
        fields.append(String(decoding: field, as: UTF8.self))
        return CSVRecord(fields: fields, line: startLine, hasUnterminatedQuote: inQuotes)
    }

    private func peek() -> UInt8? { position < bytes.count ? bytes[position] : nil }
}
