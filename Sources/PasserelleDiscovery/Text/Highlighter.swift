/// A run of a displayed text, marked when it matches a query word.
public struct HighlightSegment: Sendable, Hashable, Codable {
    public let text: String
    public let match: Bool

    public init(text: String, match: Bool) {
        self.text = text
        self.match = match
    }
}

/// Marks the words of an original text (accents, case and punctuation kept) whose folded token matches a query
/// term, and cuts long texts to a window around the first match.
public enum Highlighter {
    /// The segments of `text`, matched words marked. Adjacent unmarked runs are merged.
    public static func segments(_ text: String, terms: QueryTerms) -> [HighlightSegment] {
        guard !terms.isEmpty else { return text.isEmpty ? [] : [HighlightSegment(text: text, match: false)] }
        var segments: [HighlightSegment] = []
        func append(_ piece: Substring, match: Bool) {
            guard !piece.isEmpty else { return }
            if let last = segments.last, !last.match, !match {
                segments[segments.count - 1] = HighlightSegment(text: last.text + piece, match: false)
            } else {
                segments.append(HighlightSegment(text: String(piece), match: match))
            }
        }
        var index = text.startIndex
        while index < text.endIndex {
            let isWordCharacter: (Character) -> Bool = { $0.isLetter || $0.isNumber || $0.unicodeScalars.allSatisfy { $0.properties.generalCategory == .nonspacingMark } }
            if isWordCharacter(text[index]) {
                let end = text[index...].firstIndex { !isWordCharacter($0) } ?? text.endIndex
                let word = text[index..<end]
                append(word, match: matches(word, terms))
                index = end
            } else {
                let end = text[index...].firstIndex(where: isWordCharacter) ?? text.endIndex
                append(text[index..<end], match: false)
                index = end
            }
        }
        return segments
    }

    /// A window of about `length` characters of `text` starting a little before its first match, with an
    /// ellipsis where it was cut; the start of the text when nothing matches.
    public static func snippet(_ text: String, terms: QueryTerms, length: Int = 180) -> [HighlightSegment] {
        let all = segments(text, terms: terms)
        guard text.count > length else { return all }
        var offset = 0
        var firstMatch = 0
        for segment in all {
            if segment.match { firstMatch = offset; break }
            offset += segment.text.count
        }
        let start = max(0, firstMatch - length / 4)
        var window: [HighlightSegment] = start > 0 ? [HighlightSegment(text: "…", match: false)] : []
        var position = 0
        var kept = 0
        for segment in all {
            let count = segment.text.count
            defer { position += count }
            if position + count <= start { continue }
            if kept >= length { break }
            let skip = max(0, start - position)
            let take = min(count - skip, length - kept)
            let piece = String(segment.text.dropFirst(skip).prefix(take))
            window.append(HighlightSegment(text: piece, match: segment.match))
            kept += take
        }
        if start + kept < text.count { window.append(HighlightSegment(text: "…", match: false)) }
        return window
    }

    private static func matches(_ word: Substring, _ terms: QueryTerms) -> Bool {
        SearchText.words(String(word)).contains { folded in
            guard let token = SearchText.token(fromWord: folded) else { return false }
            return terms.terms.contains { $0.quality(of: token) > 0 }
        }
    }
}
