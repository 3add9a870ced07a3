import Foundation
import PasserelleCore
import PasserelleDiscovery
import SQLKit

/// Keeps `search_documents` and the vocabulary in step with the catalogue, inside the caller's transaction:
/// saving offers indexes them, saving a venue or a work re-indexes the offers that show it.
struct SearchIndexWriter {
    let database: any SQLDatabase
    let json = JSONText.shared

    static let columns = [
        "offer_id", "group_key", "status", "institution_id", "venue_id", "work_id", "category_id", "access",
        "commune_code", "departement_code", "region_code", "latitude", "longitude", "starts_at", "ends_at",
        "price_min_cents", "price_max_cents", "accessibility", "title_text", "work_text", "place_text", "description_text",
    ]
    /// Offers read per step when re-indexing many.
    static let batchSize = 500

    /// Indexes `offers` with their venues and works as stored now.
    func index(_ offers: [Offer]) async throws {
        guard !offers.isEmpty else { return }
        let venues = try await byID(
            "venues", Columns.venues, Set(offers.compactMap(\.venueID?.rawValue))) { try Venue(row: $0, json: json) }
        let works = try await byID(
            "works", Columns.works, Set(offers.compactMap(\.workID?.rawValue))) { try Work(row: $0, json: json) }
        var rows: [[any Encodable & Sendable]] = []
        var terms = Set<String>()
        var places: [String: String] = [:]
        for offer in offers {
            let venue = offer.venueID.flatMap { venues[$0.rawValue] }
            let work = offer.workID.flatMap { works[$0.rawValue] }
            // An import's offers share a few venues: each venue's place is folded once.
            var place = ""
            if let venue {
                if let folded = places[venue.id.rawValue] {
                    place = folded
                } else {
                    place = SearchDocument.place(venue)
                    places[venue.id.rawValue] = place
                }
            }
            let document = SearchDocument(offer: offer, place: place, work: work)
            terms.formUnion(document.terms)
            rows.append(Self.row(document, offer, venue))
        }
        let rowsPerStatement = SQLCatalogue.maximumBindsPerStatement / Self.columns.count
        for chunk in rows.chunked(by: rowsPerStatement) {
            var builder = database.insert(into: "search_documents").columns(Self.columns)
            for row in chunk { builder = builder.values(row) }
            try await builder.onConflict(with: ["offer_id"]) { update in
                Self.columns.dropFirst().reduce(update) { $0.set(excludedValueOf: $1) }
            }.run()
        }
        try await addTerms(terms)
    }

    /// Re-indexes the offers that show any of these venues or works (their names and towns are indexed with them).
    func reindexOffers(ofVenues venueIDs: [String] = [], works workIDs: [String] = []) async throws {
        for (column, ids) in [("venue_id", venueIDs), ("work_id", workIDs)] where !ids.isEmpty {
            for chunk in ids.chunked(by: SQLCatalogue.maximumBindsPerStatement) {
                let offers = try await database.raw(
                    "SELECT \(unsafeRaw: Columns.list(Columns.offers)) FROM offers WHERE \(ident: column) IN (\(binds: Array(chunk)))"
                ).all().map { try Offer(row: $0, json: json) }
                for batch in offers.chunked(by: Self.batchSize) { try await index(Array(batch)) }
            }
        }
    }

    /// Indexes every offer again, in id order and bounded batches; returns how many.
    func rebuildAll() async throws -> Int {
        var after = ""
        var count = 0
        while true {
            let offers = try await database.raw(
                """
                SELECT \(unsafeRaw: Columns.list(Columns.offers)) FROM offers WHERE id > \(bind: after)
                ORDER BY id LIMIT \(bind: Self.batchSize)
                """
            ).all().map { try Offer(row: $0, json: json) }
            guard let last = offers.last else { return count }
            try await index(offers)
            count += offers.count
            after = last.id.rawValue
        }
    }

    /// New terms go into the vocabulary with their one-deletion variants; known ones are left alone.
    private func addTerms(_ terms: Set<String>) async throws {
        let sorted = terms.sorted()
        var added: [String] = []
        for chunk in sorted.chunked(by: SQLCatalogue.maximumBindsPerStatement) {
            var builder = database.insert(into: "search_terms").columns("term")
            for term in chunk { builder = builder.values([term]) }
            added += try await builder.ignoringConflicts(with: ["term"]).returning("term").all()
                .map { try $0.decode(column: "term", as: String.self) }
        }
        let variants = added.filter { $0.count >= TypoTolerance.minimumLength }
            .flatMap { term in TypoTolerance.deletionVariants(term).map { [$0, term] } }
        for chunk in variants.chunked(by: SQLCatalogue.maximumBindsPerStatement / 2) {
            var builder = database.insert(into: "search_term_variants").columns("variant", "term")
            for row in chunk { builder = builder.values(row) }
            try await builder.ignoringConflicts(with: ["variant", "term"]).run()
        }
    }

    private func byID<Value>(
        _ table: String, _ columns: [String], _ ids: Set<String>, _ decode: (any SQLRow) throws -> Value
    ) async throws -> [String: Value] {
        var found: [String: Value] = [:]
        for chunk in Array(ids).chunked(by: SQLCatalogue.maximumBindsPerStatement) {
            for row in try await database.raw(
                "SELECT \(unsafeRaw: Columns.list(columns)) FROM \(ident: table) WHERE id IN (\(binds: Array(chunk)))"
            ).all() {
                found[try row.decode(column: "id", as: String.self)] = try decode(row)
            }
        }
        return found
    }

    private static func row(_ document: SearchDocument, _ offer: Offer, _ venue: Venue?) -> [any Encodable & Sendable] {
        let accessibility = venue.map { "|" + $0.accessibility.map(\.rawValue).sorted().joined(separator: "|") + "|" } ?? "|"
        return [
            offer.id.rawValue, document.groupKey, offer.status.rawValue, offer.institutionID.rawValue,
            offer.venueID?.rawValue, offer.workID?.rawValue, offer.categoryID.rawValue, offer.access.rawValue,
            venue?.communeCode, venue?.departementCode, venue?.regionCode,
            venue?.coordinates?.latitude, venue?.coordinates?.longitude,
            storedDate(offer.startsAt), storedDate(offer.endsAt), offer.price?.minCents, offer.price?.maxCents,
            accessibility, document.fields.title, document.fields.work, document.fields.place, document.fields.description,
        ]
    }
}
