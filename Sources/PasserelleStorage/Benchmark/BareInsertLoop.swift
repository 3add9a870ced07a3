import Foundation
import Logging
import PasserelleCore
import PostgresNIO
import SQLiteNIO

/// The baseline the store is measured against: the same offer and language rows written by one parameterised
/// INSERT per row, straight through the driver (no SQLKit, no upsert, no batching), in one transaction.
struct BareInsertLoop {
    /// A column value without SQLKit's encoders.
    enum Value {
        case text(String?), integer(Int64?), real(Double?)
    }

    let offers: [Offer]
    let logger: Logger

    static let offerSQL: String = {
        let placeholders = (1...Columns.offers.count).map { "$\($0)" }.joined(separator: ", ")
        return "INSERT INTO offers (\(Columns.list(Columns.offers))) VALUES (\(placeholders))"
    }()
    static let languageSQL = "INSERT INTO offer_languages (offer_id, language) VALUES ($1, $2)"

    /// The offer's row in `Columns.offers` order.
    static func values(_ offer: Offer, json: JSONText) throws -> [Value] {
        [
            .text(offer.id.rawValue), .text(offer.institutionID.rawValue), .text(offer.workID?.rawValue),
            .text(offer.venueID?.rawValue), .text(try json.encode(offer.title)), .text(try json.encode(offer.description)),
            .text(offer.categoryID.rawValue), .text(offer.access.rawValue), .text(offer.onlineURL?.absoluteString),
            .text(offer.bookingURL?.absoluteString), .integer(offer.price?.minCents), .integer(offer.price?.maxCents),
            .real(storedDate(offer.startsAt)), .real(storedDate(offer.endsAt)), .text(try json.encode(offer.languages)),
            .text(offer.provenance.source), .text(offer.provenance.recordID), .text(offer.provenance.license),
            .real(offer.provenance.retrievedAt.timeIntervalSinceReferenceDate), .text(offer.status.rawValue),
            .real(offer.updatedAt.timeIntervalSinceReferenceDate),
        ]
    }

    func run(on connection: RawConnection) async throws {
        let json = JSONText()
        switch connection {
        case .sqlite(let sqlite):
            // SQLite numbers parameters `?NNN`; `$NNN` is also accepted as a named parameter bound by position.
            _ = try await sqlite.query("BEGIN IMMEDIATE", [])
            do {
                for offer in offers {
                    _ = try await sqlite.query(Self.offerSQL, try Self.values(offer, json: json).map(Self.sqliteData))
                    for language in Set(offer.languages) {
                        _ = try await sqlite.query(Self.languageSQL, [.text(offer.id.rawValue), .text(language)])
                    }
                }
                _ = try await sqlite.query("COMMIT", [])
            } catch {
                _ = try? await sqlite.query("ROLLBACK", [])
                throw error
            }
        case .postgres(let postgres):
            try await postgres.query("BEGIN", logger: logger)
            do {
                for offer in offers {
                    var bindings = PostgresBindings()
                    for value in try Self.values(offer, json: json) { Self.append(value, to: &bindings) }
                    try await postgres.query(PostgresQuery(unsafeSQL: Self.offerSQL, binds: bindings), logger: logger)
                    for language in Set(offer.languages) {
                        var languageBindings = PostgresBindings()
                        languageBindings.append(offer.id.rawValue)
                        languageBindings.append(language)
                        try await postgres.query(PostgresQuery(unsafeSQL: Self.languageSQL, binds: languageBindings), logger: logger)
                    }
                }
                try await postgres.query("COMMIT", logger: logger)
            } catch {
                _ = try? await postgres.query("ROLLBACK", logger: logger)
                throw error
            }
        }
    }

    static func sqliteData(_ value: Value) -> SQLiteData {
        switch value {
        case .text(let text): text.map(SQLiteData.text) ?? .null
        case .integer(let integer): integer.map { .integer(Int($0)) } ?? .null
        case .real(let real): real.map(SQLiteData.float) ?? .null
        }
    }

    static func append(_ value: Value, to bindings: inout PostgresBindings) {
        switch value {
        case .text(let text): bindings.append(text)
        case .integer(let integer): bindings.append(integer)
        case .real(let real): bindings.append(real)
        }
    }
}
