import Foundation
import PasserelleCore
import SQLKit

/// The catalogue inside one transaction: the object `read {}` and `write {}` hand to their bodies.
/// Every query is built with SQLKit binds, so the same code runs on SQLite and PostgreSQL.
struct SQLCatalogue: CatalogueWriting {
    let database: any SQLDatabase
    let lease: TransactionLease
    let json = JSONText.shared

    /// Checks the transaction is still open, then gives the connection.
    func db() throws -> any SQLDatabase {
        try lease.check()
        return database
    }

    func institution(_ id: InstitutionID) async throws -> Institution? {
        try await db().raw("SELECT \(unsafeRaw: Columns.list(Columns.institutions)) FROM institutions WHERE id = \(bind: id.rawValue)")
            .first().map(Institution.init(row:))
    }

    func institution(apiKeyHash: String) async throws -> Institution? {
        try await db().raw(
            """
            SELECT \(unsafeRaw: Columns.list(Columns.institutions, alias: "i")) FROM institutions i
            JOIN api_keys k ON k.institution_id = i.id
            WHERE k.secret_hash = \(bind: apiKeyHash) AND k.revoked_at IS NULL
            AND (k.expires_at IS NULL OR k.expires_at > \(bind: Date().timeIntervalSinceReferenceDate))
            """
        ).first().map(Institution.init(row:))
    }

    func credential(apiKeyHash: String) async throws -> APICredential? {
        let database = try db()
        guard let key = try await database.raw(
            "SELECT \(unsafeRaw: Columns.list(Columns.apiKeys)) FROM api_keys WHERE secret_hash = \(bind: apiKeyHash)"
        ).first().map(APIKeyRecord.init(row:)) else { return nil }
        guard let institution = try await institution(key.institutionID) else { return nil }
        return APICredential(key: key, institution: institution)
    }

    func apiKey(_ id: String) async throws -> APIKeyRecord? {
        try await db().raw("SELECT \(unsafeRaw: Columns.list(Columns.apiKeys)) FROM api_keys WHERE id = \(bind: id)")
            .first().map(APIKeyRecord.init(row:))
    }

    func apiKeys(of institution: InstitutionID) async throws -> [APIKeyRecord] {
        try await db().raw(
            """
            SELECT \(unsafeRaw: Columns.list(Columns.apiKeys)) FROM api_keys WHERE institution_id = \(bind: institution.rawValue)
            ORDER BY created_at DESC, id
            """
        ).all().map(APIKeyRecord.init(row:))
    }

    func institution(siren: String) async throws -> Institution? {
        try await db().raw("SELECT \(unsafeRaw: Columns.list(Columns.institutions)) FROM institutions WHERE siren = \(bind: siren)")
            .first().map(Institution.init(row:))
    }

    func institutions(nameContaining text: String?, limit: Int) async throws -> [Institution] {
        let columns = Columns.list(Columns.institutions)
        guard let text, !text.isEmpty else {
            return try await db().raw("SELECT \(unsafeRaw: columns) FROM institutions ORDER BY name, id LIMIT \(bind: limit)")
                .all().map(Institution.init(row:))
        }
        // LIKE's wildcards in the text are matched literally.
        let escaped = text.lowercased().replacingOccurrences(of: "\\", with: "\\\\")
            .replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
        return try await db().raw(
            """
            SELECT \(unsafeRaw: columns) FROM institutions WHERE lower(name) LIKE \(bind: "%" + escaped + "%") ESCAPE '\\'
            ORDER BY name, id LIMIT \(bind: limit)
            """
        ).all().map(Institution.init(row:))
    }

    func databaseFact(_ name: String) async throws -> String? {
        try await db().raw("SELECT value FROM database_facts WHERE name = \(bind: name)").first(decodingColumn: "value", as: String.self)
    }

    func venue(_ id: VenueID) async throws -> Venue? {
        try await db().raw("SELECT \(unsafeRaw: Columns.list(Columns.venues)) FROM venues WHERE id = \(bind: id.rawValue)")
            .first().map { try Venue(row: $0, json: json) }
    }

    /// Venues ordered by name then id (byte order on both engines), with the total count of matches.
    func venues(_ query: VenueQuery, page: PageRequest) async throws -> Page<Venue> {
        let filter = Filters.venues(query)
        let database = try db()
        let rows = try await database.raw(
            "SELECT \(unsafeRaw: Columns.list(Columns.venues)) FROM venues\(filter) ORDER BY name, id LIMIT \(bind: page.size) OFFSET \(bind: page.offset)"
        ).all()
        let total = try await database.raw("SELECT COUNT(*) AS total FROM venues\(filter)").first(decodingColumn: "total", as: Int.self) ?? 0
        return Page(items: try rows.map { try Venue(row: $0, json: json) }, total: total, request: page)
    }

    func work(_ id: WorkID) async throws -> Work? {
        try await db().raw("SELECT \(unsafeRaw: Columns.list(Columns.works)) FROM works WHERE id = \(bind: id.rawValue)")
            .first().map { try Work(row: $0, json: json) }
    }

    func works(_ query: WorkQuery, page: PageRequest) async throws -> Page<Work> {
        let filter = Filters.works(query)
        let database = try db()
        let rows = try await database.raw(
            "SELECT \(unsafeRaw: Columns.list(Columns.works)) FROM works\(filter) ORDER BY id LIMIT \(bind: page.size) OFFSET \(bind: page.offset)"
        ).all()
        let total = try await database.raw("SELECT COUNT(*) AS total FROM works\(filter)").first(decodingColumn: "total", as: Int.self) ?? 0
        return Page(items: try rows.map { try Work(row: $0, json: json) }, total: total, request: page)
    }

    func offer(_ id: OfferID) async throws -> Offer? {
        try await db().raw("SELECT \(unsafeRaw: Columns.list(Columns.offers)) FROM offers WHERE id = \(bind: id.rawValue)")
            .first().map { try Offer(row: $0, json: json) }
    }

    func offers(_ query: OfferQuery, page: PageRequest) async throws -> Page<Offer> {
        let filter = Filters.offers(query)
        let database = try db()
        let rows = try await database.raw(Filters.offerPage(query, page)).all()
        let total = try await database.raw("SELECT COUNT(*) AS total FROM offers\(filter)").first(decodingColumn: "total", as: Int.self) ?? 0
        return Page(items: try rows.map { try Offer(row: $0, json: json) }, total: total, request: page)
    }

    func offerVersion(_ id: OfferID) async throws -> OfferVersion? {
        guard let row = try await db().raw("SELECT revision, status FROM offers WHERE id = \(bind: id.rawValue)").first() else {
            return nil
        }
        return OfferVersion(revision: try row.decode(column: "revision", as: Int.self), status: try row.status())
    }

    func stock(_ id: StockID) async throws -> Stock? {
        try await db().raw("SELECT \(unsafeRaw: Columns.list(Columns.stocks)) FROM stocks WHERE id = \(bind: id.rawValue)")
            .first().map(Stock.init(row:))
    }

    /// Dated stocks first in date order, then undated ones, ties by id (same order on both engines).
    /// Sorted here rather than in SQL: SQLite 3.53 prepares a statement that has both a bound WHERE value and
    /// an ORDER BY again on every run, and this read is on the hot path of every offer page.
    func stocks(of offer: OfferID) async throws -> [Stock] {
        try await db().raw(
            "SELECT \(unsafeRaw: Columns.list(Columns.stocks)) FROM stocks WHERE offer_id = \(bind: offer.rawValue)"
        ).all().map(Stock.init(row:)).sorted(by: Stock.isListedBefore)
    }

    func counts() async throws -> CatalogueCounts {
        let active = RecordStatus.active.rawValue
        let row = try await db().raw(
            """
            SELECT
                (SELECT COUNT(*) FROM institutions WHERE status = \(bind: active)) AS institutions,
                (SELECT COUNT(*) FROM venues WHERE status = \(bind: active)) AS venues,
                (SELECT COUNT(*) FROM works WHERE status = \(bind: active)) AS works,
                (SELECT COUNT(*) FROM offers WHERE status = \(bind: active)) AS offers,
                (SELECT COUNT(*) FROM stocks WHERE status = \(bind: active)) AS stocks
            """
        ).first()
        guard let row else { return CatalogueCounts() }
        return CatalogueCounts(
            institutions: try row.decode(column: "institutions", as: Int.self),
            venues: try row.decode(column: "venues", as: Int.self),
            works: try row.decode(column: "works", as: Int.self),
            offers: try row.decode(column: "offers", as: Int.self),
            stocks: try row.decode(column: "stocks", as: Int.self)
        )
    }
}
