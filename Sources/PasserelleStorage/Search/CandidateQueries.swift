import Foundation
import PasserelleCore
import PasserelleDiscovery
import SQLKit

/// The fields a text search looks in for one pass of candidate selection, best first. `SearchRanking` weighs a
/// match in the title above one in the work, the place and the description, so when a query matches more documents
/// than `SearchResults.candidateBound`, the candidates are taken tier by tier: documents with every word in the
/// title, then in the title or the work, then in those or the place, then anywhere. No tier asks the engine to
/// score its matches (bm25 or `ts_rank` over the 40 000 to 300 000 matches of a broad word at a million offers is
/// what made broad queries slow): each reads at most the bound in the index's order, and Swift ranks the chosen set.
enum CandidateTier: CaseIterable {
    case title, titleOrWork, titleWorkOrPlace, anywhere

    /// The FTS5 column filter (`{title_text work_text}`), nil for anywhere.
    var ftsColumns: String? {
        switch self {
        case .title: "{title_text}"
        case .titleOrWork: "{title_text work_text}"
        case .titleWorkOrPlace: "{title_text work_text place_text}"
        case .anywhere: nil
        }
    }

    /// The `tsvector` weights of the same fields (title A, work B, place C, description D), empty for anywhere.
    var tsWeights: String {
        switch self {
        case .title: "A"
        case .titleOrWork: "AB"
        case .titleWorkOrPlace: "ABC"
        case .anywhere: ""
        }
    }
}

/// The statements that choose a search's candidates, the same shape on SQLite and PostgreSQL.
enum CandidateQueries {
    static let columns = [
        "offer_id", "group_key", "category_id", "access", "region_code", "latitude", "longitude", "starts_at", "ends_at",
        "price_max_cents", "title_text", "work_text", "place_text", "description_text",
    ]

    /// One more than the bound, so that "more than N" can be told from exactly N.
    static var limit: Int { SearchResults.candidateBound + 1 }

    /// Without text: what runs now or soonest first, then undated (permanent) offers.
    static func listing(_ request: SearchRequest) -> SQLQueryString {
        let now = request.now.timeIntervalSinceReferenceDate
        return """
            SELECT \(unsafeRaw: selected) FROM search_documents d\(SearchFilters.whereClause(SearchFilters.conditions(request))) \
            ORDER BY CASE WHEN d.starts_at IS NULL AND d.ends_at IS NULL THEN 1 ELSE 0 END, \
            CASE WHEN COALESCE(d.starts_at, d.ends_at) < \(bind: now) THEN \(bind: now) ELSE COALESCE(d.starts_at, d.ends_at) END, \
            d.offer_id LIMIT \(bind: limit)
            """
    }

    /// The documents of one tier that pass the filters, unscored, in the index's order, at most `limit`. On SQLite
    /// the full-text table drives the join (`CROSS JOIN` fixes SQLite's loop order): left to itself the planner
    /// starts from a filter's index and probes the full-text match row by row, 10 to 80 times slower on a broad word.
    static func matching(_ request: SearchRequest, _ terms: QueryTerms, tier: CandidateTier, postgres: Bool) -> SQLQueryString {
        let filters = SearchFilters.conditions(request)
        if postgres {
            let conditions = ["d.tsv @@ to_tsquery('simple', \(bind: tsquery(terms, weights: tier.tsWeights)))"] + filters
            // In document order, so that the same query always takes the same candidates (a bitmap or parallel scan
            // may return rows in any order, and cursor pages must not repeat or skip).
            return "SELECT \(unsafeRaw: selected) FROM search_documents d\(SearchFilters.whereClause(conditions)) ORDER BY d.doc_id LIMIT \(bind: limit)"
        }
        let conditions = ["search_fts MATCH \(bind: ftsMatch(request, terms, tier: tier))"] + filters
        return """
            SELECT \(unsafeRaw: selected) FROM search_fts CROSS JOIN search_documents d ON d.doc_id = search_fts.rowid\
            \(SearchFilters.whereClause(conditions)) LIMIT \(bind: limit)
            """
    }

    /// The FTS5 expression of one tier: the words in the tier's text columns (never in the facets), and the
    /// filters' facet tokens.
    static func ftsMatch(_ request: SearchRequest, _ terms: QueryTerms, tier: CandidateTier) -> String {
        "\(tier.ftsColumns ?? SearchFacetTokens.textColumns) : (\(ftsQuery(terms)))"
            + (SearchFacetTokens.clause(request).map { " AND " + $0 } ?? "")
    }

    /// The textbook top-`count` query, the benchmark's second floor: the full-text match and filters, every match
    /// scored by the engine (FTS5's `bm25(10, 5, 3, 1)` over title, work, place and description; `ts_rank` over the
    /// A–D weights), then sorted.
    static func scoredTop(_ request: SearchRequest, _ terms: QueryTerms, count: Int, postgres: Bool) -> SQLQueryString {
        let filters = SearchFilters.conditions(request)
        if postgres {
            let query = tsquery(terms, weights: "")
            let conditions = ["d.tsv @@ to_tsquery('simple', \(bind: query))"] + filters
            return """
                SELECT d.offer_id FROM search_documents d\(SearchFilters.whereClause(conditions)) \
                ORDER BY ts_rank(d.tsv, to_tsquery('simple', \(bind: query))) DESC, d.offer_id LIMIT \(bind: count)
                """
        }
        let conditions = ["search_fts MATCH \(bind: "\(SearchFacetTokens.textColumns) : (\(ftsQuery(terms)))")"] + filters
        return """
            SELECT d.offer_id FROM search_fts JOIN search_documents d ON d.doc_id = search_fts.rowid\
            \(SearchFilters.whereClause(conditions)) ORDER BY search_fts.rank, d.offer_id LIMIT \(bind: count)
            """
    }

    private static var selected: String { columns.map { "d.\($0)" }.joined(separator: ", ") }

    /// FTS5 syntax: every term, each as its spellings joined by OR (`("opera"*) AND ("miserable" OR "miserables")`).
    static func ftsQuery(_ terms: QueryTerms) -> String {
        terms.terms.map { term in
            let spellings = [term.isPrefix ? "\"\(term.token)\"*" : "\"\(term.token)\""] + term.corrections.map { "\"\($0)\"" }
            return "(" + spellings.joined(separator: " OR ") + ")"
        }.joined(separator: " AND ")
    }

    /// `to_tsquery` syntax for the same expression (`(opera:*) & (miserable | miserables)`), each lexeme restricted
    /// to `weights` when given (`opera:*AB`).
    static func tsquery(_ terms: QueryTerms, weights: String) -> String {
        terms.terms.map { term in
            let spellings = [term.isPrefix ? "\(term.token):*\(weights)" : lexeme(term.token, weights)]
                + term.corrections.map { lexeme($0, weights) }
            return "(" + spellings.joined(separator: " | ") + ")"
        }.joined(separator: " & ")
    }

    private static func lexeme(_ token: String, _ weights: String) -> String { weights.isEmpty ? token : "\(token):\(weights)" }
}
