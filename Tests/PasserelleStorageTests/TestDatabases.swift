import Foundation
import Logging
import PasserelleCore
import PasserelleStorage
import SQLKit
import Testing

/// The databases the contract runs on. PostgreSQL comes from `PASSERELLE_TEST_POSTGRES_URL`
/// (see `scripts/postgres-test-server.sh`); it is shared, so its suite is serialised and resets the schema.
enum TestDatabase: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqliteFile, sqliteMemory, postgres

    static let postgresURL = ProcessInfo.processInfo.environment["PASSERELLE_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
    static let isCI = ProcessInfo.processInfo.environment["CI"]?.lowercased() == "true"
    static let sqlite: [TestDatabase] = [.sqliteFile, .sqliteMemory]

    var testDescription: String { rawValue }

    static let logger: Logger = {
        var logger = Logger(label: "passerelle.storage.tests")
        logger.logLevel = .warning
        return logger
    }()

    /// Opens a fresh, migrated store (up to `version` when given), runs `body`, then shuts it down and removes its files.
    func withStore<T: Sendable>(migratedThrough version: Int? = nil, _ body: (SQLStore) async throws -> T) async throws -> T {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("passerelle-storage-\(UUID().uuidString)")
        let location: DatabaseLocation
        switch self {
        case .sqliteFile:
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            location = .sqliteFile(directory.appendingPathComponent("catalogue.sqlite").path)
        case .sqliteMemory:
            location = .sqliteMemory
        case .postgres:
            let url = try #require(Self.postgresURL, "PASSERELLE_TEST_POSTGRES_URL is unset")
            location = .postgres(url: url)
            try await Self.resetPostgres(location)
        }
        let store = try await SQLStore.open(location, logger: Self.logger)
        defer { try? FileManager.default.removeItem(at: directory) }
        do {
            if let version { try await store.migrate(through: version) } else { try await store.migrate() }
            let result = try await body(store)
            try await store.shutdown()
            return result
        } catch {
            try? await store.shutdown()
            throw error
        }
    }

    /// Drops everything in the test database's public schema so each test starts empty.
    static func resetPostgres(_ location: DatabaseLocation) async throws {
        let store = try await SQLStore.open(location, logger: logger)
        do {
            try await store.withTransaction { database in
                try await database.raw("DROP SCHEMA public CASCADE").run()
                try await database.raw("CREATE SCHEMA public").run()
            }
            try await store.shutdown()
        } catch {
            try? await store.shutdown()
            throw error
        }
    }
}
