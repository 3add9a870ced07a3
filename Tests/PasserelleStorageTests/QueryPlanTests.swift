import Foundation
import PasserelleCore
@testable import PasserelleStorage
import SQLKit
import Testing

/// SQL-shape checks on SQLite: the listing queries use the indexes migration 0001 creates for them, and the
/// default order is read from an index instead of sorting every match.
@Suite("SQLite query plans")
struct QueryPlanTests {
    func plan(_ configure: (inout OfferQuery) -> Void) async throws -> String {
        var query = OfferQuery()
        configure(&query)
        let sql = Filters.offerPage(query, try PageRequest())
        return try await TestDatabase.sqliteMemory.withStore { store in
            try await store.withTransaction { database in
                try await database.raw("EXPLAIN QUERY PLAN " + sql).all()
                    .map { try $0.decode(column: "detail", as: String.self) }.joined(separator: "\n")
            }
        }
    }

    @Test func defaultListingReadsTheOrderFromAnIndex() async throws {
        let plan = try await plan { _ in }
        #expect(plan.contains("offers_active_order"), "\(plan)")
        #expect(!plan.contains("TEMP B-TREE"), "\(plan)")
    }

    @Test func withdrawnIncludedStillAvoidsASort() async throws {
        let plan = try await plan { $0.includeWithdrawn = true }
        #expect(plan.contains("offers_order"), "\(plan)")
        #expect(!plan.contains("TEMP B-TREE"), "\(plan)")
    }

    @Test func filtersUseTheirIndexes() async throws {
        let language = try await plan { $0.language = "fr" }
        #expect(language.contains("offer_languages_language"), "\(language)")
        let region = try await plan { $0.regionCode = "11" }
        #expect(region.contains("venues_region"), "\(region)")
        let institution = try await plan { $0.institutionID = InstitutionID(trusted: "i") }
        #expect(institution.contains("offers_institution"), "\(institution)")
    }

    /// The OAI-PMH change list seeks its keyset in (updated_at, id) order from an index, never sorting the works.
    @Test func workChangePagesSeekTheirIndex() async throws {
        let cursor = WorkChangeCursor(changedAt: Date(), id: WorkID(trusted: "w"))
        for (query, index) in [(WorkChangeQuery(), "works_changes"), (WorkChangeQuery(institutionID: InstitutionID(trusted: "i")), "works_institution_changes")] {
            let sql = Filters.workChangePage(query, after: cursor, limit: 101)
            let plan = try await TestDatabase.sqliteMemory.withStore { store in
                try await store.withTransaction { database in
                    try await database.raw("EXPLAIN QUERY PLAN " + sql).all()
                        .map { try $0.decode(column: "detail", as: String.self) }.joined(separator: "\n")
                }
            }
            #expect(plan.contains(index) && !plan.contains("TEMP B-TREE"), "\(plan)")
        }
    }
}
