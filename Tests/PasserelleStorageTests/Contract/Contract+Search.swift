import Foundation
import PasserelleCore
import PasserelleDiscovery
import PasserelleStorage
import Testing

/// Search behaves the same on every engine: the same folded tokens, the same candidates, the same ranking.
extension Contract {
    private static let now = Fixtures.base
    private static func at(days: Double) -> Date { now.addingTimeInterval(days * 86_400) }

    private static func titled(
        _ id: String, _ title: String, venue: String? = "venue-a", work: String? = nil, category: String = "live-performance.theatre",
        access: OfferAccess = .onSite, startsAt: Date? = nil, price: PriceRange? = PriceRange(minCents: 500, maxCents: 1_250),
        description: String = ""
    ) -> Offer {
        var offer = Fixtures.offer(id, venue: venue, work: work, category: category, access: access, startsAt: startsAt)
        offer.title = LocalizedText(french: title)
        offer.description = LocalizedText(french: description)
        offer.price = price
        return offer
    }

    /// Paris (venue-a, from the fixtures) and Lyon; a work shown in three places; texts with accents, elisions, plurals.
    static func seedSearch(_ store: SQLStore) async throws {
        try await store.write { tx async throws in
            try await Fixtures.seed(tx)
            var lyon = Fixtures.venue("venue-lyon", commune: "69123", departement: "69", region: "84", kind: .theatre, name: "Théâtre des Célestins")
            lyon.address = Address(city: "Lyon")
            lyon.coordinates = GeoPoint(latitude: 45.7603, longitude: 4.8270)
            lyon.accessibility = [.visual]
            try await tx.save(lyon)
            try await tx.save([
                titled("mis-paris", "Les Misérables", work: "work-a", startsAt: at(days: 3)),
                titled("mis-lyon", "Les Misérables", venue: "venue-lyon", work: "work-a", startsAt: at(days: 1)),
                titled("mis-online", "Les Misérables, lecture", venue: nil, work: "work-a", access: .online, startsAt: at(days: 9)),
                titled("opera", "L'Opéra de quat'sous", venue: "venue-lyon", category: "music.concert", startsAt: at(days: 2)),
                titled("chateaux", "Châteaux de la Loire", category: "heritage.exhibition"),
                titled("concert", "Concert gratuit d'orgue", category: "music.concert", startsAt: at(days: 5), price: .free),
                titled("podcast", "Molière raconté", venue: nil, category: "media.podcast", access: .online, price: .free,
                    description: "Un podcast sur la vie de Jean-Baptiste Poquelin, dit Molière, et ses comédies."),
            ])
        }
    }

    private static func keys(_ store: SQLStore, _ text: String?, _ configure: (inout SearchRequest) -> Void = { _ in }) async throws -> [String] {
        var request = SearchRequest(text: text)
        request.now = now
        configure(&request)
        return try await store.search(request).groups.map(\.key)
    }

    static func searchText(_ store: SQLStore) async throws {
        try await seedSearch(store)
        // Accents and case: one result for the work, with its three offers, dated first.
        var request = SearchRequest(text: "miserables")
        request.now = now
        let results = try await store.search(request)
        #expect(results.groups.map(\.key) == ["w:work-a"])
        #expect(results.groups.first?.offerCount == 3)
        #expect(results.groups.first?.offers.map(\.id.rawValue) == ["mis-lyon", "mis-paris", "mis-online"])
        #expect(results.groups.first?.work?.id.rawValue == "work-a")
        #expect(results.total == .exact(3))
        // The work's creators are indexed with its offers.
        #expect(try await keys(store, "victor hugo") == ["w:work-a"])
        // Elisions, in the query and in the text.
        #expect(try await keys(store, "l'opéra") == ["o:opera"])
        #expect(try await keys(store, "quat'sous") == ["o:opera"])
        // Plurals on either side.
        #expect(try await keys(store, "château") == ["o:chateaux"])
        #expect(try await keys(store, "concerts") == ["o:concert"])
        // A prefix while typing, not once the word is finished.
        #expect(try await keys(store, "misé") == ["w:work-a"])
        #expect(try await keys(store, "misé ").isEmpty)
        // Typos: a missing letter, a swapped pair, two edits in a long word.
        #expect(try await keys(store, "miserbles") == ["w:work-a"])
        #expect(try await keys(store, "moliree") == ["o:podcast"])
        #expect(try await keys(store, "poqelinn") == ["o:podcast"])
        // Every word must match; a word that matches nothing, even corrected, finds nothing.
        #expect(try await keys(store, "miserables lyon") == ["w:work-a"])
        #expect(try await keys(store, "miserables zzzzzz").isEmpty)
        // Venue names and towns are searchable.
        // Same relevance (the place): the sooner first.
        #expect(try await keys(store, "célestins") == ["w:work-a", "o:opera"])
        // The title outranks the description.
        let moliere = try await store.search(SearchRequest(text: "molière"))
        #expect(moliere.groups.map(\.key) == ["o:podcast"])
        #expect(moliere.terms.terms.map(\.token) == ["moliere"])
        // Stop words alone are no query: everything is listed.
        #expect(try await keys(store, "les de la").count == 5)
    }

    static func searchFilters(_ store: SQLStore) async throws {
        try await seedSearch(store)
        #expect(try await keys(store, nil) { $0.filters.categoryIDs = Taxonomy.expand(CategoryID(trusted: "music")) } == ["o:opera", "o:concert"])
        #expect(try await keys(store, nil) { $0.filters.regionCode = "84" } == ["w:work-a", "o:opera"])
        #expect(try await keys(store, nil) { $0.filters.access = .online } == ["w:work-a", "o:podcast"])
        #expect(try await keys(store, nil) { $0.freeOnly = true }.sorted() == ["o:concert", "o:podcast"])
        #expect(try await keys(store, nil) { $0.maximumPriceCents = 400 }.sorted() == ["o:concert", "o:podcast"])
        #expect(try await keys(store, nil) { $0.accessibility = [.visual] } == ["w:work-a", "o:opera"])
        // Dates: undated offers (the château, the podcast) never match a date filter.
        let dated = try await keys(store, nil) { $0.filters.from = at(days: 0); $0.filters.to = at(days: 2.5) }
        #expect(dated == ["w:work-a", "o:opera"])
        #expect(try await keys(store, nil) { $0.filters.from = at(days: 1000); $0.filters.to = at(days: 1001) }.isEmpty)
        // Near Lyon, 10 km: Paris is 390 km away.
        #expect(try await keys(store, nil) { $0.near = GeoPoint(latitude: 45.76, longitude: 4.83); $0.radiusKm = 10 } == ["w:work-a", "o:opera"])
        // Text and territory or price together (on SQLite the filters also narrow the full-text walk: facet tokens).
        #expect(try await keys(store, "miserables") { $0.filters.regionCode = "84" } == ["w:work-a"])
        #expect(try await keys(store, "miserables") { $0.filters.communeCode = "69123"; $0.filters.departementCode = "69" } == ["w:work-a"])
        #expect(try await keys(store, "opera") { $0.filters.regionCode = "11" }.isEmpty, "the opera is at Lyon")
        #expect(try await keys(store, "concert") { $0.freeOnly = true } == ["o:concert"])
        #expect(try await keys(store, "orgue") { $0.freeOnly = true; $0.filters.departementCode = "69" }.isEmpty)
        // The tokens are no words: a search for one finds nothing.
        for token in ["pfree", "r84", "d69", "m69123"] { #expect(try await keys(store, token).isEmpty, "\(token)") }
        // Facets count offers, not groups, over every match.
        var request = SearchRequest()
        request.now = now
        let facets = try await store.search(request).facets
        #expect(facets.categories.first == FacetValue(value: "live-performance.theatre", count: 3))
        #expect(facets.sectors.contains(FacetValue(value: "music", count: 2)))
        #expect(facets.regions == [FacetValue(value: "11", count: 3), FacetValue(value: "84", count: 2)])
        #expect(facets.free == 2)
        #expect(facets.access.contains(FacetValue(value: "online", count: 2)))
    }

    /// Pages by cursor never repeat or skip a group, even when offers are written between two pages.
    static func searchCursor(_ store: SQLStore) async throws {
        try await seedSearch(store)
        var request = SearchRequest()
        request.now = now
        request.pageSize = 50
        let all = try await store.search(request).groups.map(\.key)
        #expect(all.count == 5)
        request.pageSize = 2
        var seen: [String] = []
        var page = 0
        repeat {
            let results = try await store.search(request)
            seen += results.groups.map(\.key)
            request.cursor = results.nextCursor
            if page == 0 {
                // A new offer that ranks first, written after the first page: it does not shift the next pages.
                try await store.write { tx in
                    try await tx.save(titled("new-first", "Nouveau", startsAt: at(days: 0)))
                }
            }
            page += 1
        } while request.cursor != nil && page < 10
        #expect(seen.filter { all.contains($0) } == all)
        #expect(Set(seen).count == seen.count)
        #expect(SearchCursor(token: SearchCursor(score: 0.25, key: "w:x").token) == SearchCursor(score: 0.25, key: "w:x"))
        #expect(SearchCursor(token: "not a cursor") == nil)
    }

    /// Renaming a venue or a work re-indexes its offers; withdrawing an offer hides it.
    static func searchIndexFollowsWrites(_ store: SQLStore) async throws {
        try await seedSearch(store)
        try await store.write { tx in
            var venue = try #require(try await tx.venue(VenueID(trusted: "venue-lyon")))
            venue.name = "Salle Rameau"
            try await tx.save(venue)
            var work = try #require(try await tx.work(WorkID(trusted: "work-a")))
            work.creators = ["Hugo"]
            try await tx.save(work)
            var podcast = try #require(try await tx.offer(OfferID(trusted: "podcast")))
            podcast.status = .withdrawn
            try await tx.save(podcast)
        }
        #expect(try await keys(store, "rameau") == ["w:work-a", "o:opera"])
        #expect(try await keys(store, "célestins").isEmpty)
        #expect(try await keys(store, "victor").isEmpty)
        #expect(try await keys(store, "moliere").isEmpty)
        #expect(try await store.rebuildSearchIndex() == 7)
        #expect(try await keys(store, "rameau") == ["w:work-a", "o:opera"])
    }

    /// Past the candidate bound, the engine is not asked to score every match: candidates come tier by tier, so
    /// the offers with the word in their title are read first even when they are the last ones written.
    static func searchBroadQuery(_ store: SQLStore) async throws {
        try await store.write { tx async throws in
            try await Fixtures.seed(tx)
            let broad = (0..<(SearchResults.candidateBound + 50)).map { index in
                titled("soiree-\(index)", "Soirée \(index)", startsAt: at(days: 1), description: "Une soirée de jazz manouche.")
            }
            try await tx.save(broad)
            try await tx.save([
                titled("title-1", "Jazz au jardin", startsAt: at(days: 20)),
                titled("title-2", "Nuit du jazz", startsAt: at(days: 30)),
            ])
            try await tx.save(Fixtures.venue("venue-jazz", kind: .theatre, name: "Caveau du Jazz"))
            try await tx.save([titled("venue-match", "Récital", venue: "venue-jazz", startsAt: at(days: 40))])
        }
        var request = SearchRequest(text: "jazz ")
        request.now = now
        let results = try await store.search(request)
        #expect(results.total == .moreThan(SearchResults.candidateBound))
        // The title matches rank first although their dates are later; then the place, then the descriptions.
        #expect(results.groups.prefix(3).map(\.key) == ["o:title-1", "o:title-2", "o:venue-match"])
        #expect(results.groups.count == request.pageSize)
        #expect(results.groups.dropFirst(3).allSatisfy { $0.key.hasPrefix("o:soiree-") })
        // The tiers read each document once: no group twice across the first pages.
        var keys = results.groups.map(\.key)
        request.cursor = results.nextCursor
        for _ in 0..<3 {
            let page = try await store.search(request)
            keys += page.groups.map(\.key)
            request.cursor = page.nextCursor
        }
        #expect(Set(keys).count == keys.count)
    }
}
