extension Migration {
    /// Beneficiaries' sessions, in the database so that every `serve` process knows them: only the token's
    /// SHA-256 is kept, never the token.
    static let passSessions0016 = Migration(version: 16, name: "pass-sessions") { kind in
        let t = kind.types
        return [
            """
            CREATE TABLE pass_sessions (
                token_hash \(t.key) PRIMARY KEY,
                beneficiary_id \(t.key) NOT NULL REFERENCES beneficiaries (id),
                created_at \(t.double) NOT NULL,
                expires_at \(t.double) NOT NULL
            )
            """,
            "CREATE INDEX pass_sessions_beneficiary ON pass_sessions (beneficiary_id)",
        ]
    }
}
