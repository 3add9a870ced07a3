public import Foundation
public import PasserelleCore

/// The normalised forms two sources' records are compared by, so that spelling, case, accents, ISBN-10 against
/// ISBN-13 or tracking parameters never hide that they are the same thing.
public enum MatchKeys {
    /// A title folded for comparison: lowercase, no diacritics, letters and digits only, single spaces
    /// ("Phèdre — Racine !" and "PHEDRE, racine" give "phedre racine"). Nil when nothing is left.
    public static func title(_ text: String) -> String? {
        let folded = text.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: Locale(identifier: "fr_FR"))
        let words = folded.unicodeScalars.split { !($0.properties.isAlphabetic || $0.properties.numericType != nil) }
            .map { String(String.UnicodeScalarView($0)) }
        return words.isEmpty ? nil : words.joined(separator: " ")
    }

    /// Whether two titles share a word of three letters or more, in any of their languages (a URL is a strong key, but
    /// a ticketing page reused for another show is not the same show).
    public static func shareAWord(_ a: LocalizedText, _ b: LocalizedText) -> Bool {
        func words(_ text: LocalizedText) -> Set<Substring> {
            Set(titles(text).flatMap { $0.split(separator: " ") }.filter { $0.count >= 3 })
        }
        return !words(a).isDisjoint(with: words(b))
    }

    /// The title keys of every language an offer is titled in.
    public static func titles(_ text: LocalizedText) -> Set<String> {
        Set(text.values.values.compactMap(title))
    }

    /// A URL as an identifier: http and https alike, host lowercased without `www.`, no fragment, no trailing
    /// slash, no `utm_*` tracking parameters, the other parameters sorted. A site's home page names no offer: nil.
    public static func url(_ url: URL) -> String? {
        guard var parts = URLComponents(url: url, resolvingAgainstBaseURL: false), var host = parts.host?.lowercased(), !host.isEmpty else { return nil }
        if host.hasPrefix("www.") { host.removeFirst(4) }
        var path = parts.percentEncodedPath
        while path.hasSuffix("/") { path.removeLast() }
        guard !path.isEmpty else { return nil }
        let query = (parts.queryItems ?? []).filter { !$0.name.lowercased().hasPrefix("utm_") }
            .map { "\($0.name)=\($0.value ?? "")" }.sorted().joined(separator: "&")
        parts.fragment = nil
        return host + (parts.port.map { ":\($0)" } ?? "") + path + (query.isEmpty ? "" : "?" + query)
    }

    /// Keys that identify a work whatever source gave it. The Muséofile code names the museum holding a work, not
    /// the work, so it is no key alone (an inventory number is one with it); a podcast's guid and feed name the show,
    /// whose episodes are all different offers, so they are no keys.
    public static func work(_ identifiers: WorkIdentifiers) -> Set<String> {
        var keys = Set<String>()
        for code in [identifiers.isbn, identifiers.ean].compactMap({ $0 }) {
            if let isbn = isbn13(code) { keys.insert("isbn:" + isbn) } else if let digits = digits(code, count: [8, 12, 13, 14]) { keys.insert("ean:" + digits) }
        }
        if let visa = identifiers.filmVisa, let digits = digits(visa, count: Array(1...9)) { keys.insert("visa:" + String(Int(digits) ?? 0)) }
        if let joconde = identifiers.joconde?.trimmingCharacters(in: .whitespaces).uppercased(), !joconde.isEmpty { keys.insert("joconde:" + joconde) }
        if let merimee = identifiers.merimee?.trimmingCharacters(in: .whitespaces).uppercased(), !merimee.isEmpty { keys.insert("merimee:" + merimee) }
        for (source, value) in identifiers.external where !collectionLevel.contains(source.lowercased()) {
            let value = value.trimmingCharacters(in: .whitespaces)
            if !value.isEmpty { keys.insert("external:\(source.lowercased()):\(value)") }
        }
        if let museum = identifiers.museofile?.trimmingCharacters(in: .whitespaces).uppercased(), !museum.isEmpty,
           let number = identifiers.external["inventaire"]?.trimmingCharacters(in: .whitespaces), !number.isEmpty {
            keys.insert("inventaire:\(museum):\(number)")
        }
        return keys
    }

    /// External identifiers that name a collection or a series, not one work.
    static let collectionLevel: Set<String> = ["podcast-guid", "feed-url", "inventaire"]

    /// An ISBN-10 or ISBN-13 (or a 978/979 EAN) as its 13 digits; nil when it is not one or its check digit is wrong.
    public static func isbn13(_ text: String) -> String? {
        let characters = text.uppercased().filter { $0.isNumber || $0 == "X" }
        if characters.count == 13, characters.allSatisfy(\.isNumber), characters.hasPrefix("978") || characters.hasPrefix("979") {
            let values = characters.compactMap(\.wholeNumberValue)
            let sum = values.prefix(12).enumerated().reduce(0) { $0 + $1.element * ($1.offset % 2 == 0 ? 1 : 3) }
            return (10 - sum % 10) % 10 == values[12] ? characters : nil
        }
        guard characters.count == 10, characters.prefix(9).allSatisfy(\.isNumber) else { return nil }
        let values = characters.prefix(9).compactMap(\.wholeNumberValue)
        let check = characters.last == "X" ? 10 : characters.last?.wholeNumberValue
        let sum = values.enumerated().reduce(0) { $0 + $1.element * (10 - $1.offset) }
        guard let check, (sum + check) % 11 == 0 else { return nil }
        let body = "978" + characters.prefix(9)
        let weighted = body.compactMap(\.wholeNumberValue).enumerated().reduce(0) { $0 + $1.element * ($1.offset % 2 == 0 ? 1 : 3) }
        return body + String((10 - weighted % 10) % 10)
    }

    private static func digits(_ text: String, count: [Int]) -> String? {
        let digits = text.filter { $0.isASCII && $0.isNumber }
        guard count.contains(digits.count), digits.count == text.filter({ !$0.isWhitespace && $0 != "-" }).count else { return nil }
        return digits
    }
}
