import Foundation

/// The `<script type="application/ld+json">` blocks of an HTML page, in order, found without an HTML parser:
/// a case-insensitive scan for script tags whose `type` attribute is `application/ld+json` (with or without
/// parameters), their content up to `</script>`. A file that is JSON itself (starts with `{` or `[`) is one block.
enum JSONLDBlocks {
    /// One block and where it starts.
    struct Block: Sendable, Hashable {
        /// 1-based, in page order.
        let position: Int
        /// 1-based line of the page where the block's content starts.
        let line: Int
        let text: String
    }

    static func blocks(in document: String) -> [Block] {
        let trimmed = document.drop { $0.isWhitespace || $0 == "\u{FEFF}" }
        if trimmed.first == "{" || trimmed.first == "[" { return [Block(position: 1, line: 1, text: String(trimmed))] }
        var blocks: [Block] = []
        // Tag names are ASCII, so the scan compares UTF-8 bytes, ASCII letters case-insensitively.
        let source = Array(document.utf8)
        var cursor = 0
        // Lines are counted as the scan goes, once over the page (recounting from the top made a page of
        // 2 000 blocks quadratic).
        var counted = 0, line = 1
        while let open = find("<script", in: source, from: cursor) {
            guard let tagEnd = source[open...].firstIndex(of: UInt8(ascii: ">")) else { break }
            let tag = String(decoding: source[open..<tagEnd], as: UTF8.self).lowercased()
            guard let close = find("</script", in: source, from: tagEnd + 1) else { break }
            if isJSONLD(tag) {
                let text = String(decoding: source[(tagEnd + 1)..<close], as: UTF8.self)
                line += source[counted..<(tagEnd + 1)].reduce(0) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 }
                counted = tagEnd + 1
                blocks.append(Block(position: blocks.count + 1, line: line, text: text))
            }
            cursor = close + 8
        }
        return blocks
    }

    /// `type="application/ld+json"`, quoted or not, parameters allowed (`; charset=utf-8`). Only the attribute
    /// named `type` counts (`data-type` or an id containing "type" does not).
    static func isJSONLD(_ tag: String) -> Bool {
        var rest = Substring(tag)
        while let range = rest.range(of: "type") {
            let before = rest[..<range.lowerBound].last
            let after = rest[range.upperBound...].drop { $0 == " " || $0 == "\t" || $0 == "\n" }
            if let before, before.isWhitespace, after.first == "=" {
                let value = after.dropFirst().drop { $0 == " " || $0 == "\"" || $0 == "'" }
                return value.hasPrefix("application/ld+json")
            }
            rest = rest[range.upperBound...]
        }
        return false
    }

    /// The first place from `start` where `needle` (lowercase ASCII) occurs, ignoring the case of ASCII letters.
    private static func find(_ needle: StaticString, in haystack: [UInt8], from start: Int) -> Int? {
        needle.withUTF8Buffer { needle in
            guard let first = needle.first, haystack.count >= needle.count else { return nil }
            var index = start
            while index <= haystack.count - needle.count {
                if haystack[index] | 0x20 == first {
                    var offset = 1
                    while offset < needle.count, Self.lower(haystack[index + offset]) == needle[offset] { offset += 1 }
                    if offset == needle.count { return index }
                }
                index += 1
            }
            return nil
        }
    }

    private static func lower(_ byte: UInt8) -> UInt8 { (65...90).contains(byte) ? byte | 0x20 : byte }
}
