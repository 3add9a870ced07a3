import Foundation
import PasserelleCore
import SQLKit

/// The works by change time, withdrawn ones included: what an OAI-PMH harvest reads page by page. A page is a
/// keyset seek on (updated_at, id) — served by the index `works_changes`, or `works_institution_changes` for one
/// institution — so page 1 000 costs what page 1 does.
extension SQLCatalogue {
    func datedWork(_ id: WorkID) async throws -> DatedWork? {
        try await db().raw("SELECT \(unsafeRaw: Columns.datedWorks) FROM works WHERE id = \(bind: id.rawValue)")
            .first().map { try datedWork($0) }
    }

    func workChanges(_ query: WorkChangeQuery, after cursor: WorkChangeCursor?, limit: Int) async throws -> [DatedWork] {
        try await db().raw(Filters.workChangePage(query, after: cursor, limit: limit)).all().map { try datedWork($0) }
    }

    func countWorkChanges(_ query: WorkChangeQuery) async throws -> Int {
        try await db().raw("SELECT COUNT(*) AS total FROM works\(Filters.whereClause(Filters.workChanges(query)))")
            .first(decodingColumn: "total", as: Int.self) ?? 0
    }

    func earliestWorkChange() async throws -> Date? {
        try await db().raw("SELECT MIN(updated_at) AS earliest FROM works").first()?.date("earliest")
    }

    func institutionsWithWorks(after: InstitutionID?, limit: Int) async throws -> [Institution] {
        let after: SQLQueryString = after.map { " AND i.id > \(bind: $0.rawValue)" } ?? ""
        return try await db().raw(
            """
            SELECT \(unsafeRaw: Columns.list(Columns.institutions, alias: "i")) FROM institutions i
            WHERE EXISTS (SELECT 1 FROM works w WHERE w.institution_id = i.id)\(after)
            ORDER BY i.id LIMIT \(bind: max(0, limit))
            """
        ).all().map(Institution.init(row:))
    }

    func countInstitutionsWithWorks() async throws -> Int {
        try await db().raw("SELECT COUNT(DISTINCT institution_id) AS total FROM works").first(decodingColumn: "total", as: Int.self) ?? 0
    }


    private func datedWork(_ row: any SQLRow) throws -> DatedWork {
        DatedWork(
            work: try Work(row: row, json: json),
            changedAt: Date(timeIntervalSinceReferenceDate: try row.decode(column: Columns.changedAt, as: Double.self)))
    }
}
