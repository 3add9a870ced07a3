public import PasserelleDiscovery
import SQLKit

/// The floors of the search benchmark, with no vocabulary lookup, ranking or page read in Swift.
public enum SearchFloor {
    /// The engine's candidate statements for `request` exactly as a search sends them (every tier it needs), with
    /// the terms a search understood (corrections included); returns how many rows the engine gave.
    public static func candidates(_ store: SQLStore, _ request: SearchRequest, terms: QueryTerms) async throws -> Int {
        try await store.withReadTransaction { database in
            try await SQLSearch.candidateRows(request, terms, on: database).count
        }
    }

    /// The textbook query: full-text match and filters, every match scored by the engine (FTS5's bm25,
    /// PostgreSQL's `ts_rank`), the best `count`. Without text, the listing statement.
    public static func scoredTop(_ store: SQLStore, _ request: SearchRequest, terms: QueryTerms, count: Int = 20) async throws -> Int {
        try await store.withReadTransaction { database in
            let statement = terms.isEmpty
                ? CandidateQueries.listing(request)
                : CandidateQueries.scoredTop(request, terms, count: count, postgres: store.kind == .postgres)
            return try await database.raw(statement).all().count
        }
    }
}
