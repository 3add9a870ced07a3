import Foundation
import PasserelleCore
import PasserelleStorage
import Testing

/// Concurrent writes on SQLite: the single writer queue (and `busy_timeout` between processes) means no
/// SQLITE_BUSY ever reaches a caller.
@Suite("SQLite concurrency")
struct ConcurrencyTests {
    static let writers = 64

    @Test(arguments: TestDatabase.sqlite)
    func manyConcurrentWritesAllSucceed(_ db: TestDatabase) async throws {
        try await db.withStore { store in
            try await store.write { try await Fixtures.seed($0) }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<Self.writers {
                    group.addTask {
                        try await store.write { tx async throws in
                            // Read-modify-write inside the transaction: serialised writers never lose an update.
                            let count = try await tx.offers(OfferQuery(), page: PageRequest()).total
                            try await tx.save(Fixtures.offer("o-\(index)", updatedAt: Fixtures.base.addingTimeInterval(Double(count))))
                        }
                    }
                    group.addTask { _ = try await store.read { try await $0.counts() } }
                }
                try await group.waitForAll()
            }
            let page = try await store.read { try await $0.offers(OfferQuery(), page: PageRequest(page: 1, size: 100)) }
            #expect(page.total == Self.writers)
            // Each writer saw all earlier commits: the counts it read are exactly 0..<writers.
            #expect(Set(page.items.map(\.updatedAt)) == Set((0..<Self.writers).map { Fixtures.base.addingTimeInterval(Double($0)) }))
        }
    }

    /// Two stores on one file behave like two processes: each has its own writer, and the file lock plus
    /// `busy_timeout` make the second wait instead of failing.
    @Test func twoStoresOnOneFileBothWrite() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("passerelle-two-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let location = DatabaseLocation.sqliteFile(directory.appendingPathComponent("shared.sqlite").path)
        let first = try await SQLStore.open(location, logger: TestDatabase.logger)
        let second = try await SQLStore.open(location, logger: TestDatabase.logger)
        try await first.migrate()
        try await second.migrate()
        try await first.write { try await Fixtures.seed($0) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<40 {
                let store = index.isMultiple(of: 2) ? first : second
                group.addTask { try await store.write { try await $0.save(Fixtures.offer("o-\(index)")) } }
            }
            try await group.waitForAll()
        }
        #expect(try await second.read { try await $0.counts().offers } == 40)
        try await first.shutdown()
        try await second.shutdown()
    }
}
