import PasserelleCore

/// The store the web tests run on.
enum TestStores {
    static func make() async throws -> any CatalogueStore { MemoryStore() }
}
