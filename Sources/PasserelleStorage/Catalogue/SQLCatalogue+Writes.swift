import Foundation
import PasserelleCore
import SQLKit

/// Upserts by id. Large arrays are split into multi-row INSERT … ON CONFLICT statements of a bounded
/// number of binds, all inside the caller's one transaction.
///
/// An upsert never moves a record to another owner (a venue, work, offer or key to another institution, a
/// stock to another offer): the conflict update only applies when the owner column is unchanged, and a
/// refused row fails the whole write. This holds at any isolation level, so two institutions racing to
/// create the same id on PostgreSQL cannot overwrite each other.
extension SQLCatalogue {
    /// Bind parameters per statement: well under SQLite's 32 766 and PostgreSQL's 65 535.
    static let maximumBindsPerStatement = 16_000

    func save(_ institutions: [Institution]) async throws {
        try await upsert("institutions", Columns.institutions, owner: nil, lastByID(institutions, \.id).map { $0.row() })
    }

    func save(_ venues: [Venue]) async throws {
        try await upsert("venues", Columns.venues, owner: "institution_id", try lastByID(venues, \.id).map { try $0.row(json) })
        try await SearchIndexWriter(database: db()).reindexOffers(ofVenues: venues.map(\.id.rawValue))
    }

    func save(_ works: [Work], changedAt: Date) async throws {
        let stamp = changedAt.timeIntervalSinceReferenceDate
        try await upsert(
            "works", Columns.works + [Columns.changedAt], owner: "institution_id", stampingChanges: Columns.workContent,
            try lastByID(works, \.id).map { try $0.row(json) + [stamp] })
        try await SearchIndexWriter(database: db()).reindexOffers(works: works.map(\.id.rawValue))
    }

    /// Saves offers, replaces their rows in `offer_languages` (the index behind the `language` filter) and their
    /// search documents.
    func save(_ offers: [Offer]) async throws {
        let offers = lastByID(offers, \.id)
        guard !offers.isEmpty else { return }
        try lease.checkWritable()
        try await upsert("offers", Columns.offers, owner: "institution_id", raisingRevision: true, try offers.map { try $0.row(json) })
        let database = try db()
        for chunk in offers.chunked(by: Self.maximumBindsPerStatement) {
            try await database.raw("DELETE FROM offer_languages WHERE offer_id IN (\(binds: chunk.map(\.id.rawValue)))").run()
        }
        var languageRows: [[any Encodable & Sendable]] = []
        for offer in offers {
            var seen = Set<String>()
            for language in offer.languages where seen.insert(language).inserted {
                languageRows.append([offer.id.rawValue, language])
            }
        }
        for chunk in languageRows.chunked(by: Self.maximumBindsPerStatement / 2) {
            var builder = database.insert(into: "offer_languages").columns("offer_id", "language")
            for row in chunk { builder = builder.values(row) }
            try await builder.run()
        }
        try await SearchIndexWriter(database: database).index(offers)
    }

    /// Saves stocks and raises the revision of each offer they belong to (its detail lists them).
    func save(_ stocks: [Stock]) async throws {
        try await upsert("stocks", Columns.stocks, owner: "offer_id", lastByID(stocks, \.id).map { $0.row() })
        // Sorted, so concurrent PostgreSQL transactions lock the offer rows in one order and cannot deadlock.
        let offerIDs = Array(Set(stocks.map(\.offerID.rawValue))).sorted()
        for chunk in offerIDs.chunked(by: Self.maximumBindsPerStatement) {
            try await db().raw("UPDATE offers SET revision = revision + 1 WHERE id IN (\(binds: Array(chunk)))").run()
        }
    }

    func save(_ apiKey: APIKeyRecord) async throws {
        try await upsert("api_keys", Columns.apiKeys, owner: "institution_id", [apiKey.row()])
    }

    func recordUse(ofKey id: String, at date: Date, ifLastUseBefore olderThan: Date) async throws {
        try lease.checkWritable()
        try await db().raw(
            """
            UPDATE api_keys SET last_used_at = \(bind: date.timeIntervalSinceReferenceDate)
            WHERE id = \(bind: id) AND (last_used_at IS NULL OR last_used_at < \(bind: olderThan.timeIntervalSinceReferenceDate))
            """
        ).run()
    }

    func lockInstitution(_ id: InstitutionID) async throws { try await lockRow("institutions", id.rawValue) }

    func lockOffer(_ id: OfferID) async throws { try await lockRow("offers", id.rawValue) }

    /// `SELECT … FOR UPDATE` on PostgreSQL; nothing on SQLite, whose one writer (`BEGIN IMMEDIATE`) excludes the others.
    private func lockRow(_ table: String, _ id: String) async throws {
        try lease.checkWritable()
        let database = try db()
        guard database.dialect.name == "postgresql" else { return }
        try await database.raw("SELECT id FROM \(ident: table) WHERE id = \(bind: id) FOR UPDATE").run()
    }

    func setDatabaseFact(_ name: String, _ value: String) async throws {
        try lease.checkWritable()
        try await db().raw(
            """
            INSERT INTO database_facts (name, value) VALUES (\(bind: name), \(bind: value))
            ON CONFLICT (name) DO UPDATE SET value = excluded.value
            """
        ).run()
    }

    /// Inserts or updates `rows` (whose first column is `id`); `owner` names the column an update may not change.
    /// With `raisingRevision`, an update also adds one to the row's `revision`. With `stampingChanges`, the last
    /// column is a change time an update only takes when one of those columns differs from the stored row.
    func upsert(
        _ table: String, _ columns: [String], owner: String?, raisingRevision: Bool = false, stampingChanges content: [String]? = nil,
        _ rows: [[any Encodable & Sendable]]
    ) async throws {
        let database = try db()
        try lease.checkWritable()
        let rowsPerStatement = max(1, Self.maximumBindsPerStatement / columns.count)
        for chunk in rows.chunked(by: rowsPerStatement) {
            try lease.check()
            var builder = database.insert(into: table).columns(columns)
            for row in chunk { builder = builder.values(row) }
            builder = builder.onConflict(with: ["id"]) { update in
                let copied = content == nil ? columns.dropFirst() : columns.dropFirst().dropLast()
                var assigned = copied.reduce(update) { $0.set(excludedValueOf: $1) }
                if raisingRevision {
                    let raised = SQLBinaryExpression(SQLColumn("revision", table: table), .add, SQLLiteral.numeric("1"))
                    assigned = assigned.set(SQLColumn("revision"), to: raised)
                }
                if let content, let stamp = columns.last {
                    assigned = assigned.set(SQLColumn(stamp), to: Self.changeStamp(stamp, table: table, content: content))
                }
                guard let owner else { return assigned }
                return assigned.where(SQLColumn(owner, table: table), .equal, SQLExcludedColumn(owner))
            }
            guard owner != nil else {
                try await builder.run()
                continue
            }
            let written = try await builder.returning("id").all().map { try $0.decode(column: "id", as: String.self) }
            if written.count != chunk.count {
                let writtenIDs = Set(written)
                let refused = chunk.compactMap { $0.first as? String }.filter { !writtenIDs.contains($0) }
                throw CoreError(
                    .conflict, "\(table) \(refused.prefix(5).joined(separator: ", ")) already belong to another owner (\(owner ?? ""))")
            }
        }
    }

    /// `CASE WHEN any content column differs THEN the new stamp ELSE the stored one END` (`IS DISTINCT FROM`: NULLs
    /// compare as values, on SQLite ≥ 3.39 and PostgreSQL alike). In a SET, `table.column` is the row before the update.
    private static func changeStamp(_ stamp: String, table: String, content: [String]) -> SQLQueryString {
        let differs = content.map { column -> SQLQueryString in
            "\(ident: table).\(ident: column) IS DISTINCT FROM excluded.\(ident: column)"
        }.joined(separator: " OR ")
        return "CASE WHEN \(differs) THEN excluded.\(ident: stamp) ELSE \(ident: table).\(ident: stamp) END"
    }

    /// One row per id, the last one winning: PostgreSQL refuses an upsert that touches a row twice.
    func lastByID<Record, ID: Hashable>(_ records: [Record], _ id: KeyPath<Record, ID>) -> [Record] {
        var position: [ID: Int] = [:]
        var result: [Record] = []
        result.reserveCapacity(records.count)
        for record in records {
            if let index = position[record[keyPath: id]] {
                result[index] = record
            } else {
                position[record[keyPath: id]] = result.count
                result.append(record)
            }
        }
        return result
    }
}

extension Array {
    /// Consecutive slices of at most `size` elements.
    func chunked(by size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
