extension Migration {
    /// The privacy ledger: one row per (source, period) with its budget, and its charges in order.
    /// Constraints repeat the ledger's rules: finite non-negative budgets and charges (the `<= 1e308` bounds refuse
    /// infinities on both engines and NaN on PostgreSQL, where NaN sorts above every number; SQLite stores NaN as
    /// NULL, which NOT NULL or the kind check refuses), δ below 1, and a dense sequence per ledger so that two
    /// racing appends cannot both take the same place.
    static let privacyLedger0002 = Migration(version: 2, name: "privacy_ledger") { kind in
        let t = kind.types
        func amount(_ column: String, upper: String = "1e308") -> String {
            "\(column) \(t.double) CHECK (\(column) IS NULL OR (\(column) >= 0 AND \(column) <= \(upper)))"
        }
        return [
            """
            CREATE TABLE privacy_ledgers (
                source \(t.key) NOT NULL CHECK (length(source) > 0),
                period \(t.key) NOT NULL CHECK (length(period) > 0),
                budget_epsilon \(t.double) NOT NULL CHECK (budget_epsilon >= 0 AND budget_epsilon <= 1e308),
                budget_delta \(t.double) NOT NULL CHECK (budget_delta >= 0 AND budget_delta < 1),
                created_at \(t.double) NOT NULL,
                PRIMARY KEY (source, period)
            )
            """,
            """
            CREATE TABLE privacy_ledger_entries (
                id \(t.key) PRIMARY KEY,
                source \(t.key) NOT NULL,
                period \(t.key) NOT NULL,
                seq \(t.bigint) NOT NULL CHECK (seq >= 1),
                kind \(t.text) NOT NULL CHECK (kind IN ('pure', 'zcdp', 'approximate')),
                \(amount("epsilon")),
                \(amount("rho")),
                \(amount("delta", upper: "0.999999999999")),
                label \(t.text) NOT NULL,
                recorded_at \(t.double) NOT NULL,
                FOREIGN KEY (source, period) REFERENCES privacy_ledgers (source, period),
                UNIQUE (source, period, seq),
                CHECK ((kind = 'pure' AND epsilon IS NOT NULL AND rho IS NULL AND delta IS NULL)
                    OR (kind = 'zcdp' AND rho IS NOT NULL AND epsilon IS NULL AND delta IS NULL)
                    OR (kind = 'approximate' AND epsilon IS NOT NULL AND delta IS NOT NULL AND rho IS NULL))
            )
            """,
        ]
    }
}
