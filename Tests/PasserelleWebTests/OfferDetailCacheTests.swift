import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import PasserelleCore
import PasserelleStorage
@testable import PasserelleWeb
import Testing

@Suite("Offer detail cache")
struct OfferDetailCacheTests {
    static let offer = OfferID(trusted: "offer-a-0")

    /// Reads the offer three times around two writes made straight to the store (as another process would).
    @Sendable static func bodies(_ fixture: Fixture, limits: WebLimits) async throws -> [String] {
        try await fixture.test(limits: limits) { client in
            var bodies: [String] = []
            func read() async throws {
                let response = try await client.send(.get, "/api/v1/offers/offer-a-0")
                Conformance.expect(.get, "/api/v1/offers/{id}", response)
                bodies.append("\(response.status.code) \(response.text)")
            }
            try await read()
            try await read()
            try await fixture.store.write { tx in
                try await tx.save(Stock(id: StockID(trusted: "stock-late"), offerID: offer, quantity: 5, priceCents: 700))
            }
            try await read()
            try await fixture.store.write { tx in
                var withdrawn = try #require(try await tx.offer(offer))
                withdrawn.status = .withdrawn
                try await tx.save(withdrawn)
            }
            try await read()
            return bodies
        }
    }

    @Test("a kept body is served only while the offer's revision is unchanged, whoever wrote the change")
    func neverStale() async throws {
        let cached = try await Fixture.using(seed: ReadAPITests.seed) { try await Self.bodies($0, limits: .standard) }
        let uncached = try await Fixture.using(seed: ReadAPITests.seed) {
            try await Self.bodies($0, limits: WebLimits(offerDetailCacheBytes: 0))
        }
        // The two fixtures were seeded a moment apart: only their provenance time may differ.
        func timeless(_ bodies: [String]) -> [String] {
            bodies.map { $0.replacing(/"retrievedAt":"[^"]*"/, with: "\"retrievedAt\":\"…\"") }
        }
        #expect(timeless(cached) == timeless(uncached))
        #expect(cached.count == 4)
        #expect(cached[0] == cached[1] && cached[0].hasPrefix("200 "))
        #expect(cached[2].contains("stock-late") && !cached[1].contains("stock-late"))
        #expect(cached[3].hasPrefix("404 "))
    }

    @Test("memory stays within its bound, oldest entries leave first, a newer revision is never replaced by an older one")
    func bounded() {
        let body = ByteBuffer(string: String(repeating: "x", count: 1_000))
        let entryCost = 1_000 + "offer-00".utf8.count + OfferDetailCache.entryOverheadBytes
        let cache = OfferDetailCache(capacityBytes: entryCost * 3)
        for index in 0..<5 { cache.keep(body, for: OfferID(trusted: "offer-0\(index)"), revision: 1) }
        #expect(cache.usage.entries == 3)
        #expect(cache.usage.bytes <= cache.capacityBytes)
        #expect(cache.body(for: OfferID(trusted: "offer-00"), revision: 1) == nil)
        #expect(cache.body(for: OfferID(trusted: "offer-04"), revision: 1) == body)
        #expect(cache.body(for: OfferID(trusted: "offer-04"), revision: 2) == nil)

        let newer = ByteBuffer(string: "newer")
        cache.keep(newer, for: OfferID(trusted: "offer-04"), revision: 3)
        cache.keep(body, for: OfferID(trusted: "offer-04"), revision: 2)
        #expect(cache.body(for: OfferID(trusted: "offer-04"), revision: 3) == newer)

        // An offer evicted and kept again is the newest: the next eviction takes the oldest other one.
        cache.keep(body, for: OfferID(trusted: "offer-00"), revision: 1)
        cache.keep(body, for: OfferID(trusted: "offer-05"), revision: 1)
        #expect(cache.body(for: OfferID(trusted: "offer-00"), revision: 1) == body)
        #expect(cache.body(for: OfferID(trusted: "offer-05"), revision: 1) == body)
        #expect(cache.usage.entries == 3)

        // A body larger than the whole cache is not kept at all (and evicts nothing).
        cache.keep(ByteBuffer(string: String(repeating: "y", count: entryCost * 4)), for: OfferID(trusted: "offer-big"), revision: 1)
        #expect(cache.body(for: OfferID(trusted: "offer-big"), revision: 1) == nil)
        #expect(cache.usage.entries == 3)
    }
}
