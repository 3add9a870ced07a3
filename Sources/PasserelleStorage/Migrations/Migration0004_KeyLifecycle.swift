extension Migration {
    /// API keys that can expire (a rotated key keeps working for a grace period, then stops), record when they
    /// were last used, and carry a label; one institution per SIREN; and a small table of facts about the
    /// database itself (the demo marks that it loaded its catalogue there, so a restart keeps its keys).
    static let keyLifecycle0004 = Migration(version: 4, name: "key_lifecycle") { kind in
        let t = kind.types
        return [
            "ALTER TABLE api_keys ADD COLUMN expires_at \(t.double)",
            "ALTER TABLE api_keys ADD COLUMN last_used_at \(t.double)",
            "ALTER TABLE api_keys ADD COLUMN label \(t.text) CHECK (label IS NULL OR length(label) <= 100)",
            "CREATE UNIQUE INDEX institutions_siren ON institutions (siren) WHERE siren IS NOT NULL",
            """
            CREATE TABLE database_facts (
                name \(t.key) PRIMARY KEY,
                value \(t.text) NOT NULL
            )
            """,
        ]
    }
}
