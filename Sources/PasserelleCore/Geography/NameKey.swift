import Foundation

/// Folds a place name for comparison: lowercase, no diacritics, hyphens and apostrophes as spaces.
public enum NameKey {
    public static func fold(_ name: String) -> String {
        let folded = name.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: Locale(identifier: "fr_FR"))
        let spaced = folded.map { character -> Character in
            character == "-" || character == "'" || character == "’" || character == "_" ? " " : character
        }
        return String(spaced).split(separator: " ").joined(separator: " ").replacingOccurrences(of: "saint ", with: "st ")
    }
}
