extension Migration {
    /// When each work last changed (seconds since 2001, as elsewhere), for harvesters that pick up changes only
    /// (OAI-PMH `from`/`until`, resumption by (updated_at, id)). Existing rows take their provenance's retrieval
    /// time, the best record there is of when they arrived. Indexed by (updated_at, id) for the whole list and by
    /// institution first for a harvest of one institution's set.
    static let workChanges0013 = Migration(version: 13, name: "work-changes") { kind in
        let t = kind.types
        return [
            "ALTER TABLE works ADD COLUMN updated_at \(t.double) NOT NULL DEFAULT 0",
            "UPDATE works SET updated_at = provenance_retrieved_at",
            "CREATE INDEX works_changes ON works (updated_at, id)",
            "CREATE INDEX works_institution_changes ON works (institution_id, updated_at, id)",
        ]
    }
}
