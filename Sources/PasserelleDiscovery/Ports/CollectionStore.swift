public import PasserelleCore

/// Reads of editorial collections inside one transaction.
public protocol CollectionReading: Sendable {
    func collection(_ id: CollectionID) async throws -> EditorialCollection?
    /// Collections matching `query`, most recently updated first, with the total count of matches.
    func collections(_ query: CollectionQuery, page: PageRequest) async throws -> Page<EditorialCollection>
}

/// Writes of editorial collections; the catalogue of the same transaction checks what items point at.
public protocol CollectionWriting: CollectionReading {
    var catalogue: any CatalogueReading { get }
    /// Creates or replaces the collection with this id.
    func save(_ collection: EditorialCollection) async throws
}

/// Where collections live: beside the catalogue, so that a save checks its items in the transaction that writes it.
public protocol CollectionStore: Sendable {
    func readCollections<Result: Sendable>(_ body: @Sendable (any CollectionReading) async throws -> Result) async throws -> Result
    func writeCollections<Result: Sendable>(_ body: @Sendable (any CollectionWriting) async throws -> Result) async throws -> Result
}
