extension Migration {
    /// The observatory's collection and releases: one salt per day (deleted after 48 h), raw audience events with no IP
    /// address, no user agent and no cross-institution identifier — the visitor key is per institution and day,
    /// and the finest place is the commune — and the published monthly releases. The constraints repeat the domain's rules so that no other writer
    /// can store more than collection allows.
    static let observatory0005 = Migration(version: 5, name: "observatory_collection") { kind in
        let t = kind.types
        func oneOf(_ column: String, _ values: [String]) -> String {
            "CHECK (\(column) IN (\(values.map { "'\($0)'" }.joined(separator: ", "))))"
        }
        return [
            """
            CREATE TABLE observatory_salts (
                day \(t.bigint) PRIMARY KEY,
                salt \(t.text) NOT NULL CHECK (length(salt) = 32),
                created_at \(t.double) NOT NULL
            )
            """,
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
                PRIMARY KEY (institution_id, event_id)
            )
            """,
            "CREATE INDEX audience_events_by_day ON audience_events (day, institution_id)",
            "CREATE INDEX audience_events_by_time ON audience_events (occurred_at, institution_id, event_id)",
            """
            CREATE TABLE observatory_releases (
                period \(t.key) PRIMARY KEY CHECK (length(period) = 7),
                created_at \(t.double) NOT NULL,
                document \(t.text) NOT NULL
            )
            """,
        ]
    }
}
