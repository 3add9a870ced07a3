import Foundation
import PasserelleCore
import PasserelleStorage
import Testing

extension Contract {
    /// An offer's revision rises with every save of the offer and of any of its stocks, and only then.
    static func offerRevisions(_ store: SQLStore) async throws {
        let first = OfferID(trusted: "revised"), other = OfferID(trusted: "untouched")
        func versions() async throws -> (OfferVersion?, OfferVersion?) {
            try await store.read { (try await $0.offerVersion(first), try await $0.offerVersion(other)) }
        }
        #expect(try await store.read { try await $0.offerVersion(first) } == nil)
        try await store.write { tx in
            try await Fixtures.seed(tx)
            try await tx.save([Fixtures.offer("revised"), Fixtures.offer("untouched")])
        }
        #expect(try await versions() == (OfferVersion(revision: 1, status: .active), OfferVersion(revision: 1, status: .active)))

        var withdrawn = try #require(try await store.read { try await $0.offer(first) })
        withdrawn.status = .withdrawn
        try await store.write { [withdrawn] in try await $0.save(withdrawn) }
        #expect(try await versions() == (OfferVersion(revision: 2, status: .withdrawn), OfferVersion(revision: 1, status: .active)))

        // Two stocks of one offer in one save raise it once; the other offer stays as it was.
        try await store.write { tx in
            try await tx.save([Fixtures.stock("s1", offer: "revised"), Fixtures.stock("s2", offer: "revised")])
        }
        #expect(try await versions() == (OfferVersion(revision: 3, status: .withdrawn), OfferVersion(revision: 1, status: .active)))

        // A write that fails raises nothing.
        await #expect(throws: (any Error).self) {
            try await store.write { tx in
                try await tx.save(Fixtures.stock("s3", offer: "revised"))
                throw CancellationError()
            }
        }
        #expect(try await versions().0?.revision == 3)
    }
}
