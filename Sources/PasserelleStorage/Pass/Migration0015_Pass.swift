extension Migration {
    /// The culture pass: beneficiaries, their grants, bookings, and the double-entry ledger. The database itself
    /// refuses what must never happen: a balance below zero (except the State's budget), a stock booked past its
    /// quantity, two bookings with one countermark, a second grant for one age, a replayed idempotency key.
    /// Times are seconds since 2001, as in the other operational tables.
    static let pass0015 = Migration(version: 15, name: "culture-pass") { kind in
        let t = kind.types
        return [
            """
            CREATE TABLE beneficiaries (
                id \(t.key) PRIMARY KEY,
                email \(t.text) NOT NULL UNIQUE,
                birthdate \(t.text) NOT NULL,
                verified_at \(t.double),
                created_at \(t.double) NOT NULL
            )
            """,
            """
            CREATE TABLE credit_grants (
                id \(t.key) PRIMARY KEY,
                beneficiary_id \(t.key) NOT NULL REFERENCES beneficiaries (id),
                age \(t.bigint) NOT NULL,
                amount_cents \(t.bigint) NOT NULL CHECK (amount_cents > 0),
                granted_at \(t.double) NOT NULL,
                expires_at \(t.double) NOT NULL,
                policy_version \(t.text) NOT NULL,
                UNIQUE (beneficiary_id, age)
            )
            """,
            """
            CREATE TABLE ledger_transactions (
                id \(t.key) PRIMARY KEY,
                kind \(t.text) NOT NULL CHECK (kind IN ('grant', 'booking', 'refund', 'expiry', 'reimbursement')),
                reference \(t.text) NOT NULL,
                at \(t.double) NOT NULL
            )
            """,
            """
            CREATE TABLE ledger_entries (
                transaction_id \(t.key) NOT NULL REFERENCES ledger_transactions (id),
                account_kind \(t.text) NOT NULL CHECK (account_kind IN ('funding', 'credit', 'payable', 'reimbursed')),
                account_owner \(t.key) NOT NULL,
                amount_cents \(t.bigint) NOT NULL CHECK (amount_cents <> 0),
                PRIMARY KEY (transaction_id, account_kind, account_owner)
            )
            """,
            "CREATE INDEX ledger_entries_account ON ledger_entries (account_kind, account_owner)",
            """
            CREATE TABLE ledger_balances (
                account_kind \(t.text) NOT NULL,
                account_owner \(t.key) NOT NULL,
                balance_cents \(t.bigint) NOT NULL,
                PRIMARY KEY (account_kind, account_owner),
                CHECK (account_kind = 'funding' OR balance_cents >= 0)
            )
            """,
            """
            CREATE TABLE stock_reservations (
                stock_id \(t.key) PRIMARY KEY REFERENCES stocks (id),
                booked \(t.bigint) NOT NULL CHECK (booked >= 0),
                capacity \(t.bigint),
                CHECK (capacity IS NULL OR booked <= capacity)
            )
            """,
            """
            CREATE TABLE bookings (
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
                status \(t.text) NOT NULL CHECK (status IN ('active', 'cancelled', 'used', 'expired')),
                booked_at \(t.double) NOT NULL,
                changed_at \(t.double),
                idempotency_key \(t.text),
                UNIQUE (beneficiary_id, idempotency_key)
            )
            """,
            "CREATE INDEX bookings_beneficiary ON bookings (beneficiary_id, booked_at)",
            "CREATE INDEX bookings_institution ON bookings (institution_id, status)",
        ]
    }
}
