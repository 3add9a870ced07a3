public import Foundation
public import PasserelleCore
public import PasserellePass
import SQLKit

/// The pass in the catalogue's database: a booking reads and locks the catalogue's stock and offer and writes the
/// ledger in the same transaction.
extension SQLStore: PassStore {
    public func createBeneficiary(_ beneficiary: Beneficiary, passwordHash: String?) async throws {
        let issues = Beneficiary.problems(email: beneficiary.email, birthdate: beneficiary.birthdate)
        guard issues.isEmpty else { throw CoreError.invalid(issues) }
        let email = beneficiary.email
        try await withTransaction { database in
            if try await database.raw("SELECT id FROM beneficiaries WHERE email = \(bind: email)").first() != nil {
                throw CoreError(.conflict, "a beneficiary already has this email")
            }
            try await database.raw(
                """
                INSERT INTO beneficiaries (id, email, birthdate, verified_at, created_at, password_hash)
                VALUES (\(bind: beneficiary.id), \(bind: email), \(bind: beneficiary.birthdate),
                        \(bind: beneficiary.verifiedAt?.timeIntervalSinceReferenceDate), \(bind: beneficiary.createdAt.timeIntervalSinceReferenceDate),
                        \(bind: passwordHash))
                """
            ).run()
        }
    }

    public func beneficiary(_ id: String) async throws -> Beneficiary? {
        try await withReadTransaction { database in
            try await database.raw("SELECT * FROM beneficiaries WHERE id = \(bind: id)").first().map(Self.beneficiary)
        }
    }

    public func grantCredit(to beneficiaryID: String, policy: CreditPolicy, at date: Date) async throws -> CreditGrant {
        guard let beneficiary = try await beneficiary(beneficiaryID) else { throw CoreError(.notFound, "no beneficiary \(beneficiaryID)") }
        guard beneficiary.verifiedAt != nil else { throw BookingRefusal(.identityNotVerified, "the beneficiary's identity is not verified yet") }
        guard let born = Eligibility.birthdate(beneficiary.birthdate), let age = Eligibility.age(born: born, on: date) else {
            throw BookingRefusal(.noCredit, "the birth date is not usable")
        }
        let id = "grant-\(beneficiaryID)-\(age)"
        guard let grant = CreditGrant.make(id: id, beneficiaryID: beneficiaryID, age: age, policy: policy, at: date) else {
            throw BookingRefusal(.noCredit, "the pass gives no credit at \(age) (policy \(policy.version))")
        }
        return try await withTransaction { try await Self.record(grant, in: $0) }
    }

    /// Writes a grant and its ledger transaction, or returns the beneficiary's grant for that age if there is one.
    private static func record(_ grant: CreditGrant, in database: any SQLDatabase) async throws -> CreditGrant {
        let ledger = PassLedgerSQL(database: database)
        if let existing = try await ledger.grants(of: grant.beneficiaryID).first(where: { $0.age == grant.age }) { return existing }
        try await database.raw(
            """
            INSERT INTO credit_grants (id, beneficiary_id, age, amount_cents, granted_at, expires_at, policy_version)
            VALUES (\(bind: grant.id), \(bind: grant.beneficiaryID), \(bind: grant.age), \(bind: grant.amountCents),
                    \(bind: grant.grantedAt.timeIntervalSinceReferenceDate), \(bind: grant.expiresAt.timeIntervalSinceReferenceDate), \(bind: grant.policyVersion))
            """
        ).run()
        try await ledger.post(try grant.transaction(id: "tx-" + grant.id))
        return grant
    }

    public func enrolVerified(_ beneficiary: Beneficiary, policy: CreditPolicy, sessionTokenHash: String, sessionExpiresAt: Date,
                              at date: Date) async throws -> CreditGrant? {
        let issues = Beneficiary.problems(email: beneficiary.email, birthdate: beneficiary.birthdate)
        guard issues.isEmpty, beneficiary.verifiedAt != nil else {
            throw CoreError.invalid(issues.isEmpty ? [FieldIssue(field: "verifiedAt", code: "required", message: "an enrolled beneficiary is verified")] : issues)
        }
        let grant = Eligibility.birthdate(beneficiary.birthdate).flatMap { Eligibility.age(born: $0, on: date) }.flatMap { age in
            CreditGrant.make(id: "grant-\(beneficiary.id)-\(age)", beneficiaryID: beneficiary.id, age: age, policy: policy, at: date)
        }
        return try await withTransaction { database in
            if try await database.raw("SELECT id FROM beneficiaries WHERE email = \(bind: beneficiary.email)").first() != nil {
                throw CoreError(.conflict, "a beneficiary already has this email")
            }
            try await database.raw(
                """
                INSERT INTO beneficiaries (id, email, birthdate, verified_at, created_at)
                VALUES (\(bind: beneficiary.id), \(bind: beneficiary.email), \(bind: beneficiary.birthdate),
                        \(bind: beneficiary.verifiedAt?.timeIntervalSinceReferenceDate), \(bind: beneficiary.createdAt.timeIntervalSinceReferenceDate))
                """
            ).run()
            var recorded: CreditGrant?
            if let grant { recorded = try await Self.record(grant, in: database) }
            try await database.raw(
                """
                INSERT INTO pass_sessions (token_hash, beneficiary_id, created_at, expires_at)
                VALUES (\(bind: sessionTokenHash), \(bind: beneficiary.id), \(bind: date.timeIntervalSinceReferenceDate), \(bind: sessionExpiresAt.timeIntervalSinceReferenceDate))
                """
            ).run()
            return recorded
        }
    }

    public func wallet(of beneficiaryID: String, policy: CreditPolicy, at date: Date) async throws -> Wallet {
        try await withReadTransaction { try await PassLedgerSQL(database: $0).wallet(of: beneficiaryID, policy: policy, at: date) }
    }

    public func bookings(of beneficiaryID: String) async throws -> [Booking] {
        try await withReadTransaction { database in
            try await database.raw("SELECT * FROM bookings WHERE beneficiary_id = \(bind: beneficiaryID) ORDER BY booked_at DESC, id").all()
                .map(Self.booking)
        }
    }

    public func bookings(ofInstitution institution: InstitutionID, stock: StockID?, status: Booking.Status?, limit: Int) async throws -> [Booking] {
        try await withReadTransaction { database in
            var query = database.select().column("*").from("bookings").where("institution_id", .equal, institution.rawValue)
            if let stock { query = query.where("stock_id", .equal, stock.rawValue) }
            if let status { query = query.where("status", .equal, status.rawValue) }
            return try await query.orderBy("booked_at", .descending).orderBy("id").limit(limit).all().map(Self.booking)
        }
    }

    public func activeBookings(ofInstitution institution: InstitutionID, venue: VenueID?, limit: Int) async throws -> [Booking] {
        try await withReadTransaction { database in
            let atVenue: SQLQueryString = venue.map { "AND o.venue_id = \(bind: $0.rawValue)" } ?? ""
            return try await database.raw(
                """
                SELECT b.* FROM bookings b JOIN stocks s ON s.id = b.stock_id JOIN offers o ON o.id = b.offer_id
                WHERE b.institution_id = \(bind: institution.rawValue) AND b.status = 'active' \(atVenue)
                ORDER BY CASE WHEN s.begins_at IS NULL THEN 1 ELSE 0 END, s.begins_at, b.id LIMIT \(bind: limit)
                """
            ).all().map(Self.booking)
        }
    }

    public func auditLedger() async throws -> LedgerAudit {
        try await withReadTransaction { database in
            let unbalanced = try await database.raw(
                "SELECT transaction_id FROM ledger_entries GROUP BY transaction_id HAVING SUM(amount_cents) <> 0 ORDER BY transaction_id"
            ).all().map { try $0.decode(column: "transaction_id", as: String.self) }
            let mismatched = try await database.raw(
                """
                SELECT b.account_kind, b.account_owner FROM ledger_balances b
                LEFT JOIN (SELECT account_kind, account_owner, SUM(amount_cents) AS total FROM ledger_entries GROUP BY account_kind, account_owner) e
                  ON e.account_kind = b.account_kind AND e.account_owner = b.account_owner
                WHERE COALESCE(e.total, 0) <> b.balance_cents
                """
            ).all().map(Self.account)
            // Stored balances (credit, school) and derived ones (what is owed or paid to institutions) alike.
            let overdrawn = try await database.raw(
                "SELECT account_kind, account_owner FROM ledger_balances WHERE account_kind <> 'funding' AND balance_cents < 0"
            ).all().map(Self.account) + database.raw(
                """
                SELECT account_kind, account_owner FROM ledger_entries WHERE account_kind IN ('payable', 'reimbursed')
                GROUP BY account_kind, account_owner HAVING SUM(amount_cents) < 0
                """
            ).all().map(Self.account)
            let count = try await database.raw("SELECT COUNT(*) AS n FROM ledger_transactions").first()?.decode(column: "n", as: Int.self) ?? 0
            return LedgerAudit(unbalancedTransactions: unbalanced, balanceMismatches: mismatched, overdrawn: overdrawn, transactions: count)
        }
    }

    public func openSession(tokenHash: String, for beneficiaryID: String, at date: Date, expiresAt: Date) async throws {
        try await withTransaction { database in
            try await database.raw("DELETE FROM pass_sessions WHERE expires_at < \(bind: date.timeIntervalSinceReferenceDate)").run()
            try await database.raw(
                """
                INSERT INTO pass_sessions (token_hash, beneficiary_id, created_at, expires_at)
                VALUES (\(bind: tokenHash), \(bind: beneficiaryID), \(bind: date.timeIntervalSinceReferenceDate), \(bind: expiresAt.timeIntervalSinceReferenceDate))
                """
            ).run()
        }
    }

    public func beneficiary(sessionTokenHash: String, at date: Date) async throws -> Beneficiary? {
        // Every request of a signed-in beneficiary asks this: one statement, one round trip.
        try await withReadStatement { database in
            try await database.raw(
                """
                SELECT beneficiaries.* FROM pass_sessions JOIN beneficiaries ON beneficiaries.id = pass_sessions.beneficiary_id
                WHERE pass_sessions.token_hash = \(bind: sessionTokenHash) AND pass_sessions.expires_at > \(bind: date.timeIntervalSinceReferenceDate)
                """
            ).first().map(Self.beneficiary)
        }
    }

    static func beneficiary(_ row: any SQLRow) throws -> Beneficiary {
        Beneficiary(
            id: try row.decode(column: "id", as: String.self), email: try row.decode(column: "email", as: String.self),
            birthdate: try row.decode(column: "birthdate", as: String.self),
            verifiedAt: try row.decode(column: "verified_at", as: Double?.self).map(Date.init(timeIntervalSinceReferenceDate:)),
            createdAt: Date(timeIntervalSinceReferenceDate: try row.decode(column: "created_at", as: Double.self)))
    }

    static func account(_ row: any SQLRow) throws -> LedgerAccount {
        let kind = try row.decode(column: "account_kind", as: String.self)
        return LedgerAccount(LedgerAccount.Kind(rawValue: kind) ?? .funding, try row.decode(column: "account_owner", as: String.self))
    }

    static func booking(_ row: any SQLRow) throws -> Booking {
        Booking(
            id: try row.decode(column: "id", as: String.self), beneficiaryID: try row.decode(column: "beneficiary_id", as: String.self),
            offerID: OfferID(trusted: try row.decode(column: "offer_id", as: String.self)),
            stockID: StockID(trusted: try row.decode(column: "stock_id", as: String.self)),
            institutionID: InstitutionID(trusted: try row.decode(column: "institution_id", as: String.self)),
            quantity: try row.decode(column: "quantity", as: Int.self), amountCents: try row.decode(column: "amount_cents", as: Int64.self),
            countermark: try row.decode(column: "countermark", as: String.self),
            status: Booking.Status(rawValue: try row.decode(column: "status", as: String.self)) ?? .cancelled,
            bookedAt: Date(timeIntervalSinceReferenceDate: try row.decode(column: "booked_at", as: Double.self)),
            changedAt: try row.decode(column: "changed_at", as: Double?.self).map(Date.init(timeIntervalSinceReferenceDate:)),
            holdExpiresAt: try row.decode(column: "hold_expires_at", as: Double?.self).map(Date.init(timeIntervalSinceReferenceDate:)),
            providerTicket: try row.decode(column: "provider_ticket", as: String?.self))
    }
}
