import Foundation
import PasserelleCore

/// JSON-LD as real sites publish it, mended before a strict parse: JavaScript comments (`// category`,
/// `/* … */`) and HTML comments between values, commas before a closing bracket, raw control characters (a tab or a newline inside a string), an
/// HTML comment or CDATA wrapper round the block. Each repair is named so that the import report can say what was
/// changed; nothing else is guessed (an unbalanced bracket stays an error).
enum LenientJSON {
    /// What was mended, once per kind.
    enum Repair: String, Sendable, Hashable, CaseIterable {
        case comments = "comments removed"
        case trailingCommas = "trailing commas removed"
        case controlCharacters = "control characters escaped"
        case wrapper = "HTML comment or CDATA wrapper removed"
    }

    /// The deepest nesting a block may have: deeper is refused before parsing (a bracket bomb).
    static let maximumDepth = 64

    enum Failure: Error, Equatable {
        case tooDeep
        case invalid(String)
    }

    /// The parsed value of `text`, and what had to be mended.
    static func parse(_ text: String) throws(Failure) -> (value: Any, repairs: Set<Repair>) {
        var repairs = Set<Repair>()
        let unwrapped = unwrap(text, &repairs)
        let mended = try mend(unwrapped, &repairs)
        do {
            return (try JSONSerialization.jsonObject(with: mended, options: [.fragmentsAllowed]), repairs)
        } catch {
            throw .invalid((error as NSError).userInfo["NSDebugDescription"] as? String ?? "not JSON")
        }
    }

    /// A JSON number as a `Double`; nil for anything else, booleans included (`JSONSerialization` gives both as
    /// `NSNumber`; a boolean's type code is `c`, and JSON numbers never get that one).
    static func number(_ value: Any?) -> Double? {
        guard let number = value as? NSNumber, String(cString: number.objCType) != "c" else { return nil }
        return number.doubleValue
    }

    private static func unwrap(_ text: String, _ repairs: inout Set<Repair>) -> String {
        var body = text.trimmingWhiteSpace()
        for (open, close) in [("<!--", "-->"), ("<![CDATA[", "]]>"), ("//<![CDATA[", "//]]>")] where body.hasPrefix(open) && body.hasSuffix(close) {
            body = String(body.dropFirst(open.count).dropLast(close.count)).trimmingWhiteSpace()
            repairs.insert(.wrapper)
        }
        return body
    }

    /// One pass over the text's UTF-8 bytes, aware of strings (every character JSON gives a meaning to is ASCII, so
    /// a multi-byte character is copied through untouched): drops comments, escapes control characters inside
    /// strings, and drops a comma whose next meaningful character closes an object or an array.
    private static func mend(_ text: String, _ repairs: inout Set<Repair>) throws(Failure) -> Data {
        let bytes = Array(text.utf8)
        var output = [UInt8]()
        output.reserveCapacity(bytes.count)
        var index = 0, depth = 0
        var inString = false
        var pendingComma = false  // a comma read but not written yet: written unless a closer comes first
        func starts(with prefix: StaticString, at position: Int) -> Bool {
            let count = prefix.utf8CodeUnitCount
            guard position + count <= bytes.count else { return false }
            return prefix.withUTF8Buffer { bytes[position..<(position + count)].elementsEqual($0) }
        }
        let quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\"), slash = UInt8(ascii: "/"), star = UInt8(ascii: "*")
        let hex = Array("0123456789abcdef".utf8)
        while index < bytes.count {
            let c = bytes[index]
            if inString {
                if c == backslash, index + 1 < bytes.count {
                    output.append(c)
                    output.append(bytes[index + 1])
                    index += 2
                    continue
                }
                if c == quote { inString = false }
                if c < 0x20 {
                    output.append(contentsOf: [backslash, UInt8(ascii: "u"), 48, 48, hex[Int(c >> 4)], hex[Int(c & 0xF)]])
                    repairs.insert(.controlCharacters)
                } else {
                    output.append(c)
                }
                index += 1
                continue
            }
            // An HTML comment between values (`<!-- John joined the festival. -->` before the object).
            if c == UInt8(ascii: "<"), starts(with: "<!--", at: index) {
                index += 4
                while index < bytes.count, !starts(with: "-->", at: index) { index += 1 }
                index += 3
                repairs.insert(.comments)
                continue
            }
            if c == slash, index + 1 < bytes.count, bytes[index + 1] == slash {
                while index < bytes.count, bytes[index] != UInt8(ascii: "\n") { index += 1 }
                repairs.insert(.comments)
                continue
            }
            if c == slash, index + 1 < bytes.count, bytes[index + 1] == star {
                index += 2
                while index + 1 < bytes.count, !(bytes[index] == star && bytes[index + 1] == slash) { index += 1 }
                index += 2
                repairs.insert(.comments)
                continue
            }
            let blank = c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D
            if pendingComma, !blank {
                if c == UInt8(ascii: "}") || c == UInt8(ascii: "]") { repairs.insert(.trailingCommas) } else { output.append(UInt8(ascii: ",")) }
                pendingComma = false
            }
            switch c {
            case quote: inString = true
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
                if depth > maximumDepth { throw .tooDeep }
            case UInt8(ascii: "}"), UInt8(ascii: "]"): depth -= 1
            case UInt8(ascii: ","):
                // Held back until the next meaningful character (comments skipped) shows whether it trails.
                pendingComma = true
                index += 1
                continue
            default: break
            }
            output.append(c)
            index += 1
        }
        if pendingComma { output.append(UInt8(ascii: ",")) }
        return Data(output)
    }
}
