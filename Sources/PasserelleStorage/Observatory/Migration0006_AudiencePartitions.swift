import SQLKit

extension Migration {
    /// Audience events, rebuilt for scale: on PostgreSQL the table is partitioned by month on `day` (a month's
    /// aggregation reads one partition, a purge drops whole partitions: the path to a cluster), which needs the
    /// day in every unique key, so on both engines a client's event id is now unique per institution and day
    /// (a replay carries the same instant, hence the same day). Adds `first_visit`, the sender's flag. Rows of
    /// migration 5 are copied, not lost.
    static let audiencePartitions0006 = Migration(version: 6, name: "audience_event_partitions") { database, kind in
        let t = kind.types
        func oneOf(_ column: String, _ values: [String]) -> String {
            "CHECK (\(column) IN (\(values.map { "'\($0)'" }.joined(separator: ", "))))"
        }
        let columns = "institution_id, event_id, kind, occurred_at, day, channel, device, offer_id, category_id, commune_code, age_band, visitor_key, received_at"
        for statement in [
            "ALTER TABLE audience_events RENAME TO audience_events_v5",
            "DROP INDEX audience_events_by_day",
            "DROP INDEX audience_events_by_time",
            """
            CREATE TABLE audience_events (
                institution_id \(t.key) NOT NULL,
                event_id \(t.key) NOT NULL CHECK (length(event_id) BETWEEN 1 AND 64),
                kind \(t.text) NOT NULL \(oneOf("kind", ["page-view", "content-view", "play", "search", "booking"])),
                occurred_at \(t.double) NOT NULL,
                day \(t.bigint) NOT NULL,
                channel \(t.text) NOT NULL \(oneOf("channel", ["web", "app", "venue"])),
                device \(t.text) NOT NULL \(oneOf("device", ["desktop", "mobile", "tablet", "other"])),
                offer_id \(t.key),
                category_id \(t.key),
                commune_code \(t.text) CHECK (commune_code IS NULL OR length(commune_code) = 5),
                age_band \(t.text) CHECK (age_band IS NULL OR age_band IN ('15-17', '18-24', '25-39', '40-59', '60+')),
                visitor_key \(t.text) CHECK (visitor_key IS NULL OR length(visitor_key) = 32),
                received_at \(t.double) NOT NULL,
                first_visit \(t.bigint) NOT NULL DEFAULT 0 CHECK (first_visit IN (0, 1)),
                PRIMARY KEY (institution_id, day, event_id)
            )\(kind == .postgres ? " PARTITION BY RANGE (day)" : "")
            """,
        ] { try await executeStatement(statement, on: database) }
        if kind == .postgres {
            let days = try await database.raw("SELECT DISTINCT day FROM audience_events_v5").all().map { try $0.decode(column: "day", as: Int.self) }
            for month in Set(days.map(AudiencePartitions.Month.init(containing:))) {
                try await executeStatement(AudiencePartitions.createStatement(month), on: database)
            }
        }
        for statement in [
            "INSERT INTO audience_events (\(columns), first_visit) SELECT \(columns), 0 FROM audience_events_v5",
            "DROP TABLE audience_events_v5",
            // By day, not by unit: a visitor key is random, and indexing it cost a third of the ingestion rate; the
            // release sorts each day's rows itself.
            "CREATE INDEX audience_events_by_day ON audience_events (day, institution_id)",
            "CREATE INDEX audience_events_by_time ON audience_events (occurred_at, institution_id, event_id)",
        ] { try await executeStatement(statement, on: database) }
    }
}
