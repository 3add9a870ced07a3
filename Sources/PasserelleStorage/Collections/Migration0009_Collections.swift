extension Migration {
    /// Editorial collections: the whole collection as JSON (its texts, items and saved query are read as one), and
    /// the columns that listing filters and sorts on. A collection is withdrawn, never deleted.
    static let collections0009 = Migration(version: 9, name: "collections") { kind in
        let t = kind.types
        return [
            """
            CREATE TABLE collections (
                id \(t.key) PRIMARY KEY,
                institution_id \(t.key) NOT NULL REFERENCES institutions (id),
                status \(t.text) NOT NULL CHECK (status IN ('active', 'withdrawn')),
                published_from \(t.double),
                published_until \(t.double),
                updated_at \(t.double) NOT NULL,
                body \(t.text) NOT NULL
            )
            """,
            "CREATE INDEX collections_listing ON collections (status, updated_at)",
            "CREATE INDEX collections_institution ON collections (institution_id, updated_at)",
        ]
    }
}
