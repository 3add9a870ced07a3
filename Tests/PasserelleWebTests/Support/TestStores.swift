import Logging
import PasserelleCore
import PasserelleStorage

/// The store the web tests run on: the real `SQLStore` on a private in-memory SQLite database, migrated.
enum TestStores {
    static func make() async throws -> SQLStore {
        let store = try await SQLStore.open(.sqliteMemory, logger: Logger(label: "web-tests.store"))
        try await store.migrate()
        return store
    }
}
