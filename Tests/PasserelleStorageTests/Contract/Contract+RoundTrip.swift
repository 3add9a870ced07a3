import Foundation
import PasserelleCore
import PasserelleStorage
import Testing

/// The storage contract: one set of checks every backend must pass. Suites call these per backend.
enum Contract {
    /// Every entity with every field comes back equal, including fractional dates, sets, maps and URLs.
    static func roundTrip(_ store: SQLStore) async throws {
        let institution = Fixtures.institution()
        var fullVenue = Fixtures.venue()
        fullVenue.accessibility = Set(AccessibilityFeature.allCases)
        let venue = fullVenue
        let work = Fixtures.work()
        var fullOffer = Fixtures.offer(
            "offer-1", work: "work-a", access: .hybrid, startsAt: Fixtures.base.addingTimeInterval(86_400.000_001),
            endsAt: Fixtures.base.addingTimeInterval(2 * 86_400.5), languages: ["fr", "en", "oci"], updatedAt: Date())
        fullOffer.price = PriceRange(minCents: 0, maxCents: PriceRange.maximumCents)
        let offer = fullOffer
        let stock = Fixtures.stock("stock-1", offer: "offer-1")
        let undated = Fixtures.stock("stock-2", offer: "offer-1", beginsAt: nil, quantity: nil, priceCents: 0)
        let key = APIKeyRecord(id: "psl_3f9a1c2b", institutionID: institution.id, secretHash: String(repeating: "ab", count: 32), createdAt: Date())

        try await store.write { tx async throws in
            try await tx.save(institution)
            try await tx.save(venue)
            try await tx.save(work)
            try await tx.save(offer)
            try await tx.save([stock, undated])
            try await tx.save(key)
        }
        try await store.read { tx async throws in
            #expect(try await tx.institution(institution.id) == institution)
            #expect(try await tx.venue(venue.id) == venue)
            #expect(try await tx.work(work.id) == work)
            #expect(try await tx.offer(offer.id) == offer)
            #expect(try await tx.stock(stock.id) == stock)
            #expect(try await tx.stocks(of: offer.id) == [stock, undated])
            #expect(try await tx.institution(apiKeyHash: key.secretHash) == institution)
        }

        // Minimal records: every optional column empty comes back empty, not as "" or 0.
        let bare = Institution(id: InstitutionID(trusted: "inst-bare"), name: "Nu", provenance: Provenance(source: "api", retrievedAt: Fixtures.base))
        let bareVenue = Venue(
            id: VenueID(trusted: "venue-bare"), institutionID: bare.id, name: "Lieu", kind: .other,
            provenance: Provenance(source: "api", retrievedAt: Fixtures.base))
        let bareOffer = Offer(
            id: OfferID(trusted: "offer-bare"), institutionID: bare.id, title: "Titre", categoryID: CategoryID(trusted: "media.podcast"),
            access: .online, onlineURL: URL(string: "https://example.org/p"), provenance: Provenance(source: "api", retrievedAt: Fixtures.base),
            updatedAt: Fixtures.base)
        try await store.write { tx async throws in
            try await tx.save(bare)
            try await tx.save(bareVenue)
            try await tx.save(bareOffer)
        }
        try await store.read { tx async throws in
            #expect(try await tx.institution(bare.id) == bare)
            #expect(try await tx.venue(bareVenue.id) == bareVenue)
            #expect(try await tx.offer(bareOffer.id) == bareOffer)
            #expect(try await tx.offer(OfferID(trusted: "missing")) == nil)
            #expect(try await tx.stocks(of: bareOffer.id).isEmpty)
        }
    }

    /// Saving an existing id replaces the record (and the offer's language rows), never duplicates it.
    static func upsert(_ store: SQLStore) async throws {
        try await store.write { tx async throws in
            try await Fixtures.seed(tx)
            try await tx.save(Fixtures.offer("offer-1", languages: ["fr", "de"]))
        }
        var changedOffer = Fixtures.offer("offer-1", access: .online, languages: ["en"], status: .withdrawn)
        changedOffer.venueID = nil
        changedOffer.price = nil
        var renamedVenue = Fixtures.venue()
        renamedVenue.name = "Nouveau nom"
        let changed = changedOffer, renamed = renamedVenue
        try await store.write { tx async throws in
            try await tx.save([changed])
            try await tx.save(renamed)
            try await tx.save([Fixtures.stock("s1", offer: "offer-1"), Fixtures.stock("s1", offer: "offer-1", priceCents: 1)])
        }
        try await store.read { tx async throws in
            #expect(try await tx.offer(changed.id) == changed)
            #expect(try await tx.venue(renamed.id)?.name == "Nouveau nom")
            #expect(try await tx.stocks(of: changed.id).map(\.priceCents) == [1])
            var query = OfferQuery()
            query.includeWithdrawn = true
            #expect(try await tx.offers(query, page: PageRequest()).total == 1)
            query.language = "de"
            #expect(try await tx.offers(query, page: PageRequest()).total == 0)
            query.language = "en"
            #expect(try await tx.offers(query, page: PageRequest()).items.map(\.id) == [changed.id])
        }
    }

    /// `counts()` counts active rows only; API keys find their institution unless revoked.
    static func countsAndKeys(_ store: SQLStore) async throws {
        let hashA = String(repeating: "a", count: 64)
        let hashB = String(repeating: "b", count: 64)
        try await store.write { tx async throws in
            try await Fixtures.seed(tx)
            try await tx.save(Fixtures.institution("inst-b", name: "Théâtre B"))
            try await tx.save(Fixtures.venue("venue-w", status: .withdrawn))
            try await tx.save([Fixtures.offer("o1"), Fixtures.offer("o2", status: .withdrawn), Fixtures.offer("o3")])
            var withdrawnStock = Fixtures.stock("s2", offer: "o1")
            withdrawnStock.status = .withdrawn
            try await tx.save([Fixtures.stock("s1", offer: "o1"), withdrawnStock])
            try await tx.save(APIKeyRecord(id: "psl_a", institutionID: InstitutionID(trusted: "inst-a"), secretHash: hashA))
            try await tx.save(APIKeyRecord(id: "psl_b", institutionID: InstitutionID(trusted: "inst-b"), secretHash: hashB, revokedAt: Date()))
        }
        try await store.read { tx async throws in
            #expect(try await tx.counts() == CatalogueCounts(institutions: 2, venues: 1, works: 1, offers: 2, stocks: 1))
            #expect(try await tx.institution(apiKeyHash: hashA)?.id.rawValue == "inst-a")
            #expect(try await tx.institution(apiKeyHash: hashB) == nil)
            #expect(try await tx.institution(apiKeyHash: String(repeating: "c", count: 64)) == nil)
        }
        // Revoking a key is saving it again with `revokedAt`.
        try await store.write { tx async throws in
            try await tx.save(APIKeyRecord(id: "psl_a", institutionID: InstitutionID(trusted: "inst-a"), secretHash: hashA, revokedAt: Date()))
        }
        #expect(try await store.read { try await $0.institution(apiKeyHash: hashA) } == nil)
    }

    /// Migrating again changes nothing and `schema_migrations` lists every migration once; readiness holds.
    static func migrations(_ store: SQLStore) async throws {
        let before = try await store.appliedMigrations()
        #expect(before.first == AppliedMigration(version: 1, name: "catalogue"))
        try await store.write { try await Fixtures.seed($0) }
        try await store.migrate()
        try await store.migrate()
        #expect(try await store.appliedMigrations() == before)
        #expect(try await store.read { try await $0.counts().venues } == 1)
        #expect(await store.isReady())
    }
}
