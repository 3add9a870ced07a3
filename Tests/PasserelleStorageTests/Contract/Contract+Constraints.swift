import Foundation
import PasserelleCore
import PasserelleStorage
import Testing

extension Contract {
    /// Invalid rows written straight through the store (no domain validation) are refused by the database
    /// with `.conflict`, and the refused write leaves nothing behind.
    static func constraints(_ store: SQLStore) async throws {
        try await store.write { try await Fixtures.seed($0) }
        let before = try await store.read { try await $0.counts() }

        func refuses(_ label: Comment, _ body: @escaping @Sendable (any CatalogueWriting) async throws -> Void) async {
            let error = await #expect(throws: CoreError.self, label) { try await store.write(body) }
            #expect(error?.code == .conflict, label)
        }
        await refuses("stock for a missing offer") { try await $0.save(Fixtures.stock("s-orphan", offer: "no-such-offer")) }
        await refuses("venue of a missing institution") { try await $0.save(Fixtures.venue("v-orphan", of: "no-such-institution")) }
        await refuses("offer at a missing venue") { try await $0.save(Fixtures.offer("o-orphan", venue: "no-such-venue")) }
        await refuses("negative price") { tx in
            var offer = Fixtures.offer("o-negative")
            offer.price = PriceRange(minCents: -1, maxCents: 100)
            try await tx.save(offer)
        }
        await refuses("inverted price range") { tx in
            var offer = Fixtures.offer("o-inverted")
            offer.price = PriceRange(minCents: 200, maxCents: 100)
            try await tx.save(offer)
        }
        await refuses("negative stock price") { tx in
            try await tx.save(Fixtures.offer("o-ok"))
            try await tx.save(Fixtures.stock("s-negative", offer: "o-ok", priceCents: -5))
        }
        await refuses("negative stock quantity") { tx in
            try await tx.save(Fixtures.offer("o-ok"))
            try await tx.save(Fixtures.stock("s-negative", offer: "o-ok", quantity: -1))
        }
        await refuses("online offer without a URL") { tx in
            var offer = Fixtures.offer("o-nourl", venue: nil, access: .online)
            offer.onlineURL = nil
            try await tx.save(offer)
        }
        await refuses("on-site offer without a venue") { try await $0.save(Fixtures.offer("o-novenue", venue: nil)) }
        await refuses("ends before it starts") {
            try await $0.save(Fixtures.offer("o-backwards", startsAt: Fixtures.base, endsAt: Fixtures.base.addingTimeInterval(-1)))
        }
        await refuses("duplicate API key hash") { tx in
            let hash = String(repeating: "d", count: 64)
            try await tx.save(APIKeyRecord(id: "k1", institutionID: InstitutionID(trusted: "inst-a"), secretHash: hash))
            try await tx.save(APIKeyRecord(id: "k2", institutionID: InstitutionID(trusted: "inst-a"), secretHash: hash))
        }
        await refuses("a refused statement undoes the earlier statements of its write") { tx in
            try await tx.save(Fixtures.institution("inst-x"))
            try await tx.save(Fixtures.venue("v-x", of: "inst-x"))
            try await tx.save(Fixtures.stock("s-x", offer: "missing"))
        }
        // Owners never change through an upsert, whatever the caller checked (races between institutions).
        await refuses("moving a venue to another institution") { tx in
            try await tx.save(Fixtures.institution("inst-b"))
            try await tx.save(Fixtures.venue("venue-a", of: "inst-b"))
        }
        await refuses("moving an offer to another institution") { tx in
            try await tx.save(Fixtures.offer("o-moved"))
            try await tx.save(Fixtures.institution("inst-b"))
            try await tx.save(Fixtures.venue("venue-b", of: "inst-b"))
            try await tx.save(Fixtures.offer("o-moved", of: "inst-b", venue: "venue-b"))
        }
        await refuses("moving a stock to another offer") { tx in
            try await tx.save([Fixtures.offer("o-1"), Fixtures.offer("o-2")])
            try await tx.save(Fixtures.stock("s-1", offer: "o-1"))
            try await tx.save(Fixtures.stock("s-1", offer: "o-2"))
        }
        #expect(try await store.read { try await $0.counts() } == before)
        #expect(try await store.read { try await $0.venue(VenueID(trusted: "venue-a")) } == Fixtures.venue())
        #expect(try await store.read { try await $0.institution(InstitutionID(trusted: "inst-x")) } == nil)
        #expect(try await store.read { try await $0.offer(OfferID(trusted: "o-ok")) } == nil)
    }

    /// A write whose body saves several records then throws leaves nothing, and the error comes out unchanged.
    static func rollbackOnThrow(_ store: SQLStore) async throws {
        struct Boom: Error {}
        await #expect(throws: Boom.self) {
            try await store.write { tx async throws in
                try await Fixtures.seed(tx)
                try await tx.save((0..<50).map { Fixtures.offer("o-\($0)") })
                try await tx.save(Fixtures.stock("s-1", offer: "o-1"))
                throw Boom()
            }
        }
        #expect(try await store.read { try await $0.counts() } == CatalogueCounts())
        // The connection is usable again after the rollback.
        try await store.write { try await Fixtures.seed($0) }
        #expect(try await store.read { try await $0.counts().institutions } == 1)
    }

    /// A write cancelled while its body runs commits nothing, even though part of its work was done.
    static func rollbackOnCancel(_ store: SQLStore) async throws {
        let started = AsyncStream<Void>.makeStream()
        let task = Task {
            try await store.write { tx async throws in
                try await Fixtures.seed(tx)
                try await tx.save((0..<20).map { Fixtures.offer("o-\($0)") })
                started.continuation.yield()
                // Keeps saving until the cancellation reaches a store call.
                for index in 0..<1_000_000 {
                    try await tx.save(Fixtures.offer("late-\(index)"))
                    await Task.yield()
                }
            }
        }
        for await _ in started.stream { break }
        task.cancel()
        let result = await task.result
        #expect(throws: CancellationError.self) { try result.get() }
        #expect(try await store.read { try await $0.counts() } == CatalogueCounts())
        try await store.write { try await Fixtures.seed($0) }
        #expect(try await store.read { try await $0.counts().venues } == 1)
    }
}
