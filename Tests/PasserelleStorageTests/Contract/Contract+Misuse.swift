import Foundation
import PasserelleCore
import PasserelleStorage
import Testing

extension Contract {
    /// Misuse fails loudly: a transaction used after its block, a write through a read block.
    static func misuse(_ store: SQLStore) async throws {
        let escaped = try await store.write { tx async throws -> any CatalogueWriting in
            try await Fixtures.seed(tx)
            return tx
        }
        await #expect(throws: StorageError.transactionEnded) { try await escaped.save(Fixtures.offer("late")) }
        await #expect(throws: StorageError.transactionEnded) { _ = try await escaped.counts() }

        await #expect(throws: StorageError.readOnlyTransaction) {
            try await store.read { tx async throws in
                let writer = try #require(tx as? any CatalogueWriting)
                try await writer.save(Fixtures.offer("sneaky"))
            }
        }
        #expect(try await store.read { try await $0.offer(OfferID(trusted: "sneaky")) } == nil)
        #expect(try await store.read { try await $0.counts().venues } == 1)
    }
}

extension Contract {
    /// After `shutdown()` nothing runs: reads and writes fail with `StorageError.shutDown`; a second shutdown is harmless.
    static func shutdown(_ store: SQLStore) async throws {
        try await store.write { try await Fixtures.seed($0) }
        try await store.shutdown()
        await #expect(throws: StorageError.shutDown) { try await store.write { try await $0.save(Fixtures.offer("late")) } }
        await #expect(throws: StorageError.shutDown) { _ = try await store.read { try await $0.counts() } }
        #expect(await store.isReady() == false)
        try await store.shutdown()
    }

    /// Dates round-trip exactly at the extremes: sub-microsecond fractions, before 1970, far future.
    static func dates(_ store: SQLStore) async throws {
        let instants: [Double] = [
            0, 0.000_000_1, -978_307_200.5, -63_113_904_000.25, 4_102_444_800.999_999_9, 815_000_000.123_456_789_123,
            Date().timeIntervalSinceReferenceDate, Double.ulpOfOne, 1e-300,
        ]
        let stocks = instants.enumerated().map { index, seconds in
            Fixtures.stock("s-\(index)", offer: "o-dates", beginsAt: Date(timeIntervalSinceReferenceDate: seconds))
        }
        try await store.write { tx async throws in
            try await Fixtures.seed(tx)
            try await tx.save(Fixtures.offer("o-dates"))
            try await tx.save(stocks)
        }
        let loaded = try await store.read { try await $0.stocks(of: OfferID(trusted: "o-dates")) }
        #expect(loaded.sorted { $0.id < $1.id } == stocks.sorted { $0.id < $1.id })
        // Stored order is chronological, which the filters rely on.
        #expect(loaded.compactMap(\.beginsAt) == instants.sorted().map(Date.init(timeIntervalSinceReferenceDate:)))
    }
}

extension Contract {
    /// Many writes and reads at once through the pool (more than its connections) all succeed.
    static func concurrentWrites(_ store: SQLStore) async throws {
        try await store.write { try await Fixtures.seed($0) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<40 {
                group.addTask { try await store.write { try await $0.save(Fixtures.offer("c-\(index)")) } }
                group.addTask { _ = try await store.read { try await $0.offers(OfferQuery(), page: PageRequest()) } }
            }
            try await group.waitForAll()
        }
        #expect(try await store.read { try await $0.counts().offers } == 40)
    }
}

extension Contract {
    /// A read block is one snapshot: a write that commits while it runs is invisible until the next read.
    /// (Not for in-memory SQLite, where reads share the writer's connection and the write would wait for the read.)
    static func readSnapshot(_ store: SQLStore) async throws {
        try await store.write { try await Fixtures.seed($0) }
        let (before, after) = try await store.read { tx async throws -> (Int, Int) in
            let before = try await tx.counts().offers
            try await Task { try await store.write { try await $0.save(Fixtures.offer("during-read")) } }.value
            let after = try await tx.counts().offers
            #expect(try await tx.offer(OfferID(trusted: "during-read")) == nil)
            return (before, after)
        }
        #expect(before == after)
        #expect(try await store.read { try await $0.counts().offers } == before + 1)
    }
}
