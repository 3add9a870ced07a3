public import PasserelleDiscovery
import SQLKit

/// The floor of the search benchmark: the engine's own candidate query (full-text match, filters, rank, bound),
/// exactly as a search sends it, with no vocabulary lookup, ranking or page read in Swift.
public enum SearchFloor {
    /// Runs the bare candidate query for `request` with the terms a search understood (corrections included);
    /// returns how many rows the engine gave.
    public static func candidates(_ store: SQLStore, _ request: SearchRequest, terms: QueryTerms) async throws -> Int {
        try await store.withReadTransaction { database in
            try await database.raw(SQLSearch.candidates(request, terms, postgres: store.kind == .postgres)).all().count
        }
    }
}
