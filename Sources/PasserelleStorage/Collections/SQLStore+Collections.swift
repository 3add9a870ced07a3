public import PasserelleDiscovery

/// Collections live in the catalogue's database: a save checks its items against the catalogue in its own transaction.
extension SQLStore: CollectionStore {
    public func readCollections<Result: Sendable>(
        _ body: @Sendable (any CollectionReading) async throws -> Result
    ) async throws -> Result {
        try await readCatalogue { catalogue in
            try await body(SQLCollections(database: try catalogue.db(), catalogue: catalogue))
        }
    }

    public func writeCollections<Result: Sendable>(
        _ body: @Sendable (any CollectionWriting) async throws -> Result
    ) async throws -> Result {
        try await writeCatalogue { catalogue in
            try await body(SQLCollections(database: try catalogue.db(), catalogue: catalogue))
        }
    }
}
