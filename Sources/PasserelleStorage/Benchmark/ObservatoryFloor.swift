import SQLKit

/// The floor of the observatory's aggregation benchmark: the database engine itself computing one of the grid's
/// tables (distinct visitors per institution and day) in a single GROUP BY, with no Swift in the loop.
public enum ObservatoryFloor {
    static let sql = """
        SELECT institution_id, day, COUNT(DISTINCT visitor_key) AS visitors FROM audience_events
        WHERE visitor_key IS NOT NULL GROUP BY institution_id, day
        """

    /// Runs the query (on PostgreSQL without the request deadline); returns how many rows it produced on SQLite.
    public static func visitorsPerInstitutionDay(_ store: SQLStore) async throws -> Int {
        guard store.kind == .sqlite else {
            try await ObservatoryBenchmarkLoad.unbounded(sql, on: store)
            return 0
        }
        return try await store.withTransaction { database in try await database.raw(SQLQueryString(sql)).all().count }
    }
}
