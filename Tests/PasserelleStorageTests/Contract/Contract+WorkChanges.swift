import Foundation
import PasserelleCore
import PasserelleStorage
import SQLKit
import Testing

/// Works by change time (what OAI-PMH harvests), on every engine: a save stamps a new or changed row and leaves an
/// unchanged one alone, withdrawn works stay listed, the keyset pages by (time, id) with ties by id, and the filters,
/// counts and institution list agree.
extension Contract {
    static func workChanges(_ store: SQLStore) async throws {
        let t0 = Fixtures.base.addingTimeInterval(86_400)
        @Sendable func at(_ seconds: Double) -> Date { t0.addingTimeInterval(seconds) }
        try await store.write { tx in
            try await tx.save(Fixtures.institution())
            try await tx.save(Fixtures.institution("inst-b", name: "Cinéma B"))
            var film = Fixtures.work("work-film", of: "inst-b")
            film.categoryID = CategoryID(trusted: "cinema.online")
            try await tx.save([Fixtures.work("work-b"), Fixtures.work("work-a"), film], changedAt: at(0))
        }
        func stamp(_ id: String) async throws -> Date? {
            try await store.read { try await $0.datedWork(WorkID(trusted: id)) }?.changedAt
        }
        #expect(try await stamp("work-a") == at(0))

        // The same values again, retrieved later: not a change. A new title: a change. A withdrawal: a change.
        try await store.write { tx in
            var again = Fixtures.work("work-a")
            again.provenance.retrievedAt = at(50)
            try await tx.save([again], changedAt: at(50))
        }
        #expect(try await stamp("work-a") == at(0), "an unchanged re-import keeps the change time")
        try await store.write { tx in
            var renamed = Fixtures.work("work-b")
            renamed.title = LocalizedText([.fr: "Notre-Dame de Paris"])
            try await tx.save([renamed], changedAt: at(100))
            var gone = Fixtures.work("work-film", of: "inst-b")
            gone.categoryID = CategoryID(trusted: "cinema.online")
            gone.status = .withdrawn
            try await tx.save([gone], changedAt: at(200))
        }
        #expect(try await stamp("work-b") == at(100))
        let withdrawn = try await store.read { try await $0.datedWork(WorkID(trusted: "work-film")) }
        #expect(withdrawn?.changedAt == at(200) && withdrawn?.work.status == .withdrawn)
        #expect(try await stamp("nowhere") == nil)

        // Ties on the time go by id; the keyset resumes strictly after its cursor.
        try await store.write { tx in try await tx.save([Fixtures.work("work-d"), Fixtures.work("work-c")], changedAt: at(100)) }
        let all = try await store.read { try await $0.workChanges(WorkChangeQuery(), after: nil, limit: 10) }
        #expect(all.map(\.work.id.rawValue) == ["work-a", "work-b", "work-c", "work-d", "work-film"])
        let firstTwo = try await store.read { try await $0.workChanges(WorkChangeQuery(), after: nil, limit: 2) }
        let rest = try await store.read { try await $0.workChanges(WorkChangeQuery(), after: firstTwo.last?.position, limit: 10) }
        #expect(firstTwo.map(\.work.id.rawValue) == ["work-a", "work-b"] && rest.map(\.work.id.rawValue) == ["work-c", "work-d", "work-film"])
        #expect(try await store.read { try await $0.countWorkChanges(WorkChangeQuery()) } == 5)

        // Filters: institution, category, [from, before).
        let ofB = WorkChangeQuery(institutionID: InstitutionID(trusted: "inst-b"))
        #expect(try await store.read { try await $0.workChanges(ofB, after: nil, limit: 10) }.map(\.work.id.rawValue) == ["work-film"])
        let cinema = WorkChangeQuery(categoryIDs: Taxonomy.expand(CategoryID(trusted: "cinema")))
        #expect(try await store.read { try await $0.countWorkChanges(cinema) } == 1)
        let window = WorkChangeQuery(from: at(100), before: at(200))
        #expect(try await store.read { try await $0.workChanges(window, after: nil, limit: 10) }.map(\.work.id.rawValue) == ["work-b", "work-c", "work-d"])
        #expect(try await store.read { try await $0.countWorkChanges(window) } == 3)

        #expect(try await store.read { try await $0.earliestWorkChange() } == at(0))
        let holders = try await store.read { try await $0.institutionsWithWorks(after: nil, limit: 10) }
        #expect(holders.map(\.id.rawValue) == ["inst-a", "inst-b"])
        let afterA = try await store.read { try await $0.institutionsWithWorks(after: InstitutionID(trusted: "inst-a"), limit: 10) }
        #expect(afterA.map(\.id.rawValue) == ["inst-b"])
        #expect(try await store.read { try await $0.countInstitutionsWithWorks() } == 2)
    }

    /// Migration 13 gives the works already stored their provenance's retrieval time as change time.
    static func workChangesBackfill(_ store: SQLStore) async throws {
        try await store.write { try await $0.save(Fixtures.institution()) }
        try await store.withTransaction { database in
            try await database.raw(
                """
                INSERT INTO works (id, institution_id, title, creators, category_id, languages, identifiers, description,
                    provenance_source, provenance_retrieved_at, status)
                VALUES ('old-work', 'inst-a', '{"fr":"Ancienne"}', '[]', 'books.print', '[]', '{}', '{}', 'api', 815000000.5, 'active')
                """
            ).run()
        }
        try await store.migrate()
        let dated = try await store.read { try await $0.datedWork(WorkID(trusted: "old-work")) }
        #expect(dated?.changedAt == Date(timeIntervalSinceReferenceDate: 815_000_000.5))
        #expect(try await store.read { try await $0.earliestWorkChange() } == Date(timeIntervalSinceReferenceDate: 815_000_000.5))
    }
}
