/// The search side of the catalogue's storage. Each engine keeps its own index (SQLite FTS5, PostgreSQL
/// `tsvector`) of the same `SearchDocument`s, updated in the transaction that writes the offers, venues and works.
public protocol SearchIndex: Sendable {
    /// One page of results for `request`, ranked by `SearchRanking`.
    func search(_ request: SearchRequest) async throws -> SearchResults
    /// How many active offers each category holds (categories without any are absent), exact.
    func offerCountsByCategory() async throws -> [String: Int]
    /// Where the active venues with coordinates are (town, postcode, département, position): what
    /// `PlaceDirectory` is built from.
    func venuePlaces() async throws -> [VenuePlace]
    /// Rebuilds every document from the catalogue (after a migration, or to repair); returns how many it wrote.
    func rebuildSearchIndex() async throws -> Int
}
