import Foundation

/// One parameter of a content line (`TZID=Europe/Paris`, `MEMBER="a","b"`): its name in upper case, its values
/// unquoted (RFC 6868 `^n`, `^'`, `^^` decoded).
struct ICalParameter: Sendable, Hashable {
    let name: String
    let values: [String]
}

/// One unfolded content line: `NAME;PARAM=VALUE:value`. The name is in upper case (names are case-insensitive);
/// the value is as written (text escapes are decoded by `ICalText`, which knows the property's type).
struct ICalLine: Sendable, Hashable {
    let name: String
    let parameters: [ICalParameter]
    let value: String
    /// 1-based physical line where the content line starts.
    let line: Int

    func parameter(_ name: String) -> String? { parameters.first { $0.name == name }?.values.first }
}

/// The physical lines of a document unfolded into logical lines: CRLF, LF or a lone CR end a line; a line that
/// starts with a space or a tab continues the previous one (that one character removed). Unfolding works on bytes,
/// so a fold in the middle of a multi-byte character (Outlook does it) joins back into a valid one; each unfolded
/// line is then checked as UTF-8.
enum ICalUnfolder {
    struct Unfolded {
        let bytes: [UInt8]
        let line: Int
        /// Byte offsets in the document of the logical line's start and of its end (after its line break).
        let start: Int
        let end: Int
    }

    enum Problem: Error { case notUTF8 }

    static func lines(_ data: [UInt8], maximumLineBytes: Int) -> [Unfolded] {
        var result: [Unfolded] = []
        var current: [UInt8] = []
        var currentLine = 1, currentStart = 0, physical = 1, index = 0
        var hasCurrent = false
        // Skip a UTF-8 byte order mark.
        if data.count >= 3, data[0] == 0xEF, data[1] == 0xBB, data[2] == 0xBF { index = 3; currentStart = 3 }
        while index < data.count {
            // One physical line: [index, lineEnd), then its break.
            var lineEnd = index
            while lineEnd < data.count, data[lineEnd] != 0x0A, data[lineEnd] != 0x0D { lineEnd += 1 }
            var next = lineEnd
            if next < data.count {
                next += (data[next] == 0x0D && next + 1 < data.count && data[next + 1] == 0x0A) ? 2 : 1
            }
            let isContinuation = hasCurrent && lineEnd > index && (data[index] == 0x20 || data[index] == 0x09)
            if lineEnd == index {
                // A blank line: skipped, and a fold may continue after it (as the Python icalendar library reads).
            } else if isContinuation {
                if current.count <= maximumLineBytes { current.append(contentsOf: data[(index + 1)..<min(lineEnd, index + 1 + maximumLineBytes + 1)]) }
            } else {
                if hasCurrent { result.append(Unfolded(bytes: current, line: currentLine, start: currentStart, end: index)) }
                current = Array(data[index..<min(lineEnd, index + maximumLineBytes + 1)])
                currentLine = physical
                currentStart = index
                hasCurrent = true
            }
            physical += 1
            index = next
        }
        if hasCurrent { result.append(Unfolded(bytes: current, line: currentLine, start: currentStart, end: data.count)) }
        return result
    }

    /// A logical line parsed, or why it cannot be.
    static func parse(_ unfolded: Unfolded, maximumLineBytes: Int) -> Result<ICalLine, ICalLineError> {
        guard unfolded.bytes.count <= maximumLineBytes else { return .failure(.tooLong) }
        guard let text = String(validating: unfolded.bytes, as: UTF8.self) else { return .failure(.notUTF8) }
        return ICalLineParser.parse(text, line: unfolded.line)
    }
}

enum ICalLineError: Error, Equatable {
    case tooLong, notUTF8, malformed(String)

    var message: String {
        switch self {
        case .tooLong: "longer than \(ICalendarFeed.maximumLineBytes) bytes once unfolded"
        case .notUTF8: "not valid UTF-8"
        case .malformed(let detail): detail
        }
    }
}

/// `NAME *(";" PARAM) ":" VALUE`, with quoted parameter values that may hold `;`, `:` and `,`.
enum ICalLineParser {
    static func parse(_ text: String, line: Int) -> Result<ICalLine, ICalLineError> {
        let scalars = Array(text.unicodeScalars)
        var index = 0
        func isNameScalar(_ s: Unicode.Scalar) -> Bool {
            s.isASCII && (s.properties.isAlphabetic || ("0"..."9").contains(s) || s == "-" || s == "_")
        }
        func readName() -> String {
            let start = index
            while index < scalars.count, isNameScalar(scalars[index]) { index += 1 }
            return String(String.UnicodeScalarView(scalars[start..<index])).uppercased()
        }
        // Some producers put spaces around names and separators (issue 351): they are skipped.
        func skipSpaces() { while index < scalars.count, scalars[index] == " " || scalars[index] == "\t" { index += 1 } }
        skipSpaces()
        let name = readName()
        guard !name.isEmpty else { return .failure(.malformed("no property name")) }
        skipSpaces()
        var parameters: [ICalParameter] = []
        while index < scalars.count, scalars[index] == ";" {
            index += 1
            skipSpaces()
            let parameterName = readName()
            skipSpaces()
            guard !parameterName.isEmpty else { return .failure(.malformed("\(name): a parameter without a name")) }
            guard index < scalars.count, scalars[index] == "=" else {
                return .failure(.malformed("\(name): parameter \(parameterName) has no '='"))
            }
            index += 1
            var values: [String] = []
            while true {
                var value = String.UnicodeScalarView()
                if index < scalars.count, scalars[index] == "\"" {
                    index += 1
                    while index < scalars.count, scalars[index] != "\"" { value.append(scalars[index]); index += 1 }
                    guard index < scalars.count else { return .failure(.malformed("\(name): unterminated quoted parameter value")) }
                    index += 1
                } else {
                    while index < scalars.count, scalars[index] != ";", scalars[index] != ":", scalars[index] != "," {
                        value.append(scalars[index]); index += 1
                    }
                }
                values.append(caretDecoded(String(value)))
                if index < scalars.count, scalars[index] == "," { index += 1; continue }
                break
            }
            parameters.append(ICalParameter(name: parameterName, values: values))
        }
        guard index < scalars.count, scalars[index] == ":" else { return .failure(.malformed("\(name): no ':' before the value")) }
        let value = String(String.UnicodeScalarView(scalars[(index + 1)...]))
        return .success(ICalLine(name: name, parameters: parameters, value: value, line: line))
    }

    /// RFC 6868: `^n` is a newline, `^'` a double quote, `^^` a caret.
    static func caretDecoded(_ text: String) -> String {
        guard text.contains("^") else { return text }
        var result = "", pending = false
        for character in text {
            if pending {
                switch character {
                case "n", "N": result.append("\n")
                case "'": result.append("\"")
                case "^": result.append("^")
                default: result.append("^"); result.append(character)
                }
                pending = false
            } else if character == "^" { pending = true } else { result.append(character) }
        }
        if pending { result.append("^") }
        return result
    }
}

/// TEXT values: `\\`, `\;`, `\,`, `\n`/`\N` decoded; a list split on unescaped commas.
enum ICalText {
    static func unescaped(_ raw: String) -> String { list(raw, separator: nil).first ?? "" }

    /// The items of a comma-separated TEXT list (CATEGORIES), each unescaped; `\,` stays inside its item.
    static func list(_ raw: String, separator: Character? = ",") -> [String] {
        var items: [String] = [], current = "", escaping = false
        for character in raw {
            if escaping {
                switch character {
                case "n", "N": current.append("\n")
                default: current.append(character)
                }
                escaping = false
            } else if character == "\\" {
                escaping = true
            } else if let separator, character == separator {
                items.append(current); current = ""
            } else {
                current.append(character)
            }
        }
        if escaping { current.append("\\") }
        items.append(current)
        return items
    }
}
