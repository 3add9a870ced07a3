import Foundation
import PasserelleCore
import PasserelleStorage
import Testing

extension Contract {
    private static let day: TimeInterval = 86_400
    private static func at(_ days: Double) -> Date { Fixtures.base.addingTimeInterval(days * day) }

    /// A small catalogue where each offer differs from the others in one filterable way.
    private static func seedQueries(_ store: SQLStore) async throws {
        try await store.write { tx async throws in
            try await Fixtures.seed(tx)
            try await tx.save(Fixtures.institution("inst-b", name: "Cinéma B"))
            try await tx.save([
                Fixtures.venue("venue-lyon", of: "inst-b", commune: "69123", departement: "69", region: "84", kind: .cinema),
                Fixtures.venue("venue-ajaccio", commune: "2A004", departement: "2A", region: "94", kind: .theatre),
            ])
            try await tx.save([
                // Paris, undated, French: updated last so it sorts first.
                Fixtures.offer("o-paris", work: "work-a", languages: ["fr"], updatedAt: at(10)),
                // Lyon cinema, dated in the past, English and French.
                Fixtures.offer("o-lyon", of: "inst-b", venue: "venue-lyon", category: "cinema.screening",
                    startsAt: at(-10), endsAt: at(-5), languages: ["en", "fr"], updatedAt: at(9)),
                // Online only, future, Polish.
                Fixtures.offer("o-online", venue: nil, category: "media.podcast", access: .online,
                    startsAt: at(5), languages: ["pl"], updatedAt: at(8)),
                // Hybrid in Ajaccio, running now (started before, ends after), Italian.
                Fixtures.offer("o-hybrid", venue: "venue-ajaccio", category: "live-performance.theatre", access: .hybrid,
                    startsAt: at(-1), endsAt: at(1), languages: ["it"], updatedAt: at(8)),
                // Withdrawn Paris offer.
                Fixtures.offer("o-withdrawn", status: .withdrawn, updatedAt: at(11)),
                // Starts later, no end date.
                Fixtures.offer("o-later", category: "heritage.guided-tour", startsAt: at(20), languages: ["fr", "de"], updatedAt: at(7)),
            ])
        }
    }

    private static func ids(_ store: SQLStore, _ configure: (inout OfferQuery) -> Void) async throws -> [String] {
        var query = OfferQuery()
        configure(&query)
        let finalQuery = query
        return try await store.read { try await $0.offers(finalQuery, page: PageRequest(page: 1, size: 100)).items.map(\.id.rawValue) }
    }

    /// Every `OfferQuery` filter alone and combined, with the documented order (updated_at DESC, id ASC).
    static func offerFilters(_ store: SQLStore) async throws {
        try await seedQueries(store)
        #expect(try await ids(store) { _ in } == ["o-paris", "o-lyon", "o-hybrid", "o-online", "o-later"])
        #expect(try await ids(store) { $0.includeWithdrawn = true }.first == "o-withdrawn")
        #expect(try await ids(store) { $0.categoryIDs = Taxonomy.expand(CategoryID(trusted: "heritage")) } == ["o-paris", "o-later"])
        #expect(try await ids(store) { $0.categoryIDs = [CategoryID(trusted: "cinema.screening"), CategoryID(trusted: "media.podcast")] }
            == ["o-lyon", "o-online"])
        #expect(try await ids(store) { $0.communeCode = "69123" } == ["o-lyon"])
        #expect(try await ids(store) { $0.departementCode = "2A" } == ["o-hybrid"])
        #expect(try await ids(store) { $0.regionCode = "11" } == ["o-paris", "o-later"])
        #expect(try await ids(store) { $0.regionCode = "53" } == [])
        // from: still running at or after `from`; an undated offer (o-paris) never matches a date filter.
        #expect(try await ids(store) { $0.from = at(0) } == ["o-hybrid", "o-online", "o-later"])
        #expect(try await ids(store) { $0.from = at(-5) } == ["o-lyon", "o-hybrid", "o-online", "o-later"])
        // to: started by `to`.
        #expect(try await ids(store) { $0.to = at(0) } == ["o-lyon", "o-hybrid"])
        #expect(try await ids(store) { $0.to = at(5) } == ["o-lyon", "o-hybrid", "o-online"])
        #expect(try await ids(store) { $0.access = .online } == ["o-hybrid", "o-online"])
        #expect(try await ids(store) { $0.access = .onSite } == ["o-paris", "o-lyon", "o-hybrid", "o-later"])
        #expect(try await ids(store) { $0.language = "fr" } == ["o-paris", "o-lyon", "o-later"])
        #expect(try await ids(store) { $0.language = "pl" } == ["o-online"])
        #expect(try await ids(store) { $0.institutionID = InstitutionID(trusted: "inst-b") } == ["o-lyon"])
        #expect(try await ids(store) { $0.venueID = VenueID(trusted: "venue-a") } == ["o-paris", "o-later"])
        #expect(try await ids(store) { $0.workID = WorkID(trusted: "work-a") } == ["o-paris"])
        // Combinations: every given filter must hold.
        #expect(try await ids(store) { $0.language = "fr"; $0.from = at(0) } == ["o-later"])
        #expect(try await ids(store) { $0.access = .onSite; $0.regionCode = "11"; $0.to = at(25) } == ["o-later"])
        #expect(try await ids(store) {
            $0.includeWithdrawn = true; $0.venueID = VenueID(trusted: "venue-a"); $0.institutionID = InstitutionID(trusted: "inst-a")
            $0.categoryIDs = Taxonomy.expand(CategoryID(trusted: "heritage")); $0.language = "fr"
        } == ["o-withdrawn", "o-paris", "o-later"])
        #expect(try await ids(store) { $0.access = .online; $0.departementCode = "2A"; $0.language = "it"; $0.from = at(0); $0.to = at(0) }
            == ["o-hybrid"])
    }

    /// Pages slice the ordered list; every page reports the total of all matches.
    static func pagination(_ store: SQLStore) async throws {
        try await store.write { tx async throws in
            try await Fixtures.seed(tx)
            // Equal update times force the id tie-break; ids chosen to differ from insertion order.
            let offers = (0..<23).map { index in Fixtures.offer(String(format: "p-%02d", (index * 7) % 23), updatedAt: Fixtures.base) }
            try await tx.save(offers)
        }
        let expected = (0..<23).map { String(format: "p-%02d", $0) }
        var seen: [String] = []
        for number in 1...3 {
            let page = try await store.read { try await $0.offers(OfferQuery(), page: PageRequest(page: number, size: 10)) }
            #expect(page.total == 23)
            #expect(page.pageCount == 3)
            #expect(page.items.count == (number < 3 ? 10 : 3))
            seen += page.items.map(\.id.rawValue)
        }
        #expect(seen == expected)
        let beyond = try await store.read { try await $0.offers(OfferQuery(), page: PageRequest(page: 4, size: 10)) }
        #expect(beyond.items.isEmpty && beyond.total == 23)
    }

    /// Every `VenueQuery` filter, ordered by name then id.
    static func venueQueries(_ store: SQLStore) async throws {
        try await seedQueries(store)
        try await store.write { tx async throws in
            try await tx.save(Fixtures.venue("venue-old", commune: "75056", kind: .library, name: "Ancienne", status: .withdrawn))
        }
        func ids(_ configure: (inout VenueQuery) -> Void) async throws -> [String] {
            var query = VenueQuery()
            configure(&query)
            let finalQuery = query
            let page = try await store.read { try await $0.venues(finalQuery, page: PageRequest(page: 1, size: 100)) }
            #expect(page.total == page.items.count)
            return page.items.map(\.id.rawValue)
        }
        #expect(try await ids { _ in } == ["venue-a", "venue-ajaccio", "venue-lyon"])
        #expect(try await ids { $0.includeWithdrawn = true } == ["venue-old", "venue-a", "venue-ajaccio", "venue-lyon"])
        #expect(try await ids { $0.kind = .cinema } == ["venue-lyon"])
        #expect(try await ids { $0.communeCode = "75056" } == ["venue-a"])
        #expect(try await ids { $0.departementCode = "2A" } == ["venue-ajaccio"])
        #expect(try await ids { $0.regionCode = "84" } == ["venue-lyon"])
        #expect(try await ids { $0.institutionID = InstitutionID(trusted: "inst-a") } == ["venue-a", "venue-ajaccio"])
        #expect(try await ids { $0.institutionID = InstitutionID(trusted: "inst-a"); $0.kind = .theatre; $0.regionCode = "94" } == ["venue-ajaccio"])
        let page = try await store.read { try await $0.venues(VenueQuery(), page: PageRequest(page: 2, size: 2)) }
        #expect(page.items.map(\.id.rawValue) == ["venue-lyon"] && page.total == 3)
    }
}
