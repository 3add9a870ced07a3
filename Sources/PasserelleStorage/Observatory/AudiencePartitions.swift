import Foundation
import PasserelleObservatory
import SQLKit
import Synchronization

/// PostgreSQL's monthly partitions of `audience_events` (range on `day`). A partition is created before the first
/// write into its month, in its own transaction (its DDL locks the parent table), and dropped whole by the purge
/// once every day in it is past the retention. SQLite keeps one table: it has no partitions and needs none.
enum AudiencePartitions {
    /// One month's partition.
    struct Month: Hashable {
        let period: ReleasePeriod

        init(containing day: Int) { period = ReleasePeriod(containing: CollectionDay(number: day).start) }
        init(_ period: ReleasePeriod) { self.period = period }

        /// `audience_events_m202610`.
        var tableName: String { "audience_events_m" + period.description.replacingOccurrences(of: "-", with: "") }

        /// Parses a partition's table name.
        init?(tableName: String) {
            let digits = tableName.dropFirst("audience_events_m".count)
            guard tableName.hasPrefix("audience_events_m"), digits.count == 6,
                  let period = ReleasePeriod("\(digits.prefix(4))-\(digits.suffix(2))") else { return nil }
            self.period = period
        }
    }

    static func createStatement(_ month: Month) -> String {
        """
        CREATE TABLE IF NOT EXISTS \(month.tableName) PARTITION OF audience_events
        FOR VALUES FROM (\(month.period.firstDay.number)) TO (\(month.period.next.firstDay.number))
        """
    }

    /// Creates the partitions of `days` that do not exist yet (checked once per month per process). Two processes
    /// may race to create one: the loser's error is ignored when the partition exists afterwards.
    static func ensure(days: Set<Int>, in store: SQLStore) async throws {
        let known = store.knownAudiencePartitions.withLock { $0 }
        for month in Set(days.map(Month.init(containing:))) where !known.contains(month.tableName) {
            if try await !exists(month, in: store) {
                do {
                    try await store.withTransaction { try await executeStatement(createStatement(month), on: $0) }
                } catch {
                    if try await !exists(month, in: store) { throw error }
                }
            }
            store.knownAudiencePartitions.withLock { _ = $0.insert(month.tableName) }
        }
    }

    private static func exists(_ month: Month, in store: SQLStore) async throws -> Bool {
        try await store.withTransaction { database in
            try await database.raw("SELECT to_regclass(\(bind: month.tableName)) IS NOT NULL AS found").first()?
                .decode(column: "found", as: Bool.self) ?? false
        }
    }

    /// Drops the partitions whose whole month ends on or before `cutoffDay`; returns the rows they held.
    static func dropExpired(before cutoffDay: Int, on database: any SQLDatabase) async throws -> Int {
        let names = try await database.raw("""
            SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
            WHERE p.relname = 'audience_events'
            """).all().map { try $0.decode(column: "name", as: String.self) }
        var dropped = 0
        for name in names {
            guard let month = Month(tableName: name), month.period.next.firstDay.number <= cutoffDay else { continue }
            dropped += try await database.raw("SELECT COUNT(*) AS n FROM \(ident: name)").first()?.decode(column: "n", as: Int.self) ?? 0
            try await executeStatement("DROP TABLE \(name)", on: database)
        }
        return dropped
    }
}
