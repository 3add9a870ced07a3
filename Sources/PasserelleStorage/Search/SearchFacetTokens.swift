import PasserelleCore
import PasserelleDiscovery

/// Filter values written as tokens into a full-text column of their own (`facet_text`, SQLite only), so that FTS5
/// intersects a broad word's matches with a territory's documents inside the index instead of reading every match
/// and checking the filter row by row ("musée" in Paris, free: 135 000 matches for 534 results, 79 ms → 21 ms).
/// The SQL conditions still apply on top: the tokens only narrow what the engine reads, so a token can never widen
/// or change a result. Only selective filters get tokens; an `OR` over huge lists (access: on site or hybrid) made
/// the engine slower, and dates and prices are ranges.
enum SearchFacetTokens {
    /// The column's value, computed by SQLite from the document's own columns (a generated column), so that no
    /// writer can forget it. Tokens: `r84` (région), `d75` (département), `m75056` (commune), `pfree`.
    static let generatedExpression = """
        ('r' || COALESCE(region_code, '') || ' d' || COALESCE(departement_code, '') || ' m' || COALESCE(commune_code, '') \
        || CASE WHEN price_max_cents = 0 THEN ' pfree' ELSE '' END)
        """

    /// The full-text columns a query's words may match: every one but the facets.
    static let textColumns = "{title_text work_text place_text description_text}"

    /// The FTS5 clause for `request`'s selective filters (`{facet_text} : ("r84" AND "pfree")`), nil when none.
    /// Codes are checked against the INSEE lists before they get here; the quoting keeps any other text inert.
    static func clause(_ request: SearchRequest) -> String? {
        let filters = request.filters
        var tokens: [String] = []
        if let region = filters.regionCode { tokens.append("r" + region) }
        if let departement = filters.departementCode { tokens.append("d" + departement) }
        if let commune = filters.communeCode { tokens.append("m" + commune) }
        if request.freeOnly { tokens.append("pfree") }
        guard !tokens.isEmpty else { return nil }
        let quoted = tokens.map { "\"" + $0.lowercased().filter { $0.isLetter || $0.isNumber } + "\"" }
        return "{facet_text} : (" + quoted.joined(separator: " AND ") + ")"
    }
}
