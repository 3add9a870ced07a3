import Foundation
import PasserelleCore
import PasserelleDiscovery
import SQLKit

/// Collections inside one transaction. The row's columns copy what listing needs; `body` is the collection itself.
struct SQLCollections: CollectionWriting {
    let database: any SQLDatabase
    let catalogue: any CatalogueReading
    let json = JSONText.shared

    func collection(_ id: CollectionID) async throws -> EditorialCollection? {
        try await database.raw("SELECT body FROM collections WHERE id = \(bind: id.rawValue)").first()
            .map { try decode($0) }
    }

    func collections(_ query: CollectionQuery, page: PageRequest) async throws -> Page<EditorialCollection> {
        var conditions: [SQLQueryString] = []
        if !query.includeWithdrawn { conditions.append("status = 'active'") }
        if let institution = query.institutionID { conditions.append("institution_id = \(bind: institution.rawValue)") }
        if let now = query.publishedAt?.timeIntervalSinceReferenceDate {
            conditions.append("(published_from IS NULL OR published_from <= \(bind: now))")
            conditions.append("(published_until IS NULL OR published_until > \(bind: now))")
        }
        let filter: SQLQueryString = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        let rows = try await database.raw(
            "SELECT body FROM collections\(filter) ORDER BY updated_at DESC, id LIMIT \(bind: page.size) OFFSET \(bind: page.offset)"
        ).all()
        let total = try await database.raw("SELECT COUNT(*) AS total FROM collections\(filter)").first(decodingColumn: "total", as: Int.self) ?? 0
        return Page(items: try rows.map(decode), total: total, request: page)
    }

    func save(_ collection: EditorialCollection) async throws {
        let body = try json.encode(collection)
        try await database.raw(
            """
            INSERT INTO collections (id, institution_id, status, published_from, published_until, updated_at, body)
            VALUES (\(bind: collection.id.rawValue), \(bind: collection.institutionID.rawValue), \(bind: collection.status.rawValue),
                    \(bind: collection.publishedFrom?.timeIntervalSinceReferenceDate), \(bind: collection.publishedUntil?.timeIntervalSinceReferenceDate),
                    \(bind: collection.updatedAt.timeIntervalSinceReferenceDate), \(bind: body))
            ON CONFLICT (id) DO UPDATE SET status = excluded.status, published_from = excluded.published_from,
                published_until = excluded.published_until, updated_at = excluded.updated_at, body = excluded.body
            WHERE collections.institution_id = excluded.institution_id
            """
        ).run()
    }

    private func decode(_ row: any SQLRow) throws -> EditorialCollection {
        try json.decode(EditorialCollection.self, try row.decode(column: "body", as: String.self), column: "collections.body")
    }
}
