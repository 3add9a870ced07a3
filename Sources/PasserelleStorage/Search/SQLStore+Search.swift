public import PasserelleDiscovery
import PasserelleCore
import SQLKit

/// The catalogue store is also the search index: its documents live in the same database, written in the same
/// transactions as the catalogue.
extension SQLStore: SearchIndex {
    public func search(_ request: SearchRequest) async throws -> SearchResults {
        try await withReadTransaction { database in try await SQLSearch(database: database).run(request) }
    }

    public func offerCountsByCategory() async throws -> [String: Int] {
        try await withReadTransaction { database in
            var counts: [String: Int] = [:]
            for row in try await database.raw(
                "SELECT category_id, COUNT(*) AS n FROM search_documents WHERE status = 'active' GROUP BY category_id"
            ).all() {
                counts[try row.decode(column: "category_id", as: String.self)] = try row.decode(column: "n", as: Int.self)
            }
            return counts
        }
    }

    public func venuePlaces() async throws -> [VenuePlace] {
        try await withReadTransaction { database in
            try await database.raw("""
                SELECT address_city, address_postal_code, departement_code, latitude, longitude FROM venues
                WHERE status = 'active' AND address_city IS NOT NULL AND latitude IS NOT NULL
                """).all().map { row in
                VenuePlace(
                    city: try row.decode(column: "address_city", as: String.self),
                    postalCode: try row.decode(column: "address_postal_code", as: String?.self),
                    departementCode: try row.decode(column: "departement_code", as: String?.self),
                    point: GeoPoint(latitude: try row.decode(column: "latitude", as: Double.self),
                                    longitude: try row.decode(column: "longitude", as: Double.self)))
            }
        }
    }

    public func rebuildSearchIndex() async throws -> Int {
        try await withTransaction { database in try await SearchIndexWriter(database: database).rebuildAll() }
    }
}
