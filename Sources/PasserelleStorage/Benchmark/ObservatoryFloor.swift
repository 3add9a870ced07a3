import SQLKit

/// The floor of the observatory's aggregation benchmark: the database engine itself computing one of the grid's
/// tables (distinct visitors per institution and day) in a single GROUP BY, with no Swift in the loop.
public enum ObservatoryFloor {
    /// Runs the query; returns how many (institution, day) groups it produced.
    public static func visitorsPerInstitutionDay(_ store: SQLStore) async throws -> Int {
        try await store.withTransaction { database in
            try await database.raw("""
                SELECT institution_id, day, COUNT(DISTINCT visitor_key) AS visitors FROM audience_events
                WHERE visitor_key IS NOT NULL GROUP BY institution_id, day
                """).all().count
        }
    }
}
