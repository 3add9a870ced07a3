extension Migration {
    /// Beneficiaries sign in with a password (only its bcrypt hash is kept), and attempts at anything worth
    /// guessing (a login, a booking, a countermark) are counted per bucket and fixed window, in the database, so
    /// that a limit holds across every `serve` process. Window starts are seconds since 1970.
    static let passAccounts0017 = Migration(version: 17, name: "pass-accounts") { kind in
        let t = kind.types
        return [
            "ALTER TABLE beneficiaries ADD COLUMN password_hash \(t.text)",
            """
            CREATE TABLE rate_limit_windows (
                bucket \(t.key) NOT NULL,
                window_start \(t.bigint) NOT NULL,
                attempts \(t.bigint) NOT NULL CHECK (attempts >= 0),
                PRIMARY KEY (bucket, window_start)
            )
            """,
            "CREATE INDEX rate_limit_windows_start ON rate_limit_windows (window_start)",
        ]
    }
}
