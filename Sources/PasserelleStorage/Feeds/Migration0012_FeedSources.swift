extension Migration {
    /// Feeds institutions registered for Passerelle to re-read: what to read (kind, URL, mapping), how often, what
    /// the last run gave (conditional-request validators, outcome, failures in a row), and the lease of the process
    /// reading it now. Times are seconds since 2001 (Foundation's reference date), as in the visitors' tables.
    static let feedSources0012 = Migration(version: 12, name: "feed-sources") { kind in
        let t = kind.types
        return [
            """
            CREATE TABLE feed_sources (
                id \(t.key) PRIMARY KEY,
                institution_id \(t.key) NOT NULL REFERENCES institutions (id),
                kind \(t.text) NOT NULL CHECK (kind IN ('jsonld', 'ical', 'rss', 'openagenda', 'csv', 'oai')),
                url \(t.text) NOT NULL,
                default_category \(t.text),
                mapping \(t.text),
                interval_minutes \(t.bigint) NOT NULL CHECK (interval_minutes BETWEEN 15 AND 10080),
                status \(t.text) NOT NULL CHECK (status IN ('active', 'withdrawn')),
                next_run_at \(t.double) NOT NULL,
                etag \(t.text),
                last_modified \(t.text),
                last_run_at \(t.double),
                last_outcome \(t.text),
                last_message \(t.text),
                consecutive_failures \(t.bigint) NOT NULL DEFAULT 0 CHECK (consecutive_failures >= 0),
                lease_owner \(t.text),
                lease_until \(t.double),
                UNIQUE (institution_id, url)
            )
            """,
            "CREATE INDEX feed_sources_due ON feed_sources (status, next_run_at)",
        ]
    }
}
