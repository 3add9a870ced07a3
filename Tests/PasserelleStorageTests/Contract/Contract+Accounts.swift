import Foundation
import PasserelleCore
import PasserellePass
import PasserelleStorage
import Testing

/// Beneficiaries' passwords, sessions and verification, and the shared rate-limit windows, on every engine.
extension Contract {
    static func passAccounts(_ store: SQLStore) async throws {
        try await store.createBeneficiary(Beneficiary(id: "eve", email: "Eve@Example.org", birthdate: "2008-01-01", verifiedAt: nil, createdAt: Fixtures.base),
                                          passwordHash: "$2b$04$hash-one")
        let found = try #require(try await store.credentials(email: "EVE@example.org"))
        #expect(found.beneficiary.id == "eve" && found.passwordHash == "$2b$04$hash-one" && found.beneficiary.verifiedAt == nil)
        #expect(try await store.credentials(email: "nobody@example.org") == nil)

        // Booking needs a verified identity, whatever the credit.
        try await seedPass(store, places: 5, price: 500)
        let unverified = await #expect(throws: BookingRefusal.self) {
            try await store.book(StockID(trusted: "stock-1"), quantity: 1, for: "eve", idempotencyKey: nil, policy: passPolicy, now: Fixtures.base)
        }
        #expect(unverified?.code == .identityNotVerified)
        let verified = try #require(try await store.markVerified(email: "eve@EXAMPLE.org", at: Fixtures.base))
        #expect(verified.verifiedAt == Fixtures.base)
        let twice = try #require(try await store.markVerified(email: "eve@example.org", at: Fixtures.base.addingTimeInterval(60)))
        #expect(twice.verifiedAt == Fixtures.base, "verifying again keeps the first date")
        #expect(try await store.markVerified(email: "nobody@example.org", at: Fixtures.base) == nil)
        _ = try await store.grantCredit(to: "eve", policy: passPolicy, at: Fixtures.base)
        _ = try await store.book(StockID(trusted: "stock-1"), quantity: 1, for: "eve", idempotencyKey: nil, policy: passPolicy, now: Fixtures.base)

        // A new password closes every session; signing out closes one.
        let expires = Fixtures.base.addingTimeInterval(3_600)
        for token in ["t1", "t2", "t3"] { try await store.openSession(tokenHash: token, for: "eve", at: Fixtures.base, expiresAt: expires) }
        try await store.closeSession(tokenHash: "t1")
        #expect(try await store.beneficiary(sessionTokenHash: "t1", at: Fixtures.base) == nil)
        #expect(try await store.beneficiary(sessionTokenHash: "t2", at: Fixtures.base)?.id == "eve")
        #expect(try await store.setPasswordHash("$2b$04$hash-two", for: "eve") == 2)
        #expect(try await store.beneficiary(sessionTokenHash: "t2", at: Fixtures.base) == nil)
        #expect(try await store.credentials(email: "eve@example.org")?.passwordHash == "$2b$04$hash-two")
        await #expect(throws: CoreError.self) { try await store.setPasswordHash("x", for: "nobody") }
    }

    /// Attempts counted per bucket and window, refunds, old windows forgotten; concurrent attempts all counted.
    static func rateLimitWindows(_ store: SQLStore) async throws {
        #expect(try await store.countAttempt(bucket: "login:a", window: 600, previous: 0) == RateLimitCounts(current: 1, previous: 0))
        #expect(try await store.countAttempt(bucket: "login:a", window: 600, previous: 0) == RateLimitCounts(current: 2, previous: 0))
        #expect(try await store.countAttempt(bucket: "login:b", window: 600, previous: 0) == RateLimitCounts(current: 1, previous: 0))
        #expect(try await store.countAttempt(bucket: "login:a", window: 1_200, previous: 600) == RateLimitCounts(current: 1, previous: 2))
        try await store.refundAttempt(bucket: "login:a", window: 1_200)
        try await store.refundAttempt(bucket: "login:a", window: 1_200)
        #expect(try await store.countAttempt(bucket: "login:a", window: 1_200, previous: 600) == RateLimitCounts(current: 1, previous: 2),
                "a refund never goes below zero")
        #expect(try await store.countAttempt(bucket: "login:a", window: 2_400, previous: 1_800) == RateLimitCounts(current: 1, previous: 0),
                "windows before the previous one are forgotten")
        #expect(try await store.countAttempt(bucket: "login:a", window: 1_200, previous: 600) == RateLimitCounts(current: 1, previous: 0),
                "…and were deleted")

        let limit = try #require(RateLimit(limit: 20, window: 60))
        let now = Date(timeIntervalSince1970: 60_000)
        let allowed = try await withThrowingTaskGroup(of: Bool.self) { tasks in
            for _ in 0..<60 {
                tasks.addTask {
                    do { try await store.attempt("race", under: limit, at: now); return true } catch is RateLimited { return false }
                }
            }
            return try await tasks.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(allowed == 20, "60 concurrent attempts under 20 per minute: exactly 20 pass")
    }
}

extension Contract {
    /// Every ledger account's first posting, raced: 20 first grants at once (the funding account is new) and then
    /// 20 first bookings at once (the institution's payable account is new). None may fail on the balance row.
    static func passFirstPostingsRace(_ store: SQLStore) async throws {
        try await seedPass(store, places: 50, price: 500)
        let names = (0..<20).map { "first-\($0)" }
        for name in names {
            try await store.createBeneficiary(Beneficiary(id: name, email: "\(name)@example.org", birthdate: "2008-01-01", verifiedAt: Fixtures.base,
                                                          createdAt: Fixtures.base))
        }
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            for name in names { tasks.addTask { _ = try await store.grantCredit(to: name, policy: passPolicy, at: Fixtures.base) } }
            try await tasks.waitForAll()
        }
        let bookings = try await withThrowingTaskGroup(of: Booking.self) { tasks in
            for name in names {
                tasks.addTask {
                    try await store.book(StockID(trusted: "stock-1"), quantity: 1, for: name, idempotencyKey: nil, policy: passPolicy, now: Fixtures.base)
                }
            }
            return try await tasks.reduce(into: [Booking]()) { $0.append($1) }
        }
        #expect(bookings.count == 20)
        let audit = try await store.auditLedger()
        #expect(audit.isSound, "\(audit)")
        #expect(audit.transactions == 40, "20 grants and 20 bookings")
    }
}

extension Contract {
    /// A statement holds the institution's bookings used in the month, Paris time, and nothing else.
    static func reimbursementLines(_ store: SQLStore) async throws {
        try await seedPass(store, places: 10, price: 700)
        let ana = try await beneficiary(store, "ana")
        let stock = StockID(trusted: "stock-1")
        var marks: [Countermark] = []
        for _ in 0..<4 {
            let booking = try await store.book(stock, quantity: 1, for: ana, idempotencyKey: nil, policy: passPolicy, now: Fixtures.base)
            marks.append(try #require(Countermark(reading: booking.countermark)))
        }
        let institution = InstitutionID(trusted: "inst-a")
        let iso = ISO8601DateFormatter()
        let november = try #require(iso.date(from: "2026-11-10T12:00:00Z"))
        // 23:30 UTC on 30 November is 00:30 on 1 December in Paris: December's.
        let lateNovemberUTC = try #require(iso.date(from: "2026-11-30T23:30:00Z"))
        _ = try await store.useBooking(countermark: marks[0], by: institution, now: november)
        _ = try await store.useBooking(countermark: marks[1], by: institution, now: lateNovemberUTC)
        let cancelled = try await store.book(stock, quantity: 2, for: ana, idempotencyKey: nil, policy: passPolicy, now: Fixtures.base)
        _ = try await store.cancelBooking(cancelled.id, by: .beneficiary(ana), policy: passPolicy, now: Fixtures.base)

        let period = try #require(StatementPeriod("2026-11"))
        let lines = try await store.usedBookings(of: institution, from: period.start, before: period.end)
        #expect(lines.count == 1 && lines.first?.amountCents == 700 && lines.first?.venueID == VenueID(trusted: "venue-a"))
        #expect(lines.first?.usedAt == november)
        let december = try #require(StatementPeriod("2026-12"))
        #expect(try await store.usedBookings(of: institution, from: december.start, before: december.end).count == 1)
        #expect(try await store.usedBookings(of: InstitutionID(trusted: "inst-b"), from: period.start, before: december.end).isEmpty)
        // The venue's list: its bookings by status and stock, newest first, bounded.
        #expect(try await store.bookings(ofInstitution: institution, stock: nil, status: .used, limit: 10).count == 2)
        #expect(try await store.bookings(ofInstitution: institution, stock: stock, status: nil, limit: 10).count == 5)
        #expect(try await store.bookings(ofInstitution: institution, stock: stock, status: nil, limit: 3).count == 3)
        #expect(try await store.bookings(ofInstitution: institution, stock: nil, status: .cancelled, limit: 10).map(\.id) == [cancelled.id])
        #expect(try await store.bookings(ofInstitution: InstitutionID(trusted: "inst-b"), stock: nil, status: nil, limit: 10).isEmpty)
        // A desk's list: active bookings only, soonest date first, of one venue when asked, bounded in the database.
        try await store.write { tx in
            try await tx.save(Fixtures.venue("venue-b"))
            try await tx.save(Fixtures.offer("offer-early", venue: "venue-b"))
            try await tx.save(Fixtures.stock("stock-early", offer: "offer-early", beginsAt: Fixtures.base.addingTimeInterval(2 * 86_400), quantity: 10, priceCents: 100))
        }
        let early = try await store.book(StockID(trusted: "stock-early"), quantity: 1, for: ana, idempotencyKey: nil, policy: passPolicy, now: Fixtures.base)
        let desk = try await store.activeBookings(ofInstitution: institution, venue: nil, limit: 10)
        #expect(desk.first?.id == early.id && desk.count == 3 && desk.allSatisfy { $0.status == .active }, "the sooner date first; used and cancelled ones left out")
        #expect(try await store.activeBookings(ofInstitution: institution, venue: VenueID(trusted: "venue-a"), limit: 10).count == 2)
        #expect(try await store.activeBookings(ofInstitution: institution, venue: VenueID(trusted: "venue-b"), limit: 10).map(\.id) == [early.id])
        #expect(try await store.activeBookings(ofInstitution: institution, venue: nil, limit: 1).map(\.id) == [early.id])
    }
}

extension Contract {
    /// Goods not collected within the policy's days expire, places and credit back; events and collected goods do not.
    static func uncollectedGoodsExpire(_ store: SQLStore) async throws {
        try await seedPass(store, places: 5, price: 1_000, stock: "event")
        try await store.write { tx in
            try await tx.save(Fixtures.offer("offer-book"))
            try await tx.save(Fixtures.stock("book", offer: "offer-book", beginsAt: nil, quantity: 3, priceCents: 2_000))
        }
        let ana = try await beneficiary(store, "ana")
        let goods = try await store.book(StockID(trusted: "book"), quantity: 1, for: ana, idempotencyKey: nil, policy: passPolicy, now: Fixtures.base)
        let collected = try await store.book(StockID(trusted: "book"), quantity: 1, for: ana, idempotencyKey: nil, policy: passPolicy, now: Fixtures.base)
        _ = try await store.useBooking(countermark: try #require(Countermark(reading: collected.countermark)), by: InstitutionID(trusted: "inst-a"),
                                       now: Fixtures.base.addingTimeInterval(86_400))
        let event = try await store.book(StockID(trusted: "event"), quantity: 1, for: ana, idempotencyKey: nil, policy: passPolicy, now: Fixtures.base)
        #expect(try await store.wallet(of: ana, policy: passPolicy, at: Fixtures.base).totalCents == 15_000 - 5_000)

        let early = Fixtures.base.addingTimeInterval(29 * 86_400)
        #expect(try await store.expireUncollectedBookings(policy: passPolicy, now: early) == 0, "30 days are not over")
        let late = Fixtures.base.addingTimeInterval(31 * 86_400)
        #expect(try await store.expireUncollectedBookings(policy: passPolicy, now: late) == 1)
        #expect(try await store.expireUncollectedBookings(policy: passPolicy, now: late) == 0, "once")
        let statuses = Dictionary(uniqueKeysWithValues: try await store.bookings(of: ana).map { ($0.id, $0.status) })
        #expect(statuses[goods.id] == .expired && statuses[collected.id] == .used && statuses[event.id] == .active)
        #expect(try await store.wallet(of: ana, policy: passPolicy, at: late).totalCents == 15_000 - 3_000, "the uncollected book's price is back")
        // Its place is back too: the three places of the book can be booked again but for the collected one.
        for _ in 0..<2 { _ = try await store.book(StockID(trusted: "book"), quantity: 1, for: ana, idempotencyKey: nil, policy: passPolicy, now: late) }
        let full = await #expect(throws: BookingRefusal.self) {
            try await store.book(StockID(trusted: "book"), quantity: 1, for: ana, idempotencyKey: nil, policy: passPolicy, now: late)
        }
        #expect(full?.code == .soldOut)
        let audit = try await store.auditLedger()
        #expect(audit.isSound, "\(audit)")
    }
}
