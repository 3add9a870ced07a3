import Foundation
import PasserelleCore

/// A date pattern of a mapping, compiled: `dd/MM/yyyy HH:mm`, `yyyy-MM-dd'T'HH:mm:ssXXX`… Read by hand, strictly
/// (the whole value must match; impossible dates such as 30/02 are refused), and without a formatter's locale.
struct CSVMappingDateFormat: Sendable {
    enum Token: Sendable, Hashable {
        case year, month, day, hour, minute, second, fraction, offset
        case literal(Character)
    }

    /// Why a pattern cannot be used.
    struct Invalid: Error {
        let message: String
        init(_ message: String) { self.message = message }
    }

    let pattern: String
    let tokens: [Token]
    var hasTime: Bool { tokens.contains(.hour) }

    /// The ISO 8601 forms `iso8601` stands for: with or without seconds, fractions, offset; a day alone.
    static let iso8601 = [
        "yyyy-MM-dd'T'HH:mm:ss.SSSXXX", "yyyy-MM-dd'T'HH:mm:ssXXX", "yyyy-MM-dd'T'HH:mmXXX", "yyyy-MM-dd'T'HH:mm:ss.SSS",
        "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd HH:mm:ssXXX", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd",
    ]

    /// The pattern compiled, or why it cannot be (a letter that is not a supported field: `hh`, `MMM`, `EEE`…).
    static func compile(_ pattern: String) -> Result<CSVMappingDateFormat, Invalid> {
        var tokens: [Token] = []
        var characters = Array(pattern)[...]
        while let first = characters.first {
            if first == "'" {
                characters = characters.dropFirst()
                while let next = characters.first, next != "'" {
                    tokens.append(.literal(next))
                    characters = characters.dropFirst()
                }
                guard characters.first == "'" else { return .failure(Invalid("date format '\(pattern)' has an unclosed quote")) }
                characters = characters.dropFirst()
                continue
            }
            guard first.isASCII, first.isLetter else {
                tokens.append(.literal(first))
                characters = characters.dropFirst()
                continue
            }
            let run = characters.prefix { $0 == first }
            characters = characters.dropFirst(run.count)
            let token: Token? = switch (first, run.count) {
            case ("y", 4): .year
            case ("M", 1...2): .month
            case ("d", 1...2): .day
            case ("H", 1...2): .hour
            case ("m", 1...2): .minute
            case ("s", 1...2): .second
            case ("S", _): .fraction
            case ("X", 1...3), ("x", 1...3), ("Z", 1...5): .offset
            default: nil
            }
            guard let token else {
                return .failure(Invalid("date format '\(pattern)': '\(String(run))' is not supported (use yyyy, MM, dd, HH, mm, ss, SSS, XXX)"))
            }
            tokens.append(token)
        }
        guard tokens.contains(.year), tokens.contains(.month), tokens.contains(.day) else {
            return .failure(Invalid("date format '\(pattern)' needs yyyy, MM and dd"))
        }
        return .success(CSVMappingDateFormat(pattern: pattern, tokens: tokens))
    }

    /// The instant `text` names, with `calendar`'s zone when it has no offset; nil when it does not match.
    func date(_ text: String, in calendar: Calendar) -> Date? {
        let characters = Array(text.trimmingCharacters(in: .whitespaces))
        var index = 0
        var values: [Token: Int] = [:]
        var offset: Int?
        func number(maxDigits: Int, minDigits: Int = 1) -> Int? {
            var value = 0, count = 0
            while index < characters.count, count < maxDigits, let digit = characters[index].wholeNumberValue, characters[index].isASCII {
                value = value * 10 + digit
                index += 1
                count += 1
            }
            return count >= minDigits ? value : nil
        }
        for token in tokens {
            switch token {
            case .literal(let expected):
                guard index < characters.count, characters[index].lowercased() == expected.lowercased() else { return nil }
                index += 1
            case .year:
                guard let value = number(maxDigits: 4, minDigits: 4) else { return nil }
                values[.year] = value
            case .fraction:
                guard number(maxDigits: 9) != nil else { return nil }
            case .offset:
                guard index < characters.count else { return nil }
                let sign = characters[index]
                index += 1
                if sign == "Z" || sign == "z" {
                    offset = 0
                    continue
                }
                guard sign == "+" || sign == "-", let hours = number(maxDigits: 2, minDigits: 2), hours < 24 else { return nil }
                if index < characters.count, characters[index] == ":" { index += 1 }
                let minutes = number(maxDigits: 2, minDigits: 2) ?? 0
                guard minutes < 60 else { return nil }
                offset = (sign == "-" ? -1 : 1) * (hours * 3_600 + minutes * 60)
            default:
                guard let value = number(maxDigits: 2) else { return nil }
                values[token] = value
            }
        }
        guard index == characters.count, let year = values[.year], let month = values[.month], let day = values[.day],
            (1...12).contains(month), (1...31).contains(day), (values[.hour] ?? 0) < 24, (values[.minute] ?? 0) < 60, (values[.second] ?? 0) < 61
        else { return nil }
        var zoned = calendar
        if let offset, let zone = TimeZone(secondsFromGMT: offset) { zoned.timeZone = zone }
        let components = DateComponents(year: year, month: month, day: day, hour: values[.hour] ?? 0, minute: values[.minute] ?? 0, second: values[.second] ?? 0)
        guard let date = zoned.date(from: components), zoned.component(.day, from: date) == day else { return nil }
        return date
    }
}

/// Numbers and prices as a mapping declares them.
enum CSVMappingNumber {
    /// A number with the declared decimal separator; the other one is a thousands separator, as are spaces. In
    /// point mode, a lone comma is refused rather than guessed (`1,5` might be 1.5 or 15).
    static func parse(_ raw: String, _ decimal: CSVColumnMapping.DecimalSeparator) -> Double? {
        var text = String(raw.unicodeScalars.filter { !$0.properties.isWhitespace }.map(Character.init))
        switch decimal {
        case .comma:
            if text.contains(",") { text = text.replacingOccurrences(of: ".", with: "") }
        case .point:
            if text.contains(",") {
                guard text.contains(".") else { return nil }
                text = text.replacingOccurrences(of: ",", with: "")
            }
        }
        return Clean.decimal(text)
    }

    /// A price in euro cents: a number, with or without `€`/`EUR`; `gratuit`, `free` or `libre` is 0.
    static func cents(_ raw: String, _ decimal: CSVColumnMapping.DecimalSeparator) -> Int64? {
        let folded = Clean.foldKey(raw)
        if ["gratuit", "gratuite", "free", "libre", "entree libre"].contains(folded) { return 0 }
        var text = raw
        for mark in ["€", "EUR", "eur", "euros", "euro"] { text = text.replacingOccurrences(of: mark, with: "") }
        guard let euros = parse(text, decimal), euros >= 0 else { return nil }
        let cents = (euros * 100).rounded()
        return cents <= Double(PriceRange.maximumCents) ? Int64(cents) : nil
    }
}

/// A file's bytes as UTF-8, from the encoding its mapping declares.
enum CSVMappingText {
    /// The UTF-8 bytes, and a note when the file contradicted the mapping (a UTF-8 byte-order mark on a file
    /// declared Windows-1252: the mark wins). Refuses UTF-16 and bytes the encoding does not define.
    static func utf8(_ data: Data, _ encoding: CSVColumnMapping.TextEncoding) -> Result<([UInt8], String?), CSVFeed.Refusal> {
        let bytes = [UInt8](data)
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            return .failure(.undecodable(encoding: "UTF-16", byteOffset: 0, hint: "save the file as UTF-8 or Windows-1252"))
        }
        if let zero = bytes.firstIndex(of: 0) {
            return .failure(.undecodable(encoding: encoding.rawValue, byteOffset: zero, hint: "a NUL byte: this is not a text file"))
        }
        let hasBOM = bytes.starts(with: [0xEF, 0xBB, 0xBF])
        if encoding == .utf8 || hasBOM {
            if let offset = firstInvalidUTF8(bytes) {
                return .failure(.undecodable(encoding: "utf-8", byteOffset: offset, hint: "declare windows-1252 if the file was saved by Excel"))
            }
            return .success((bytes, hasBOM && encoding != .utf8 ? "the file starts with a UTF-8 byte-order mark although the mapping says \(encoding.rawValue): read as UTF-8" : nil))
        }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 8)
        for (offset, byte) in bytes.enumerated() {
            if byte < 0x80 {
                out.append(byte)
                continue
            }
            var scalar = Unicode.Scalar(byte)
            if encoding == .windows1252, (0x80...0x9F).contains(byte) {
                guard let mapped = Clean.windows1252[UInt32(byte)] else {
                    return .failure(.undecodable(encoding: encoding.rawValue, byteOffset: offset, hint: "byte 0x\(String(byte, radix: 16, uppercase: true)) has no character in Windows-1252"))
                }
                scalar = mapped
            }
            out.append(contentsOf: String(Character(scalar)).utf8)
        }
        return .success((out, nil))
    }

    /// The offset of the first byte that does not begin a valid UTF-8 sequence, or nil when all is valid.
    private static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
        guard String(validating: bytes, as: UTF8.self) == nil else { return nil }
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        var offset = 0
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): offset += UTF8.width(scalar)
            case .emptyInput: return nil
            case .error: return offset
            }
        }
    }
}
