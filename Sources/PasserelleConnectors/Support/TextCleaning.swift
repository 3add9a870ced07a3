import Foundation
import PasserelleCore

/// Small, strict readers for the messy values of real open data.
enum Clean {
    /// Trims and collapses runs of whitespace (stray spaces, non-breaking spaces, tabs) to one space, and repairs
    /// control characters: a C1 character (U+0080–U+009F) in these files is a Windows-1252 byte read as Latin-1
    /// (U+0092 is ’, U+009C is œ), so it becomes that character; any other control character is dropped. The
    /// catalogue refuses control characters, so without this a museum or a costume would be rejected whole.
    static func text(_ raw: String?) -> String {
        guard let raw else { return "" }
        if isAlreadyClean(raw) { return raw }
        let repaired = String(String.UnicodeScalarView(raw.unicodeScalars.compactMap(repairControl)))
        return repaired.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    /// The text with double encoding undone, or nil when it has none: UTF-8 bytes that were read as Windows-1252
    /// (or Latin-1) and written again as UTF-8, so "é" became "Ã©" ("AmbÃ©rieu-en-Bugey"). The repair is taken only
    /// when every character maps back to one byte and those bytes are valid UTF-8 with at least one multi-byte
    /// sequence: a correct "é" alone (byte E9) is not valid UTF-8, so clean text is never changed.
    static func undoubleEncoding(_ text: String) -> String? {
        guard text.unicodeScalars.contains(where: { $0.value == 0xC2 || $0.value == 0xC3 }) else { return nil }
        var bytes = [UInt8]()
        bytes.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            if scalar.value < 0x80 || (0xA0...0xFF).contains(scalar.value) {
                bytes.append(UInt8(scalar.value))
            } else if let byte = windows1252Byte[scalar] {
                bytes.append(byte)
            } else {
                return nil
            }
        }
        guard bytes.contains(where: { $0 >= 0x80 }), let repaired = String(validating: bytes, as: UTF8.self), repaired != text else { return nil }
        return repaired
    }

    /// The inverse of `windows1252`: the byte of each of its characters.
    private static let windows1252Byte: [Unicode.Scalar: UInt8] = Dictionary(
        uniqueKeysWithValues: windows1252.map { ($0.value, UInt8($0.key)) }
    )

    /// Windows-1252's characters for 0x80–0x9F (nil where it has none); also how `CSVFeed` decodes a Windows-1252 file.
    static let windows1252: [UInt32: Unicode.Scalar] = [
        0x80: "€", 0x82: "‚", 0x83: "ƒ", 0x84: "„", 0x85: "…", 0x86: "†", 0x87: "‡", 0x88: "ˆ", 0x89: "‰", 0x8A: "Š",
        0x8B: "‹", 0x8C: "Œ", 0x8E: "Ž", 0x91: "‘", 0x92: "’", 0x93: "“", 0x94: "”", 0x95: "•", 0x96: "–", 0x97: "—",
        0x98: "˜", 0x99: "™", 0x9A: "š", 0x9B: "›", 0x9C: "œ", 0x9E: "ž", 0x9F: "Ÿ",
    ]

    private static func repairControl(_ scalar: Unicode.Scalar) -> Unicode.Scalar? {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D: return " "
        case 0x00..<0x20, 0x7F: return nil
        case 0x80...0x9F: return windows1252[scalar.value]
        default: return scalar
        }
    }

    /// True when `raw` has no leading, trailing, doubled or non-space whitespace, judged on its UTF-8 bytes
    /// (Unicode whitespace properties are slow to query and most values are clean). Bytes that may start a
    /// non-ASCII whitespace (NBSP, U+2000…, U+3000) send the value to the slow path.
    static func isAlreadyClean(_ raw: String) -> Bool {
        var previousWasSpace = true
        for byte in raw.utf8 {
            switch byte {
            case 0x20:
                if previousWasSpace { return false }
                previousWasSpace = true
            case 0x00...0x1F, 0x7F, 0xC2, 0xE1, 0xE2, 0xE3:
                return false
            default:
                previousWasSpace = false
            }
        }
        return !previousWasSpace
    }

    /// The text, or nil when blank.
    static func optional(_ raw: String?) -> String? {
        let cleaned = text(raw)
        return cleaned.isEmpty ? nil : cleaned
    }

    /// A decimal number written with a point or a French decimal comma (`45,79`), or nil.
    static func decimal(_ raw: String) -> Double? {
        let trimmed = raw.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return nil }
        let normalised = trimmed.contains(".") ? trimmed : trimmed.replacingOccurrences(of: ",", with: ".")
        guard let value = Double(normalised), value.isFinite else { return nil }
        return value
    }

    /// Parses a "lat, lon" pair. Blank gives `.success(nil)`; a value that is not two numbers in range fails
    /// with a message quoting it. Accepts ", " or ";" between the two, or a lone "," when both use points.
    static func latitudeLongitude(_ raw: String) -> Result<GeoPoint?, CoordinateError> {
        let trimmed = raw.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty { return .success(nil) }
        let parts: [String]
        if trimmed.contains(";") {
            parts = trimmed.split(separator: ";").map(String.init)
        } else if trimmed.contains(", ") {
            parts = trimmed.components(separatedBy: ", ")
        } else {
            parts = trimmed.split(separator: ",").map(String.init)
        }
        guard parts.count == 2, let latitude = decimal(parts[0]), let longitude = decimal(parts[1]) else {
            return .failure(CoordinateError(message: "unreadable coordinates: '\(raw)'"))
        }
        return point(latitude: latitude, longitude: longitude, raw: raw)
    }

    /// A point from two numbers, failing with a message quoting `raw` when out of WGS 84 range.
    static func point(latitude: Double, longitude: Double, raw: String) -> Result<GeoPoint?, CoordinateError> {
        guard (-90.0...90.0).contains(latitude), (-180.0...180.0).contains(longitude) else {
            return .failure(CoordinateError(message: "coordinates out of range: '\(raw)'"))
        }
        return .success(GeoPoint(latitude: latitude, longitude: longitude))
    }

    /// A postal code: 5 digits, or 4 digits whose leading zero a spreadsheet dropped (`6400` → `06400`).
    /// Leading digits are taken from values such as `81003 cedex` or `75355 Paris 07 SP`.
    static func postalCode(_ raw: String?) -> String? {
        let digits = String(text(raw).prefix(while: { $0.isASCII && $0.isNumber }))
        switch digits.count {
        case 5: return digits
        case 4: return "0" + digits
        default: return nil
        }
    }

    /// An absolute web address. Sources often omit the scheme (`www.musee.fr/`, even `/www.musee.fr/`): https
    /// is then assumed, because nearly every site answers on it and browsers upgrade anyway.
    static func webURL(_ raw: String?) -> URL? {
        var trimmed = text(raw)
        let lowered = trimmed.lowercased()
        if !lowered.hasPrefix("http://") && !lowered.hasPrefix("https://") {
            trimmed = String(trimmed.drop(while: { $0 == "/" }))
        }
        guard !trimmed.isEmpty, !trimmed.contains(" ") else { return nil }
        let lower = trimmed.lowercased()
        let absolute = lower.hasPrefix("http://") || lower.hasPrefix("https://") ? trimmed : "https://" + trimmed
        guard let url = URL(string: absolute), let host = url.host, host.contains("."), absolute.count <= 2048 else {
            return nil
        }
        return url
    }

    /// The text cut to at most `limit` characters at a word boundary, with an ellipsis; nil when it fits.
    static func shortened(_ text: String, to limit: Int) -> String? {
        guard text.count > limit else { return nil }
        let head = text.prefix(limit - 1)
        let cut = head.lastIndex(of: " ").map { head[..<$0] } ?? head
        return cut.trimmingCharacters(in: .whitespaces) + "…"
    }

    /// A key to compare names: lowercase, no diacritics, punctuation as single spaces.
    static func foldKey(_ raw: String) -> String {
        let folded = raw.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
        let spaced = folded.map { $0.isLetter || $0.isNumber ? $0 : " " }
        return String(spaced).split(separator: " ").joined(separator: " ")
    }
}

/// A coordinate value that could not be used, with a message quoting it.
struct CoordinateError: Error, Sendable {
    let message: String
}
