public import PasserelleDiscovery

/// The catalogue store is also the search index: its documents live in the same database, written in the same
/// transactions as the catalogue.
extension SQLStore: SearchIndex {
    public func search(_ request: SearchRequest) async throws -> SearchResults {
        try await withReadTransaction { database in try await SQLSearch(database: database).run(request) }
    }

    public func rebuildSearchIndex() async throws -> Int {
        try await withTransaction { database in try await SearchIndexWriter(database: database).rebuildAll() }
    }
}
