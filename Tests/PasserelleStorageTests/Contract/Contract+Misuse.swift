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
