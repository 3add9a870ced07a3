/// What a query text asks for: the tokens every result must contain, each with the spellings that may stand for
/// it (the token, then its typo corrections), and whether the last one is still being typed.
public struct QueryTerms: Sendable, Hashable {
    /// One word of the query.
    public struct Term: Sendable, Hashable {
        /// The folded, stemmed token as typed.
        public let token: String
        /// Matches terms that start with `token` (the last word while the visitor types).
        public let isPrefix: Bool
        /// Indexed terms standing for a mistyped token, nearest first; empty when the token is itself indexed.
        public var corrections: [String] = []

        public init(token: String, isPrefix: Bool, corrections: [String] = []) {
            self.token = token
            self.isPrefix = isPrefix
            self.corrections = corrections
        }

        /// The token and its corrections.
        public var spellings: [String] { [token] + corrections }

        /// How well an indexed token matches: 1 for the token itself, 0.8 for a prefix, 0.6 for a correction, 0 for none.
        public func quality(of indexed: String) -> Double {
            if indexed == token { return 1 }
            if isPrefix, indexed.hasPrefix(token) { return 0.8 }
            if corrections.contains(indexed) { return 0.6 }
            return 0
        }
    }

    /// The words a result must all contain, in the order typed, without duplicates.
    public var terms: [Term]

    /// Terms of a query text: its tokens; the last one is a prefix unless the text ends with a space or the token
    /// is a single character. A text of stop words only gives no term.
    public init(_ text: String?) {
        guard let text else {
            terms = []
            return
        }
        let tokens = SearchText.tokens(text)
        var seen = Set<String>()
        let unique = tokens.filter { seen.insert($0).inserted }
        let endsWord = text.last.map { $0.isLetter || $0.isNumber } ?? false
        terms = unique.enumerated().map { index, token in
            Term(token: token, isPrefix: endsWord && index == unique.count - 1 && token == tokens.last && token.count >= 2)
        }
    }

    public var isEmpty: Bool { terms.isEmpty }
}
