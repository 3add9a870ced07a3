/// Typo tolerance by deletion neighbourhoods (the SymSpell idea): every indexed term is stored with the variants
/// obtained by deleting one of its characters; a query word that is not a term looks up its own one-deletion
/// variants among them. Two words meet when they are one substitution, insertion, deletion or transposition
/// apart, and many pairs two edits apart; `distance` then keeps only true matches within `allowedDistance`.
///
/// The lookup is a plain `IN` on an indexed column, so it behaves the same on SQLite and PostgreSQL.
public enum TypoTolerance {
    /// Words shorter than this are never corrected: too many short words are one letter apart.
    public static let minimumLength = 4
    /// The most corrections tried for one query word, nearest first.
    public static let maximumCandidates = 8

    /// How many edits a word of this length may carry: one from 4 letters, two from 8.
    public static func allowedDistance(forLength length: Int) -> Int {
        length >= 8 ? 2 : (length >= minimumLength ? 1 : 0)
    }

    /// The word itself and every word obtained by deleting one character, deduplicated, in a stable order.
    public static func deletionVariants(_ word: String) -> [String] {
        let characters = Array(word)
        var seen: Set<String> = [word]
        var variants = [word]
        guard characters.count >= minimumLength else { return variants }
        for index in characters.indices {
            var shorter = characters
            shorter.remove(at: index)
            let variant = String(shorter)
            if seen.insert(variant).inserted { variants.append(variant) }
        }
        return variants
    }

    /// The optimal-string-alignment distance (Damerau–Levenshtein with adjacent transpositions), stopping early
    /// once it exceeds `limit` (then it returns `limit + 1`).
    public static func distance(_ a: String, _ b: String, limit: Int = .max) -> Int {
        let s = Array(a.unicodeScalars), t = Array(b.unicodeScalars)
        if abs(s.count - t.count) > limit { return limit + 1 }
        if s.isEmpty { return t.count }
        if t.isEmpty { return s.count }
        var previousPrevious = [Int](repeating: 0, count: t.count + 1)
        var previous = Array(0...t.count)
        var current = [Int](repeating: 0, count: t.count + 1)
        for i in 1...s.count {
            current[0] = i
            var rowMinimum = current[0]
            for j in 1...t.count {
                let cost = s[i - 1] == t[j - 1] ? 0 : 1
                var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, s[i - 1] == t[j - 2], s[i - 2] == t[j - 1] {
                    value = min(value, previousPrevious[j - 2] + 1)
                }
                current[j] = value
                rowMinimum = min(rowMinimum, value)
            }
            if rowMinimum > limit { return limit + 1 }
            (previousPrevious, previous, current) = (previous, current, previousPrevious)
        }
        return previous[t.count]
    }

    /// Of `candidates` (terms found through the variants), those within the allowed distance of `word`, nearest
    /// first, then alphabetically, at most `maximumCandidates`.
    public static func corrections(of word: String, among candidates: some Sequence<String>) -> [String] {
        let allowed = allowedDistance(forLength: word.count)
        guard allowed > 0 else { return [] }
        let scored = Set(candidates).compactMap { candidate -> (String, Int)? in
            guard candidate != word else { return nil }
            let edits = distance(word, candidate, limit: allowed)
            return edits <= allowed ? (candidate, edits) : nil
        }
        return scored.sorted { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0 }.prefix(maximumCandidates).map(\.0)
    }
}
