extension Migration {
    /// The answers to requests sent with an `Idempotency-Key`, per institution, kept a day: status 0 while the
    /// first request runs. Times are seconds since 2001, as in the other operational tables.
    static let idempotencyKeys0014 = Migration(version: 14, name: "idempotency-keys") { kind in
        let t = kind.types
        return [
            """
            CREATE TABLE idempotency_keys (
                institution_id \(t.key) NOT NULL REFERENCES institutions (id),
                idempotency_key \(t.text) NOT NULL CHECK (length(idempotency_key) BETWEEN 1 AND 255),
                request_hash \(t.text) NOT NULL,
                status \(t.bigint) NOT NULL,
                body \(t.text),
                created_at \(t.double) NOT NULL,
                PRIMARY KEY (institution_id, idempotency_key)
            )
            """,
            "CREATE INDEX idempotency_keys_age ON idempotency_keys (created_at)",
        ]
    }
}
