import Foundation
import PasserelleCore
import PasserelleStorage
import Testing

/// `CatalogueService`'s ownership rules, checked against the real SQLite store.
@Suite("CatalogueService on the SQL store")
struct CatalogueServiceStoreTests {
    static let a = InstitutionID(trusted: "inst-a")
    static let b = InstitutionID(trusted: "inst-b")

    /// Institution A owns a venue, a work, an offer and its stock; B exists with its own venue.
    func withCatalogue(_ body: (SQLStore, CatalogueService) async throws -> Void) async throws {
        try await TestDatabase.sqliteFile.withStore { store in
            try await store.write { tx async throws in
                try await Fixtures.seed(tx)
                try await tx.save(Fixtures.institution("inst-b", name: "B"))
                try await tx.save(Fixtures.venue("venue-b", of: "inst-b"))
                try await tx.save(Fixtures.offer("offer-a", work: "work-a"))
                try await tx.save([Fixtures.stock("stock-a1", offer: "offer-a"), Fixtures.stock("stock-a2", offer: "offer-a", beginsAt: nil)])
            }
            try await body(store, CatalogueService(store: store))
        }
    }

    /// Everything the attempts could have touched, compared by value.
    struct Snapshot: Equatable {
        let offers: [Offer]
        let venues: [Venue]
        let work: Work?
        let stocks: [Stock]
    }

    func snapshot(_ store: SQLStore) async throws -> Snapshot {
        try await store.read { tx async throws in
            var query = OfferQuery()
            query.includeWithdrawn = true
            var venues = VenueQuery()
            venues.includeWithdrawn = true
            return Snapshot(
                offers: try await tx.offers(query, page: PageRequest(page: 1, size: 100)).items,
                venues: try await tx.venues(venues, page: PageRequest(page: 1, size: 100)).items,
                work: try await tx.work(WorkID(trusted: "work-a")),
                stocks: try await tx.stocks(of: OfferID(trusted: "offer-a"))
            )
        }
    }

    @Test func anotherInstitutionCannotTouchRecords() async throws {
        try await withCatalogue { store, service in
            let before = try await snapshot(store)
            let attempts: [(String, @Sendable () async throws -> Void)] = [
                ("save venue", { _ = try await service.save(Fixtures.venue("venue-a"), by: Self.b) }),
                ("save work", { _ = try await service.save(Fixtures.work("work-a"), by: Self.b) }),
                ("save offer", { _ = try await service.save(Fixtures.offer("offer-a", venue: "venue-b"), by: Self.b) }),
                ("save stock", { _ = try await service.save(Fixtures.stock("stock-new", offer: "offer-a"), by: Self.b) }),
                ("withdraw venue", { _ = try await service.withdrawVenue(VenueID(trusted: "venue-a"), by: Self.b) }),
                ("withdraw work", { _ = try await service.withdrawWork(WorkID(trusted: "work-a"), by: Self.b) }),
                ("withdraw offer", { _ = try await service.withdrawOffer(OfferID(trusted: "offer-a"), by: Self.b) }),
                ("withdraw stock", { _ = try await service.withdrawStock(StockID(trusted: "stock-a1"), by: Self.b) }),
            ]
            for (label, attempt) in attempts {
                let error = await #expect(throws: CoreError.self, "\(label)") { try await attempt() }
                #expect(error?.code == .forbidden, "\(label)")
            }
            #expect(try await snapshot(store) == before)
        }
    }

    @Test func offersCannotReferenceAnotherInstitutionsVenue() async throws {
        try await withCatalogue { store, service in
            let error = await #expect(throws: CoreError.self) {
                _ = try await service.save(Fixtures.offer("offer-new", venue: "venue-b", work: "work-a"), by: Self.a)
            }
            #expect(error?.code == .invalid)
            #expect(error?.issues.map(\.field) == ["venueID"])
            #expect(try await store.read { try await $0.offer(OfferID(trusted: "offer-new")) } == nil)
            // The same offer at A's own venue is accepted and created.
            let (_, outcome) = try await service.save(Fixtures.offer("offer-new", work: "work-a"), by: Self.a)
            #expect(outcome == .created)
        }
    }

    @Test func withdrawingAnOfferWithdrawsItsStocks() async throws {
        try await withCatalogue { store, service in
            let offer = try await service.withdrawOffer(OfferID(trusted: "offer-a"), by: Self.a)
            #expect(offer.status == .withdrawn)
            let stocks = try await store.read { try await $0.stocks(of: OfferID(trusted: "offer-a")) }
            #expect(stocks.count == 2)
            #expect(stocks.allSatisfy { $0.status == .withdrawn })
            #expect(try await store.read { try await $0.counts() }.stocks == 0)
            // …and it takes no new active stock afterwards.
            let reopened = Stock(id: StockID(trusted: "stock-late"), offerID: OfferID(trusted: "offer-a"), quantity: 5, priceCents: 800)
            let error = await #expect(throws: CoreError.self) { try await service.save(reopened, by: Self.a) }
            #expect(error?.code == .conflict)
            #expect(try await store.read { try await $0.stock(StockID(trusted: "stock-late")) } == nil)
        }
    }
}
