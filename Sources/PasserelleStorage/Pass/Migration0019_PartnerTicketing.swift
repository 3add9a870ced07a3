extension Migration {
    /// Partner ticketing: institutions whose places their own ticketing system sells (its endpoint and the secret
    /// requests are signed with), and bookings that wait for it (`pending`, with the hold's expiry, then its ticket).
    /// SQLite cannot alter a CHECK, so `bookings` (which no table references) is rebuilt with its rows.
    static let partnerTicketing0019 = Migration(version: 19, name: "partner-ticketing") { kind in
        let t = kind.types
        let statuses = "CHECK (status IN ('active', 'cancelled', 'used', 'expired', 'pending'))"
        let bookings: [String]
        if kind == .postgres {
            bookings = [
                "ALTER TABLE bookings DROP CONSTRAINT bookings_status_check",
                "ALTER TABLE bookings ADD CONSTRAINT bookings_status_check \(statuses)",
                "ALTER TABLE bookings ADD COLUMN hold_expires_at \(t.double)",
                "ALTER TABLE bookings ADD COLUMN provider_ticket \(t.text)",
            ]
        } else {
            let columns = "id, beneficiary_id, offer_id, stock_id, institution_id, quantity, amount_cents, offer_access, category_id, countermark, status, booked_at, changed_at, idempotency_key"
            bookings = [
                """
                CREATE TABLE bookings_0019 (
                    id \(t.key) PRIMARY KEY,
                    beneficiary_id \(t.key) NOT NULL REFERENCES beneficiaries (id),
                    offer_id \(t.key) NOT NULL REFERENCES offers (id),
                    stock_id \(t.key) NOT NULL REFERENCES stocks (id),
                    institution_id \(t.key) NOT NULL REFERENCES institutions (id),
                    quantity \(t.bigint) NOT NULL CHECK (quantity > 0),
                    amount_cents \(t.bigint) NOT NULL CHECK (amount_cents >= 0),
                    offer_access \(t.text) NOT NULL,
                    category_id \(t.text) NOT NULL,
                    countermark \(t.text) NOT NULL UNIQUE,
                    status \(t.text) NOT NULL \(statuses),
                    booked_at \(t.double) NOT NULL,
                    changed_at \(t.double),
                    idempotency_key \(t.text),
                    hold_expires_at \(t.double),
                    provider_ticket \(t.text),
                    UNIQUE (beneficiary_id, idempotency_key)
                )
                """,
                "INSERT INTO bookings_0019 (\(columns)) SELECT \(columns) FROM bookings",
                "DROP TABLE bookings",
                "ALTER TABLE bookings_0019 RENAME TO bookings",
                "CREATE INDEX bookings_beneficiary ON bookings (beneficiary_id, booked_at)",
                "CREATE INDEX bookings_institution ON bookings (institution_id, status)",
            ]
        }
        return bookings + [
            "CREATE INDEX bookings_pending ON bookings (hold_expires_at) WHERE status = 'pending'",
            """
            CREATE TABLE ticketing_endpoints (
                institution_id \(t.key) PRIMARY KEY REFERENCES institutions (id),
                base_url \(t.text) NOT NULL,
                secret \(t.text) NOT NULL,
                updated_at \(t.double) NOT NULL
            )
            """,
        ]
    }
}
