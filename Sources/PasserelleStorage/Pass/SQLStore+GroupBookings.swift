public import Foundation
public import PasserelleCore
public import PasserellePass
import SQLKit

/// Schools, their budgets and group bookings. Locks are taken in one order (the school's row, then the offer's), so
/// concurrent requests of one school queue and cannot spend its budget twice; places come from the same
/// `stock_reservations` row as individual bookings, whose CHECK refuses a stock booked past its quantity.
extension SQLStore: GroupBookingStore {
    public func saveSchool(_ school: School) async throws {
        let name = school.name.trimmingCharacters(in: .whitespaces)
        guard (1...200).contains(name.count), (2...3).contains(school.departementCode.count) else {
            throw CoreError.invalid([FieldIssue(field: "school", code: "invalid-value", message: "a school needs a name (1–200 characters) and a département code")])
        }
        try await withTransaction { database in
            try await database.raw(
                """
                INSERT INTO schools (id, name, departement_code, created_at)
                VALUES (\(bind: school.id.rawValue), \(bind: name), \(bind: school.departementCode), \(bind: Date().timeIntervalSinceReferenceDate))
                ON CONFLICT (id) DO UPDATE SET name = excluded.name, departement_code = excluded.departement_code
                """
            ).run()
        }
    }

    public func school(_ id: SchoolID) async throws -> School? {
        try await withReadTransaction { database in
            try await database.raw("SELECT * FROM schools WHERE id = \(bind: id.rawValue)").first().map { row in
                School(id: id, name: try row.decode(column: "name", as: String.self), departementCode: try row.decode(column: "departement_code", as: String.self))
            }
        }
    }

    public func addBudget(_ amountCents: Int64, to school: SchoolID, year: SchoolYear, at date: Date) async throws -> SchoolBudget {
        guard amountCents > 0 else {
            throw CoreError.invalid([FieldIssue(field: "amountCents", code: "out-of-range", message: "a budget is given in positive cents")])
        }
        return try await withTransaction { database in
            guard try await database.raw("SELECT id FROM schools WHERE id = \(bind: school.rawValue)").first() != nil else {
                throw CoreError(.notFound, "no school \(school)")
            }
            try await Self.lock(database, "schools", school.rawValue)
            let account = year.budgetAccount(of: school)
            let id = "tx-budget-\(school.rawValue)-\(year)-" + UUID().uuidString.lowercased()
            try await PassLedgerSQL(database: database).post(try LedgerTransaction(
                id: id, kind: .grant, reference: account.owner, at: date, entries: [LedgerEntry(.funding, -amountCents), LedgerEntry(account, amountCents)]))
            return try await Self.budget(of: school, year: year, in: database)
        }
    }

    public func budget(of school: SchoolID, year: SchoolYear) async throws -> SchoolBudget {
        try await withReadTransaction { try await Self.budget(of: school, year: year, in: $0) }
    }

    /// What was granted (the `grant` transactions into the account) and what is left (its stored balance).
    private static func budget(of school: SchoolID, year: SchoolYear, in database: any SQLDatabase) async throws -> SchoolBudget {
        let account = year.budgetAccount(of: school)
        let granted = try await database.raw(
            """
            SELECT CAST(COALESCE(SUM(e.amount_cents), 0) AS BIGINT) AS granted FROM ledger_entries e JOIN ledger_transactions t ON t.id = e.transaction_id
            WHERE e.account_kind = 'school' AND e.account_owner = \(bind: account.owner) AND t.kind = 'grant'
            """
        ).first()?.decode(column: "granted", as: Int64.self) ?? 0
        let left = try await PassLedgerSQL(database: database).balances([account])[account] ?? 0
        return SchoolBudget(schoolID: school, year: year, grantedCents: granted, leftCents: left)
    }

    public func requestGroupBooking(_ request: GroupBookingRequest, by teacher: StaffMember, idempotencyKey: String?, now: Date) async throws -> GroupBooking {
        guard teacher.role == .teacher, let school = teacher.schoolID else { throw CoreError(.forbidden, "only a teacher books for a class") }
        let issues = GroupBookingRules.problems(request)
        guard issues.isEmpty else { throw CoreError.invalid(issues) }
        let year = SchoolYear.containing(now)
        return try await writeCatalogue { catalogue in
            let database = try catalogue.db()
            try await Self.lock(database, "schools", school.rawValue)
            if let idempotencyKey, let first = try await database.raw(
                "SELECT * FROM group_bookings WHERE teacher_id = \(bind: teacher.id) AND idempotency_key = \(bind: idempotencyKey)"
            ).first() {
                return try Self.groupBooking(first)
            }
            guard let stock = try await catalogue.stock(request.stockID) else { throw CoreError(.notFound, "no stock \(request.stockID)") }
            try await catalogue.lockOffer(stock.offerID)
            guard let offer = try await catalogue.offer(stock.offerID) else { throw CoreError(.notFound, "no offer \(stock.offerID)") }
            let booked = try await StockReservationsSQL.booked(stock.id, in: database)
            let account = year.budgetAccount(of: school)
            let left = try await PassLedgerSQL(database: database).balances([account])[account] ?? 0
            let plan = try GroupBookingRules.decide(request, offer: offer, stock: stock, placesLeft: stock.quantity.map { $0 - booked },
                                                    budget: account, budgetLeftCents: left, now: now).get()
            let booking = GroupBooking(
                id: UUID().uuidString.lowercased(), schoolID: school, schoolYear: year, teacherID: teacher.id, offerID: offer.id, stockID: stock.id,
                institutionID: offer.institutionID, className: request.className.trimmingCharacters(in: .whitespaces), pupils: request.pupils,
                adults: request.adults, amountCents: plan.totalCents, status: .requested, requestedAt: now)
            try await StockReservationsSQL.reserve(booking.places, of: stock, in: database)
            try await database.raw(
                """
                INSERT INTO group_bookings (id, school_id, school_year, teacher_id, offer_id, stock_id, institution_id, class_name, pupils, adults,
                                            amount_cents, status, requested_at, idempotency_key)
                VALUES (\(bind: booking.id), \(bind: school.rawValue), \(bind: year.description), \(bind: teacher.id), \(bind: offer.id.rawValue),
                        \(bind: stock.id.rawValue), \(bind: offer.institutionID.rawValue), \(bind: booking.className), \(bind: booking.pupils),
                        \(bind: booking.adults), \(bind: booking.amountCents), 'requested', \(bind: now.timeIntervalSinceReferenceDate), \(bind: idempotencyKey))
                """
            ).run()
            if !plan.entries.isEmpty {
                try await PassLedgerSQL(database: database).post(
                    try LedgerTransaction(id: "tx-group-" + booking.id, kind: .booking, reference: booking.id, at: now, entries: plan.entries))
            }
            return booking
        }
    }

    public func changeGroupBooking(_ id: String, _ change: GroupBookingChange, by actor: GroupBookingActor, now: Date) async throws -> GroupBooking {
        try await writeCatalogue { catalogue in
            let database = try catalogue.db()
            guard let row = try await database.raw("SELECT * FROM group_bookings WHERE id = \(bind: id)").first() else {
                throw CoreError(.notFound, "no group booking \(id)")
            }
            var booking = try Self.groupBooking(row)
            try await Self.lock(database, "schools", booking.schoolID.rawValue)
            try await catalogue.lockOffer(booking.offerID)
            // Read again under the locks: a concurrent change may have come first.
            booking = try Self.groupBooking(try await database.raw("SELECT * FROM group_bookings WHERE id = \(bind: id)").first()!)
            let offer = try await catalogue.offer(booking.offerID)
            let byVenue = actor.mayHandle(institution: booking.institutionID, venue: offer?.venueID)
            // Someone else's booking is answered as an unknown one.
            guard byVenue || actor == .teacher(booking.teacherID) else { throw CoreError(.notFound, "no group booking \(id)") }
            let stock = try await catalogue.stock(booking.stockID)
            let status = try GroupBookingRules.next(booking.status, change, byVenue: byVenue, beginsAt: stock?.beginsAt, now: now).get()
            if status == .declined || status == .cancelled {
                try await StockReservationsSQL.release(booking.places, of: booking.stockID, in: database)
                if booking.amountCents > 0 {
                    let account = booking.schoolYear.budgetAccount(of: booking.schoolID)
                    let paid = try LedgerTransaction(
                        id: "tx-group-" + booking.id, kind: .booking, reference: booking.id, at: booking.requestedAt,
                        entries: [LedgerEntry(account, -booking.amountCents), LedgerEntry(LedgerAccount(.payable, booking.institutionID.rawValue), booking.amountCents)])
                    try await PassLedgerSQL(database: database).post(paid.reversal(id: "tx-group-refund-" + booking.id, kind: .refund, at: now))
                }
            }
            booking.status = status
            booking.changedAt = now
            try await database.raw(
                "UPDATE group_bookings SET status = \(bind: status.rawValue), changed_at = \(bind: now.timeIntervalSinceReferenceDate) WHERE id = \(bind: id)"
            ).run()
            return booking
        }
    }

    public func groupBooking(_ id: String) async throws -> GroupBooking? {
        try await withReadTransaction { database in
            try await database.raw("SELECT * FROM group_bookings WHERE id = \(bind: id)").first().map(Self.groupBooking)
        }
    }

    public func groupBookings(ofSchool school: SchoolID, year: SchoolYear) async throws -> [GroupBooking] {
        try await withReadTransaction { database in
            try await database.raw(
                """
                SELECT * FROM group_bookings WHERE school_id = \(bind: school.rawValue) AND school_year = \(bind: year.description)
                ORDER BY requested_at DESC, id
                """
            ).all().map(Self.groupBooking)
        }
    }

    public func groupBookings(ofInstitution institution: InstitutionID, venue: VenueID?, status: GroupBooking.Status?, limit: Int) async throws -> [GroupBooking] {
        try await withReadTransaction { database in
            var query = database.select().column(SQLColumn(SQLLiteral.all, table: SQLIdentifier("group_bookings"))).from("group_bookings")
                .join("stocks", on: SQLColumn("stock_id", table: "group_bookings"), .equal, SQLColumn("id", table: "stocks"))
                .where(SQLColumn("institution_id", table: "group_bookings"), .equal, SQLBind(institution.rawValue))
            if let venue {
                query = query.join("offers", on: SQLColumn("offer_id", table: "group_bookings"), .equal, SQLColumn("id", table: "offers"))
                    .where(SQLColumn("venue_id", table: "offers"), .equal, SQLBind(venue.rawValue))
            }
            if let status { query = query.where(SQLColumn("status", table: "group_bookings"), .equal, SQLBind(status.rawValue)) }
            return try await query.orderBy(SQLColumn("begins_at", table: "stocks")).orderBy(SQLColumn("id", table: "group_bookings")).limit(limit)
                .all().map(Self.groupBooking)
        }
    }

    static func groupBooking(_ row: any SQLRow) throws -> GroupBooking {
        let school = try row.decode(column: "school_id", as: String.self)
        let year = try row.decode(column: "school_year", as: String.self)
        guard let schoolID = SchoolID(rawValue: school), let schoolYear = SchoolYear(year) else {
            throw CoreError(.storage, "a group booking has an unreadable school or year")
        }
        return GroupBooking(
            id: try row.decode(column: "id", as: String.self), schoolID: schoolID, schoolYear: schoolYear,
            teacherID: try row.decode(column: "teacher_id", as: String.self),
            offerID: OfferID(trusted: try row.decode(column: "offer_id", as: String.self)),
            stockID: StockID(trusted: try row.decode(column: "stock_id", as: String.self)),
            institutionID: InstitutionID(trusted: try row.decode(column: "institution_id", as: String.self)),
            className: try row.decode(column: "class_name", as: String.self), pupils: try row.decode(column: "pupils", as: Int.self),
            adults: try row.decode(column: "adults", as: Int.self), amountCents: try row.decode(column: "amount_cents", as: Int64.self),
            status: GroupBooking.Status(rawValue: try row.decode(column: "status", as: String.self)) ?? .cancelled,
            requestedAt: Date(timeIntervalSinceReferenceDate: try row.decode(column: "requested_at", as: Double.self)),
            changedAt: try row.decode(column: "changed_at", as: Double?.self).map(Date.init(timeIntervalSinceReferenceDate:)))
    }
}
