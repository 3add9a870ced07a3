import Foundation
import PasserelleCore
import PasserellePass
import PasserelleStorage
import SQLKit
import Testing

/// Professionals' accounts and school groups on every engine: who may open what, a budget spent once however many
/// requests race for it, places shared with individual bookings, and the ledger sound after all of it.
extension Contract {
    static let school = SchoolID("0750655E")!

    /// A school with `budget` cents this school year, a teacher of it, and a stock of `places` at `price`.
    static func seedSchool(_ store: SQLStore, budget: Int64, places: Int?, price: Int64) async throws -> StaffMember {
        try await seedPass(store, places: places, price: price)
        try await store.saveSchool(School(id: school, name: "Collège Victor-Hugo", departementCode: "75"))
        _ = try await store.addBudget(budget, to: school, year: SchoolYear.containing(Fixtures.base), at: Fixtures.base)
        let teacher = StaffMember.teacher(email: "prof@example.org", school: school, at: Fixtures.base)
        try await store.createStaff(teacher, passwordHash: "$2b$04$notarealhashnotarealhashnotarealhashnotarealhashnot")
        return teacher
    }

    static func staffAccounts(_ store: SQLStore) async throws {
        let teacher = try await seedSchool(store, budget: 10_000, places: 10, price: 1_000)
        let desk = StaffMember.venueStaff(email: "desk@example.org", institution: InstitutionID(trusted: "inst-a"), venue: VenueID(trusted: "venue-a"), at: Fixtures.base)
        try await store.createStaff(desk, passwordHash: "hash")
        await #expect(throws: CoreError.self, "an email is one account") {
            try await store.createStaff(StaffMember.venueStaff(email: "DESK@example.org", institution: InstitutionID(trusted: "inst-a"), at: Fixtures.base), passwordHash: "h")
        }
        await #expect(throws: CoreError.self, "no such school") {
            try await store.createStaff(StaffMember.teacher(email: "x@example.org", school: SchoolID("0000001A")!, at: Fixtures.base), passwordHash: "h")
        }
        await #expect(throws: CoreError.self, "a venue of another institution") {
            try await store.createStaff(StaffMember.venueStaff(email: "y@example.org", institution: InstitutionID(trusted: "inst-a"), venue: VenueID(trusted: "nowhere"),
                                                               at: Fixtures.base), passwordHash: "h")
        }
        let mixed = StaffMember(email: "z@example.org", role: .teacher, institutionID: InstitutionID(trusted: "inst-a"), schoolID: school, createdAt: Fixtures.base)
        await #expect(throws: CoreError.self, "a teacher belongs to a school only") { try await store.createStaff(mixed, passwordHash: "h") }
        #expect(try await store.staffCredentials(email: "Desk@Example.org")?.member == desk)

        try await store.openStaffSession(tokenHash: "t1", for: teacher.id, at: Fixtures.base, expiresAt: Fixtures.base.addingTimeInterval(60))
        #expect(try await store.staff(sessionTokenHash: "t1", at: Fixtures.base) == teacher)
        #expect(try await store.staff(sessionTokenHash: "t1", at: Fixtures.base.addingTimeInterval(61)) == nil, "expired")
        try await store.closeStaffSession(tokenHash: "t1")
        #expect(try await store.staff(sessionTokenHash: "t1", at: Fixtures.base) == nil, "closed")

        // A reset password signs the account out everywhere; a closed account signs in no more.
        try await store.openStaffSession(tokenHash: "t2", for: desk.id, at: Fixtures.base, expiresAt: Fixtures.base.addingTimeInterval(60))
        #expect(try await store.resetStaffPassword(email: "DESK@example.org", passwordHash: "new-hash"))
        #expect(try await store.staff(sessionTokenHash: "t2", at: Fixtures.base) == nil)
        #expect(try await store.staffCredentials(email: "desk@example.org")?.passwordHash == "new-hash")
        try await store.openStaffSession(tokenHash: "t3", for: desk.id, at: Fixtures.base, expiresAt: Fixtures.base.addingTimeInterval(60))
        #expect(try await store.disableStaff(email: "desk@example.org", at: Fixtures.base))
        #expect(try await store.staff(sessionTokenHash: "t3", at: Fixtures.base) == nil)
        #expect(try await store.staffCredentials(email: "desk@example.org") == nil)
        #expect(try await !store.disableStaff(email: "desk@example.org", at: Fixtures.base))
        #expect(try await !store.resetStaffPassword(email: "desk@example.org", passwordHash: "x"))
        await #expect(throws: CoreError.self, "a closed account's email is not free again: its history names it") {
            try await store.createStaff(StaffMember.venueStaff(email: "desk@example.org", institution: InstitutionID(trusted: "inst-a"), at: Fixtures.base), passwordHash: "h")
        }

        let ana = try await beneficiary(store, "ana")
        let booking = try await store.book(StockID(trusted: "stock-1"), quantity: 1, for: ana, idempotencyKey: nil, policy: passPolicy, now: Fixtures.base)
        let mark = try #require(Countermark(reading: booking.countermark))
        #expect(try await store.booking(countermark: mark, of: InstitutionID(trusted: "inst-a"))?.id == booking.id)
        #expect(try await store.booking(countermark: mark, of: InstitutionID(trusted: "inst-b")) == nil, "another institution learns nothing")
    }

    static func schoolGroups(_ store: SQLStore) async throws {
        let teacher = try await seedSchool(store, budget: 10_000, places: 10, price: 1_000)
        let stock = StockID(trusted: "stock-1")
        let year = SchoolYear.containing(Fixtures.base)
        let request = GroupBookingRequest(stockID: stock, className: "4e B", pupils: 5, adults: 2)
        let first = try await store.requestGroupBooking(request, by: teacher, idempotencyKey: "g1", now: Fixtures.base)
        #expect(first.status == .requested && first.amountCents == 5_000 && first.places == 7, "pupils pay, adults come free")
        #expect(try await store.requestGroupBooking(request, by: teacher, idempotencyKey: "g1", now: Fixtures.base) == first, "a replay books nothing more")
        #expect(try await store.budget(of: school, year: year) == SchoolBudget(schoolID: school, year: year, grantedCents: 10_000, leftCents: 5_000))
        #expect(try await store.bookedPlaces(of: [stock])[stock] == 7, "a class holds places in the same stock as beneficiaries")

        let tooMany = await #expect(throws: BookingRefusal.self) {
            try await store.requestGroupBooking(GroupBookingRequest(stockID: stock, className: "4e C", pupils: 4, adults: 0), by: teacher, idempotencyKey: nil, now: Fixtures.base)
        }
        #expect(tooMany?.code == .soldOut, "3 places are left")
        await #expect(throws: CoreError.self, "a bad class name or count is a 422 before any lock") {
            try await store.requestGroupBooking(GroupBookingRequest(stockID: stock, className: "", pupils: 0, adults: 99), by: teacher, idempotencyKey: nil, now: Fixtures.base)
        }

        // Another institution's desk, and another teacher, see an unknown booking.
        await #expect(throws: CoreError.self) { try await store.changeGroupBooking(first.id, .confirm, by: .venue(InstitutionID(trusted: "inst-b"), nil), now: Fixtures.base) }
        await #expect(throws: CoreError.self) { try await store.changeGroupBooking(first.id, .cancel, by: .teacher("someone-else"), now: Fixtures.base) }
        await #expect(throws: CoreError.self, "a desk of another venue") {
            try await store.changeGroupBooking(first.id, .confirm, by: .venue(InstitutionID(trusted: "inst-a"), VenueID(trusted: "venue-z")), now: Fixtures.base)
        }
        let refusedUse = await #expect(throws: BookingRefusal.self) { try await store.changeGroupBooking(first.id, .markUsed, by: .venue(InstitutionID(trusted: "inst-a"), nil), now: Fixtures.base) }
        #expect(refusedUse?.code == .notCancellable, "not before it is confirmed")
        await #expect(throws: BookingRefusal.self, "a teacher does not confirm their own request") {
            try await store.changeGroupBooking(first.id, .confirm, by: teacher.groupActor, now: Fixtures.base)
        }
        let desk = GroupBookingActor.venue(InstitutionID(trusted: "inst-a"), VenueID(trusted: "venue-a"))
        #expect(try await store.changeGroupBooking(first.id, .confirm, by: desk, now: Fixtures.base).status == .confirmed)
        let used = try await store.changeGroupBooking(first.id, .markUsed, by: desk, now: Fixtures.base.addingTimeInterval(60))
        #expect(used.status == .used)
        await #expect(throws: BookingRefusal.self, "a class that came is not cancelled") { try await store.changeGroupBooking(first.id, .cancel, by: teacher.groupActor, now: Fixtures.base) }
        let lines = try await store.usedBookings(of: InstitutionID(trusted: "inst-a"), from: Fixtures.base, before: Fixtures.base.addingTimeInterval(3_600))
        #expect(lines.map(\.bookingID) == [first.id] && lines.first?.group == true && lines.first?.quantity == 7 && lines.first?.amountCents == 5_000)

        // Declined and cancelled requests give their places and budget back.
        let second = try await store.requestGroupBooking(GroupBookingRequest(stockID: stock, className: "3e A", pupils: 3, adults: 0), by: teacher, idempotencyKey: "g2", now: Fixtures.base)
        #expect(try await store.budget(of: school, year: year).leftCents == 2_000)
        #expect(try await store.changeGroupBooking(second.id, .decline, by: desk, now: Fixtures.base).status == .declined)
        #expect(try await store.budget(of: school, year: year).leftCents == 5_000)
        let third = try await store.requestGroupBooking(GroupBookingRequest(stockID: stock, className: "3e A", pupils: 3, adults: 0), by: teacher, idempotencyKey: "g3", now: Fixtures.base)
        let late = await #expect(throws: BookingRefusal.self) {
            try await store.changeGroupBooking(third.id, .cancel, by: teacher.groupActor, now: Fixtures.base.addingTimeInterval(31 * 86_400))
        }
        #expect(late?.code == .windowClosed, "the teacher cancels until the date begins")
        #expect(try await store.changeGroupBooking(third.id, .cancel, by: teacher.groupActor, now: Fixtures.base).status == .cancelled)
        #expect(try await store.budget(of: school, year: year).leftCents == 5_000)
        #expect(try await store.bookedPlaces(of: [stock])[stock] == 7)
        #expect(try await store.groupBookings(ofSchool: school, year: year).count == 3)
        #expect(try await store.groupBookings(ofInstitution: InstitutionID(trusted: "inst-a"), venue: VenueID(trusted: "venue-a"), status: .used, limit: 10).map(\.id) == [first.id])
        #expect(try await store.groupBookings(ofInstitution: InstitutionID(trusted: "inst-a"), venue: VenueID(trusted: "venue-z"), status: nil, limit: 10).isEmpty)
        let audit = try await store.auditLedger()
        #expect(audit.isSound, "\(audit)")
    }

    /// 60 concurrent requests of one pupil each, against a budget that covers 5: exactly 5 are made.
    static func schoolBudgetRace(_ store: SQLStore) async throws {
        let teacher = try await seedSchool(store, budget: 5_000, places: nil, price: 1_000)
        let made = try await withThrowingTaskGroup(of: Bool.self) { tasks in
            for index in 0..<60 {
                tasks.addTask {
                    do {
                        _ = try await store.requestGroupBooking(GroupBookingRequest(stockID: StockID(trusted: "stock-1"), className: "c\(index)", pupils: 1, adults: 0),
                                                                by: teacher, idempotencyKey: nil, now: Fixtures.base)
                        return true
                    } catch let refusal as BookingRefusal where refusal.code == .insufficientBudget {
                        return false
                    }
                }
            }
            return try await tasks.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(made == 5)
        #expect(try await store.budget(of: school, year: SchoolYear.containing(Fixtures.base)).leftCents == 0)
        let audit = try await store.auditLedger()
        #expect(audit.isSound, "\(audit)")
    }

    /// Migrations 18 and 19 rebuild the ledger's entries and the bookings on SQLite (to accept school accounts and
    /// pending bookings): nothing is lost. Started at schema 17, with a grant and a booking written as 17 knew them.
    static func ledgerSurvivesMigration18(_ store: SQLStore) async throws {
        try await seedPass(store, places: 3, price: 1_500)
        let ana = try await beneficiary(store, "ana")
        try await store.withTransaction { database in
            try await database.raw(
                """
                INSERT INTO bookings (id, beneficiary_id, offer_id, stock_id, institution_id, quantity, amount_cents, offer_access, category_id,
                                      countermark, status, booked_at, idempotency_key)
                VALUES ('b-17', 'ana', 'offer-stock-1', 'stock-1', 'inst-a', 1, 0, 'on-site', 'heritage', 'ABCDEFGHJKM', 'active', 0, 'k-17')
                """
            ).run()
        }
        let before = try await store.auditLedger()
        try await store.migrate()
        let after = try await store.auditLedger()
        #expect(after.isSound && after.transactions == before.transactions && before.transactions == 1)
        #expect(try await store.wallet(of: ana, policy: passPolicy, at: Fixtures.base).totalCents == 15_000, "every entry is still there")
        let kept = try await store.bookings(of: ana)
        #expect(kept.map(\.id) == ["b-17"] && kept.first?.status == .active && kept.first?.holdExpiresAt == nil, "and every booking")
        let replay = try await store.book(StockID(trusted: "stock-1"), quantity: 1, for: ana, idempotencyKey: "k-17", policy: passPolicy, now: Fixtures.base)
        #expect(replay.id == "b-17", "its idempotency key still holds")
        let teacher = try await seedSchool(store, budget: 1_000, places: 3, price: 0)
        #expect(teacher.role == .teacher)
    }
}

extension Contract {
    /// Partner holds on every engine: a pending booking takes its places and credit, counts under the caps, cannot
    /// be used or cancelled by its beneficiary, and is settled once (confirmed with its ticket, or released).
    static func partnerHolds(_ store: SQLStore) async throws {
        try await seedPass(store, places: 4, price: 1_000)
        let ana = try await beneficiary(store, "ana")
        let stock = StockID(trusted: "stock-1")
        let expiry = Fixtures.base.addingTimeInterval(120)
        let held = try await store.book(stock, quantity: 2, for: ana, idempotencyKey: "h1", policy: passPolicy, now: Fixtures.base, holdUntil: expiry)
        #expect(held.status == .pending && held.holdExpiresAt == expiry)
        #expect(try await store.book(stock, quantity: 2, for: ana, idempotencyKey: "h1", policy: passPolicy, now: Fixtures.base, holdUntil: expiry) == held)
        #expect(try await store.wallet(of: ana, policy: passPolicy, at: Fixtures.base).totalCents == 13_000, "its credit is taken")
        #expect(try await store.bookedPlaces(of: [stock])[stock] == 2, "its places too")
        await #expect(throws: BookingRefusal.self, "a pending booking is not cancelled by its beneficiary") {
            try await store.cancelBooking(held.id, by: .beneficiary(ana), policy: passPolicy, now: Fixtures.base)
        }
        await #expect(throws: BookingRefusal.self, "nor let in at the door") {
            try await store.useBooking(countermark: try #require(Countermark(reading: held.countermark)), by: InstitutionID(trusted: "inst-a"), now: Fixtures.base)
        }
        #expect(try await store.heldBookings(expiringBefore: expiry, limit: 10).isEmpty, "not before its hold expires")
        #expect(try await store.heldBookings(expiringBefore: expiry.addingTimeInterval(1), limit: 10).map(\.id) == [held.id])

        let confirmed = try await store.confirmHeld(held.id, ticket: "TKT-1", now: Fixtures.base)
        #expect(confirmed.status == .active && confirmed.providerTicket == "TKT-1")
        #expect(try await store.releaseHeld(held.id, now: Fixtures.base).status == .active, "settled once: a later release changes nothing")
        #expect(try await store.confirmHeld(held.id, ticket: "TKT-2", now: Fixtures.base).providerTicket == "TKT-1", "nor a second ticket")
        #expect(try await store.bookings(of: ana).first?.providerTicket == "TKT-1")

        let second = try await store.book(stock, quantity: 2, for: ana, idempotencyKey: "h2", policy: passPolicy, now: Fixtures.base, holdUntil: expiry)
        #expect(try await store.releaseHeld(second.id, now: Fixtures.base).status == .cancelled)
        #expect(try await store.confirmHeld(second.id, ticket: "TKT-3", now: Fixtures.base).status == .cancelled, "a released hold is not revived")
        #expect(try await store.wallet(of: ana, policy: passPolicy, at: Fixtures.base).totalCents == 13_000)
        #expect(try await store.bookedPlaces(of: [stock])[stock] == 2)
        #expect(try await store.heldBookings(expiringBefore: .distantFuture, limit: 10).isEmpty)
        let audit = try await store.auditLedger()
        #expect(audit.isSound, "\(audit)")
    }
}
