import Foundation

/// The one text folding that both search engines index, so SQLite FTS5 and PostgreSQL `tsvector` see the same
/// tokens and answer the same queries. Folding happens in Swift, never in the engine.
///
/// A token is lowercase ASCII letters and digits: diacritics are removed (`Misérables` → `miserables`),
/// ligatures and letters without a decomposition are spelt out (`œ` → `oe`, `ß` → `ss`, `ł` → `l`), every other
/// character separates words. Single letters are dropped, which removes French and Italian elisions
/// (`l'opéra` → `opera`, `dell'arte` keeps `dell` and `arte`, `qu'il` drops `qu` as a stop word), and so are the
/// commonest function words of the six languages. Plurals are reduced by a light stemmer (`stem`).
public enum SearchText {
    /// The longest token kept; longer runs (hashes, URLs) are cut, not dropped.
    public static let maximumTokenLength = 40

    /// The folded words of `text`, in order, before stop words and stemming: `fold("L'Opéra-Bastille")` →
    /// `["l", "opera", "bastille"]`.
    public static func words(_ text: String) -> [String] {
        var words: [String] = []
        var current = String.UnicodeScalarView()
        func flush() {
            if !current.isEmpty { words.append(String(String(current).prefix(maximumTokenLength))) }
            current = String.UnicodeScalarView()
        }
        // Decomposing goes through Foundation and costs more than the folding itself: ASCII text has nothing to
        // decompose (a quarter of an import's indexing time went there).
        let decomposed = text.utf8.allSatisfy { $0 < 0x80 } ? text : text.decomposedStringWithCanonicalMapping
        for scalar in decomposed.unicodeScalars {
            let value = scalar.value
            if (0x61...0x7A).contains(value) || (0x30...0x39).contains(value) {
                current.append(scalar)
            } else if (0x41...0x5A).contains(value) {
                current.append(Unicode.Scalar(UInt8(value + 0x20)))
            } else if value < 0x80 {
                flush()
            } else if let spelt = spelling(of: scalar) {
                current.append(contentsOf: spelt.unicodeScalars)
            } else if scalar.properties.generalCategory == .nonspacingMark {
                continue
            } else {
                flush()
            }
        }
        flush()
        return words
    }

    /// The index and query tokens of `text`: folded words without single letters and stop words, stemmed.
    public static func tokens(_ text: String) -> [String] {
        words(text).compactMap(token(fromWord:))
    }

    /// One folded word as a token, or nil when it is a single letter or a stop word.
    public static func token(fromWord word: String) -> String? {
        guard word.count > 1 || word.first?.isNumber == true, !stopWords.contains(word) else { return nil }
        return stem(word)
    }

    /// Light plural reduction, the same for the six languages so that it never depends on a guessed language:
    /// `-eaux` → `-eau`, `-aux` → `-al`, `-eux`/`-oux` → `-eu`/`-ou`, `-ies` → `-y`, then a final `s` that does
    /// not follow another `s`, `u` or `i` (`concerts` → `concert`, `musees` → `musee`; `bus`, `paris`, `class`
    /// stay). Words of three letters or fewer are left as they are.
    public static func stem(_ word: String) -> String {
        guard word.count > 3, word.last?.isLetter == true else { return word }
        if word.hasSuffix("eaux") { return String(word.dropLast()) }
        if word.hasSuffix("aux"), word.count > 4 { return String(word.dropLast(2)) + "l" }
        if word.hasSuffix("eux") || word.hasSuffix("oux") { return String(word.dropLast()) }
        if word.hasSuffix("ies"), word.count > 4 { return String(word.dropLast(3)) + "y" }
        if word.hasSuffix("s") {
            let before = word.dropLast().last
            if before != "s" && before != "u" && before != "i" { return String(word.dropLast()) }
        }
        return word
    }

    /// The ASCII spelling of a letter or digit after canonical decomposition, nil for anything else.
    private static func spelling(of scalar: Unicode.Scalar) -> String? {
        let value = scalar.value
        if (0x61...0x7A).contains(value) || (0x30...0x39).contains(value) { return String(Character(scalar)) }
        if (0x41...0x5A).contains(value) { return String(Character(Unicode.Scalar(value + 0x20)!)) }
        if let spelt = letterSpellings[scalar] { return spelt }
        guard scalar.properties.isAlphabetic || scalar.properties.numericType != nil else { return nil }
        // Another script (Greek, Cyrillic…): kept lowercased, so that it is still searchable as typed.
        return scalar.properties.lowercaseMapping
    }

    private static let letterSpellings: [Unicode.Scalar: String] = [
        "œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss", "ẞ": "ss", "ø": "o", "Ø": "o", "ł": "l", "Ł": "l",
        "đ": "d", "Đ": "d", "ð": "d", "Ð": "d", "þ": "th", "Þ": "th", "ı": "i", "ĸ": "k", "ŀ": "l", "Ŀ": "l",
    ]

    /// Function words of the six languages that carry no meaning for search (folded). Kept short on purpose:
    /// a longer list would hide titles such as *Être et avoir*.
    public static let stopWords: Set<String> = [
        // fr
        "le", "la", "les", "un", "une", "des", "du", "de", "et", "au", "aux", "en", "pour", "par", "sur", "dans", "avec",
        "ou", "qu", "ce", "ces", "se", "sa", "son", "ses",
        // en
        "the", "of", "and", "an", "in", "on", "at", "for", "to", "with", "by",
        // de
        "der", "die", "das", "und", "ein", "eine", "im", "am", "zum", "zur", "von", "mit", "dem", "den",
        // es
        "el", "los", "las", "del", "con", "para", "al",
        // it
        "il", "lo", "gli", "di", "della", "dello", "delle", "degli", "dei", "con", "per", "nel", "nella",
        // pl
        "na", "do", "od", "oraz", "dla", "ze",
    ]
}
