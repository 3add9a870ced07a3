import Foundation
import PasserelleCore

/// The value readers of podcastparser, rule for rule, so that a feed reads as it reads there: white space,
/// HTML detection and stripping, durations, lengths and media types.
enum PodcastText {
    /// Trimmed, every run of white space one space (`squash_whitespace`).
    static func squash(_ text: String) -> String {
        text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    /// Trimmed, runs of white space other than line breaks one space (`squash_whitespace_not_nl`).
    static func squashKeepingLines(_ text: String) -> String {
        var result = ""
        var pendingSpace = false
        for scalar in strip(text).unicodeScalars {
            if scalar == "\n" || scalar == "\r" {
                pendingSpace = false
                result.unicodeScalars.append(scalar)
            } else if scalar.properties.isWhitespace {
                pendingSpace = true
            } else {
                if pendingSpace { result.unicodeScalars.append(" ") }
                pendingSpace = false
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// Python's `str.strip()`.
    static func strip(_ text: String) -> String { text.trimmingWhiteSpace() }

    /// podcastparser's `is_html`: an opening tag somewhere (`<p>`, `<br/>`, `<a href…>`), not a lone `<` (`a < b`).
    static func isHTML(_ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars)
        var index = 0
        while index < scalars.count {
            defer { index += 1 }
            guard scalars[index] == "<", index + 1 < scalars.count, isASCIILetter(scalars[index + 1]) else { continue }
            var end = index + 2
            while end < scalars.count, isASCIILetter(scalars[end]) || ("0"..."9").contains(scalars[end]) { end += 1 }
            guard end < scalars.count else { return false }
            let next = scalars[end]
            if next == ">" { return true }
            if next == "/", end + 1 < scalars.count, scalars[end + 1] == ">" { return true }
            if next.properties.isWhitespace, scalars[(end + 1)...].contains(">") { return true }
        }
        return false
    }

    private static func isASCIILetter(_ scalar: Unicode.Scalar) -> Bool { ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) }

    /// podcastparser's `remove_html_tags`: line breaks for `<br>`, `<ul>`, `</li>` and `<p>`, ` * ` for list items,
    /// tags removed, numeric and HTML 4 named entities decoded (an unknown name is dropped), at most one blank line.
    static func removeHTMLTags(_ html: String) -> String {
        var result = Regexes.newlineTags.replace(in: html, with: "\n")
        result = Regexes.listingTags.replace(in: result, with: "\n * ")
        result = Regexes.paragraph.replace(in: result, with: "\n\n")
        result = Regexes.anyTag.replace(in: result, with: "")
        result = Regexes.numericEntity.replace(in: result) { groups in
            Int(groups[1]).flatMap { Unicode.Scalar(UInt32($0)) }.map { String(Character($0)) } ?? ""
        }
        result = Regexes.namedEntity.replace(in: result) { groups in PodcastHTMLEntities.table[groups[1]] ?? "" }
        result = Regexes.manyNewlines.replace(in: result, with: "$1")
        return strip(result)
    }

    /// A duration in seconds (`parse_time`): `hh:mm:ss`, `mm:ss`, seconds, each with an optional fraction that
    /// is dropped; 0 when blank or unreadable.
    static func seconds(_ raw: String) -> Int {
        let value = strip(raw)
        if value.isEmpty { return 0 }
        let parts = value.split(separator: ":", omittingEmptySubsequences: false)
        func digits(_ text: Substring, maxCount: Int? = nil) -> Int? {
            guard !text.isEmpty, text.allSatisfy({ $0.isASCII && $0.isNumber }), maxCount.map({ text.count <= $0 }) ?? true else { return nil }
            return Int(text)
        }
        func withFraction(_ text: Substring, maxCount: Int?) -> Int? {
            guard let dot = text.firstIndex(of: ".") else { return digits(text, maxCount: maxCount) }
            let fraction = text[text.index(after: dot)...]
            guard !fraction.isEmpty, fraction.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
            return digits(text[..<dot], maxCount: maxCount)
        }
        var total: Int?
        switch parts.count {
        case 3:
            if let h = digits(parts[0]), let m = digits(parts[1], maxCount: 2), let s = withFraction(parts[2], maxCount: 2) { total = combine(h, m, s) }
        case 2:
            if let m = digits(parts[0]), let s = withFraction(parts[1], maxCount: 2) { total = combine(0, m, s) }
        case 1:
            total = withFraction(parts[0], maxCount: nil)
        default:
            break
        }
        return total ?? Int(value) ?? 0
    }

    private static func combine(_ hours: Int, _ minutes: Int, _ seconds: Int) -> Int? {
        let (h, o1) = hours.multipliedReportingOverflow(by: 3_600)
        let (hm, o2) = h.addingReportingOverflow(minutes * 60)
        let (total, o3) = hm.addingReportingOverflow(seconds)
        return o1 || o2 || o3 ? nil : total
    }

    /// A file length in bytes (`parse_length`); -1 when absent, zero or not a number.
    static func length(_ raw: String?) -> Int {
        guard let raw, let value = Int(strip(raw)), value != 0 else { return -1 }
        return value
    }

    /// A media type (`parse_type`): anything without a `/` is `application/octet-stream`.
    static func mediaType(_ raw: String?) -> String {
        guard let raw, raw.contains("/") else { return "application/octet-stream" }
        return raw
    }

    /// `itunes:explicit` and `podcast:locked` values; nil for any other word.
    static func flag(_ raw: String) -> Bool? {
        switch strip(raw).lowercased() {
        case "yes", "explicit", "true": true
        case "no", "clean", "false": false
        default: nil
        }
    }

    /// Python's `int()` on a text: surrounding white space allowed, nothing else.
    static func integer(_ raw: String) -> Int? { Int(strip(raw)) }
}

/// A compiled pattern with Python's `re.sub`.
struct PodcastRegex: @unchecked Sendable {
    // NSRegularExpression is immutable once built and documented as safe to share between threads.
    let expression: NSRegularExpression

    init(_ pattern: String, caseInsensitive: Bool = false) {
        // The patterns are constants of this file: a bad one is a programming error caught by every test.
        expression = try! NSRegularExpression(pattern: pattern, options: caseInsensitive ? [.caseInsensitive] : [])
    }

    func replace(in text: String, with template: String) -> String {
        expression.stringByReplacingMatches(in: text, range: NSRange(text.startIndex..., in: text), withTemplate: template)
    }

    /// Each match replaced by what `transform` makes of its groups (group 0 the whole match).
    func replace(in text: String, _ transform: ([String]) -> String) -> String {
        let source = text as NSString
        var result = ""
        var last = 0
        for match in expression.matches(in: text, range: NSRange(location: 0, length: source.length)) {
            result += source.substring(with: NSRange(location: last, length: match.range.location - last))
            let groups = (0..<match.numberOfRanges).map { match.range(at: $0).location == NSNotFound ? "" : source.substring(with: match.range(at: $0)) }
            result += transform(groups)
            last = match.range.location + match.range.length
        }
        return result + source.substring(from: last)
    }
}

private enum Regexes {
    static let newlineTags = PodcastRegex("(<br[^>]*>|<[/]?ul[^>]*>|</li>)", caseInsensitive: true)
    static let listingTags = PodcastRegex("<li[^>]*>", caseInsensitive: true)
    static let paragraph = PodcastRegex("<[Pp]>")
    static let anyTag = PodcastRegex("<[^>]*>")
    static let numericEntity = PodcastRegex("&#(\\d{2,4});")
    static let namedEntity = PodcastRegex("&(.{2,8});")
    static let manyNewlines = PodcastRegex("([\\r\\n]{2})([\\r\\n])+")
}
