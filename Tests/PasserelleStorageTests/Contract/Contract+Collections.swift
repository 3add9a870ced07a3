import Foundation
import PasserelleCore
import PasserelleDiscovery
import PasserelleStorage
import Testing

/// Editorial collections on every engine: round trip, listing, publication dates, and the service's rules inside
/// the write transaction (ownership, active items only, other institutions' records for editors only).
extension Contract {
    private static func list(_ id: String, of institution: String = "inst-a", items: [CollectionItem], updated days: Double = 0) -> EditorialCollection {
        EditorialCollection(
            id: CollectionID(trusted: id), institutionID: InstitutionID(trusted: institution),
            title: LocalizedText([.fr: "Sélection \(id)", .en: "Selection \(id)"]), curator: "Équipe des publics", items: items,
            updatedAt: Fixtures.base.addingTimeInterval(days * 86_400))
    }

    static func collections(_ store: SQLStore) async throws {
        try await store.write { tx in
            try await Fixtures.seed(tx)
            try await tx.save(Fixtures.institution("inst-b", name: "Cinéma B"))
            try await tx.save(Fixtures.offer("offer-a"))
            var other = Fixtures.offer("offer-b", venue: nil)
            other.institutionID = InstitutionID(trusted: "inst-b")
            other.access = .online
            other.onlineURL = URL(string: "https://example.org/b")
            try await tx.save(other)
        }
        let service = CollectionService(store: store, editors: [InstitutionID(trusted: "inst-editor")])
        let a = InstitutionID(trusted: "inst-a"), b = InstitutionID(trusted: "inst-b")

        // Round trip: every field, items in the curator's order.
        var first = list("picks", items: [.work(WorkID(trusted: "work-a"), note: LocalizedText(french: "Le classique")), .offer(OfferID(trusted: "offer-a"))])
        first.licence = .ccBy4
        first.description = LocalizedText([.fr: "Notre choix", .de: "Unsere Auswahl"])
        first.publishedUntil = Fixtures.base.addingTimeInterval(30 * 86_400)
        let (saved, outcome) = try await service.save(first, by: a, now: Fixtures.base)
        #expect(outcome == .created)
        let read = try await store.readCollections { try await $0.collection(CollectionID(trusted: "picks")) }
        #expect(read == saved)
        #expect(read?.items.map(\.id) == ["work-a", "offer-a"])
        #expect(try await service.save(first, by: a, now: Fixtures.base).1 == .updated)

        // Another institution cannot replace or withdraw it; nothing changes.
        await #expect(throws: CoreError.self) { try await service.save(first, by: b) }
        await #expect(throws: CoreError.self) { try await service.withdraw(CollectionID(trusted: "picks"), by: b) }
        #expect(try await store.readCollections { try await $0.collection(CollectionID(trusted: "picks")) } == saved)

        // Items: unknown ones and (for a non-editor) other institutions' are refused, each named, and nothing is written.
        let mixed = list("mixed", items: [.offer(OfferID(trusted: "offer-b")), .offer(OfferID(trusted: "nope")), .offer(OfferID(trusted: "offer-a"))])
        do {
            _ = try await service.save(mixed, by: a)
            Issue.record("a list citing another institution's offer was saved")
        } catch let error as CoreError {
            #expect(error.issues.map(\.field) == ["items/0/id", "items/1/id"])
            #expect(error.issues.map(\.code) == ["not-yours", "unknown-reference"])
        }
        #expect(try await store.readCollections { try await $0.collection(CollectionID(trusted: "mixed")) } == nil)
        // An editor may cite both institutions.
        try await store.write { try await $0.save(Fixtures.institution("inst-editor", name: "Rédaction")) }
        let editorial = list("editorial", of: "inst-editor", items: [.offer(OfferID(trusted: "offer-b")), .offer(OfferID(trusted: "offer-a"))], updated: 1)
        _ = try await service.save(editorial, by: InstitutionID(trusted: "inst-editor"), now: Fixtures.base.addingTimeInterval(86_400))

        // A saved query needs no items; listing is newest first; publication dates and withdrawal filter the public list.
        var query = list("concerts", of: "inst-b", items: [])
        query.savedQuery = "q=concert&free=true"
        query.publishedFrom = Fixtures.base.addingTimeInterval(10 * 86_400)
        _ = try await service.save(query, by: b, now: Fixtures.base.addingTimeInterval(2 * 86_400))
        let page = try PageRequest(page: 1, size: 10)
        let all = try await store.readCollections { try await $0.collections(CollectionQuery(), page: page) }
        #expect(all.items.map(\.id.rawValue) == ["concerts", "editorial", "picks"] && all.total == 3)
        let ofB = try await store.readCollections { try await $0.collections(CollectionQuery(institutionID: b), page: page) }
        #expect(ofB.items.map(\.id.rawValue) == ["concerts"])
        let today = try await store.readCollections { try await $0.collections(CollectionQuery(publishedAt: Fixtures.base.addingTimeInterval(86_400)), page: page) }
        #expect(today.items.map(\.id.rawValue) == ["editorial", "picks"], "concerts starts later")
        let later = try await store.readCollections { try await $0.collections(CollectionQuery(publishedAt: Fixtures.base.addingTimeInterval(40 * 86_400)), page: page) }
        #expect(later.items.map(\.id.rawValue) == ["concerts", "editorial"], "picks ended")

        let withdrawn = try await service.withdraw(CollectionID(trusted: "picks"), by: a, now: Fixtures.base.addingTimeInterval(3 * 86_400))
        #expect(withdrawn.status == .withdrawn)
        let active = try await store.readCollections { try await $0.collections(CollectionQuery(), page: page) }
        #expect(!active.items.map(\.id.rawValue).contains("picks"))
        let kept = try await store.readCollections { try await $0.collections(CollectionQuery(includeWithdrawn: true), page: page) }
        #expect(kept.items.map(\.id.rawValue).first == "picks", "withdrawn, kept, and newest")
    }
}

extension Contract {
    /// Works list by id, filtered by institution and category, withdrawn ones hidden, on every engine.
    static func worksListing(_ store: SQLStore) async throws {
        try await store.write { tx in
            try await Fixtures.seed(tx)
            try await tx.save(Fixtures.institution("inst-b", name: "Cinéma B"))
            var film = Fixtures.work("work-film", of: "inst-b")
            film.categoryID = CategoryID(trusted: "cinema.online")
            try await tx.save(film)
            var gone = Fixtures.work("work-gone")
            gone.status = .withdrawn
            try await tx.save(gone)
            try await tx.save(Fixtures.work("work-b2"))
        }
        let page = try PageRequest(page: 1, size: 10)
        let all = try await store.read { try await $0.works(WorkQuery(), page: page) }
        #expect(all.items.map(\.id.rawValue) == ["work-a", "work-b2", "work-film"] && all.total == 3)
        let ofA = try await store.read { try await $0.works(WorkQuery(institutionID: InstitutionID(trusted: "inst-a")), page: page) }
        #expect(ofA.items.map(\.id.rawValue) == ["work-a", "work-b2"])
        let films = try await store.read { try await $0.works(WorkQuery(categoryIDs: [CategoryID(trusted: "cinema.online")]), page: page) }
        #expect(films.items.map(\.id.rawValue) == ["work-film"])
        let second = try await store.read { try await $0.works(WorkQuery(), page: try PageRequest(page: 2, size: 2)) }
        #expect(second.items.map(\.id.rawValue) == ["work-film"] && second.total == 3)
    }
}
