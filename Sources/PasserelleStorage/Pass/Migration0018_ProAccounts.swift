extension Migration {
    /// Professionals' accounts and the pass's collective part: venue staff and teachers who sign in with a password
    /// (its bcrypt hash only) and sessions (their token's SHA-256 only); schools, whose budget per school year is a
    /// ledger account of the new kind `school`; and teachers' group bookings, which the venue confirms.
    static let proAccounts0018 = Migration(version: 18, name: "pro-accounts-and-school-groups") { kind in
        let t = kind.types
        return ledgerKindsWithSchool(kind) + [
            """
            CREATE TABLE schools (
                id \(t.key) PRIMARY KEY,
                name \(t.text) NOT NULL,
                departement_code \(t.text) NOT NULL,
                created_at \(t.double) NOT NULL
            )
            """,
            """
            CREATE TABLE staff_members (
                id \(t.key) PRIMARY KEY,
                email \(t.text) NOT NULL UNIQUE,
                role \(t.text) NOT NULL CHECK (role IN ('venue', 'teacher')),
                institution_id \(t.key) REFERENCES institutions (id),
                venue_id \(t.key) REFERENCES venues (id),
                school_id \(t.key) REFERENCES schools (id),
                password_hash \(t.text) NOT NULL,
                created_at \(t.double) NOT NULL,
                CHECK ((role = 'venue' AND institution_id IS NOT NULL AND school_id IS NULL)
                    OR (role = 'teacher' AND school_id IS NOT NULL AND institution_id IS NULL AND venue_id IS NULL))
            )
            """,
            """
            CREATE TABLE staff_sessions (
                token_hash \(t.key) PRIMARY KEY,
                staff_id \(t.key) NOT NULL REFERENCES staff_members (id),
                created_at \(t.double) NOT NULL,
                expires_at \(t.double) NOT NULL
            )
            """,
            "CREATE INDEX staff_sessions_staff ON staff_sessions (staff_id)",
            """
            CREATE TABLE group_bookings (
                id \(t.key) PRIMARY KEY,
                school_id \(t.key) NOT NULL REFERENCES schools (id),
                school_year \(t.text) NOT NULL,
                teacher_id \(t.key) NOT NULL REFERENCES staff_members (id),
                offer_id \(t.key) NOT NULL REFERENCES offers (id),
                stock_id \(t.key) NOT NULL REFERENCES stocks (id),
                institution_id \(t.key) NOT NULL REFERENCES institutions (id),
                class_name \(t.text) NOT NULL,
                pupils \(t.bigint) NOT NULL CHECK (pupils > 0),
                adults \(t.bigint) NOT NULL CHECK (adults >= 0),
                amount_cents \(t.bigint) NOT NULL CHECK (amount_cents >= 0),
                status \(t.text) NOT NULL CHECK (status IN ('requested', 'confirmed', 'declined', 'cancelled', 'used')),
                requested_at \(t.double) NOT NULL,
                changed_at \(t.double),
                idempotency_key \(t.text),
                UNIQUE (teacher_id, idempotency_key)
            )
            """,
            "CREATE INDEX group_bookings_institution ON group_bookings (institution_id, status)",
            "CREATE INDEX group_bookings_school ON group_bookings (school_id, school_year)",
        ]
    }

    /// `ledger_entries` accepts the account kind `school`. PostgreSQL swaps the column's CHECK; SQLite cannot alter a
    /// CHECK, so the table (which no other table references) is rebuilt with its rows, inside the migration's
    /// transaction.
    private static func ledgerKindsWithSchool(_ kind: DatabaseKind) -> [String] {
        let kinds = "CHECK (account_kind IN ('funding', 'credit', 'payable', 'reimbursed', 'school'))"
        if kind == .postgres {
            return [
                "ALTER TABLE ledger_entries DROP CONSTRAINT ledger_entries_account_kind_check",
                "ALTER TABLE ledger_entries ADD CONSTRAINT ledger_entries_account_kind_check \(kinds)",
            ]
        }
        let t = kind.types
        return [
            """
            CREATE TABLE ledger_entries_0018 (
                transaction_id \(t.key) NOT NULL REFERENCES ledger_transactions (id),
                account_kind \(t.text) NOT NULL \(kinds),
                account_owner \(t.key) NOT NULL,
                amount_cents \(t.bigint) NOT NULL CHECK (amount_cents <> 0),
                PRIMARY KEY (transaction_id, account_kind, account_owner)
            )
            """,
            "INSERT INTO ledger_entries_0018 (transaction_id, account_kind, account_owner, amount_cents) SELECT transaction_id, account_kind, account_owner, amount_cents FROM ledger_entries",
            "DROP TABLE ledger_entries",
            "ALTER TABLE ledger_entries_0018 RENAME TO ledger_entries",
            "CREATE INDEX ledger_entries_account ON ledger_entries (account_kind, account_owner)",
        ]
    }
}
