import Foundation
import PasserelleCore
import PasserellePass
import PasserelleStorage
import Testing

/// The culture pass on every engine: grants, bookings, refusals, cancellation, use, and the ledger's invariants
/// under concurrency (exactly the places a stock has, exactly the bookings a credit covers).
extension Contract {
    static let passPolicy = CreditPolicy(
        version: "test-1", grants: [.init(age: 18, amountCents: 15_000, validityMonths: 24)], caps: [.init(applies: "online", maximumCents: 10_000)],
        cancellationWindowHours: 48, uncollectedGoodsExpiryDays: 30, maximumQuantityPerBooking: 2)

    /// Institution A with a venue, an offer and a stock of `places` at `price`, beginning a month after `Fixtures.base`.
    static func seedPass(_ store: SQLStore, places: Int?, price: Int64, stock: String = "stock-1") async throws {
        try await store.write { tx in
            if try await tx.institution(InstitutionID(trusted: "inst-a")) == nil { try await Fixtures.seed(tx) }
            try await tx.save(Fixtures.offer("offer-\(stock)"))
            try await tx.save(Fixtures.stock(stock, offer: "offer-\(stock)", beginsAt: Fixtures.base.addingTimeInterval(30 * 86_400),
                                             quantity: places, priceCents: price))
        }
    }

    static func beneficiary(_ store: SQLStore, _ name: String) async throws -> String {
        let beneficiary = Beneficiary(id: name, email: "\(name)@example.org", birthdate: "2008-01-01", verifiedAt: Fixtures.base, createdAt: Fixtures.base)
        try await store.createBeneficiary(beneficiary)
        _ = try await store.grantCredit(to: beneficiary.id, policy: passPolicy, at: Fixtures.base)
        return beneficiary.id
    }

    static func passBasics(_ store: SQLStore) async throws {
        try await seedPass(store, places: 3, price: 1_500)
        let ana = try await beneficiary(store, "ana")
        let again = try await store.grantCredit(to: ana, policy: passPolicy, at: Fixtures.base.addingTimeInterval(60))
        #expect(again.id == "grant-ana-18", "one grant per age")
        #expect(try await store.wallet(of: ana, policy: passPolicy, at: Fixtures.base).totalCents == 15_000)
        await #expect(throws: CoreError.self) {
            try await store.createBeneficiary(Beneficiary(email: "ANA@example.org", birthdate: "2008-01-01", verifiedAt: nil, createdAt: Fixtures.base))
        }

        let stock = StockID(trusted: "stock-1")
        let booking = try await store.book(stock, quantity: 2, for: ana, idempotencyKey: "k1", policy: passPolicy, now: Fixtures.base)
        #expect(booking.amountCents == 3_000 && booking.status == .active && Countermark(reading: booking.countermark) != nil)
        let replay = try await store.book(stock, quantity: 2, for: ana, idempotencyKey: "k1", policy: passPolicy, now: Fixtures.base)
        #expect(replay == booking, "the same key is the same booking, nothing more")
        #expect(try await store.wallet(of: ana, policy: passPolicy, at: Fixtures.base).totalCents == 12_000)
        let refusal = await #expect(throws: BookingRefusal.self) {
            try await store.book(stock, quantity: 2, for: ana, idempotencyKey: nil, policy: passPolicy, now: Fixtures.base)
        }
        #expect(refusal?.code == .soldOut, "one place is left")

        // Another institution cannot use or cancel it; the right one can; a used booking cannot be cancelled.
        let mark = try #require(Countermark(reading: booking.countermark))
        await #expect(throws: CoreError.self) { try await store.useBooking(countermark: mark, by: InstitutionID(trusted: "inst-b"), now: Fixtures.base) }
        await #expect(throws: CoreError.self) { try await store.cancelBooking(booking.id, by: .beneficiary("someone-else"), policy: passPolicy, now: Fixtures.base) }
        let late = await #expect(throws: BookingRefusal.self) {
            try await store.cancelBooking(booking.id, by: .beneficiary(ana), policy: passPolicy, now: Fixtures.base.addingTimeInterval(49 * 3_600))
        }
        #expect(late?.code == .windowClosed)
        let cancelled = try await store.cancelBooking(booking.id, by: .beneficiary(ana), policy: passPolicy, now: Fixtures.base.addingTimeInterval(3_600))
        #expect(cancelled.status == .cancelled)
        #expect(try await store.wallet(of: ana, policy: passPolicy, at: Fixtures.base).totalCents == 15_000, "the credit came back")
        let second = try await store.book(stock, quantity: 1, for: ana, idempotencyKey: nil, policy: passPolicy, now: Fixtures.base)
        let used = try await store.useBooking(countermark: try #require(Countermark(reading: second.countermark)), by: InstitutionID(trusted: "inst-a"), now: Fixtures.base)
        #expect(used.status == .used)
        await #expect(throws: BookingRefusal.self) { try await store.cancelBooking(second.id, by: .institution(InstitutionID(trusted: "inst-a")), policy: passPolicy, now: Fixtures.base) }
        #expect(Set(try await store.bookings(of: ana).map(\.status)) == [.cancelled, .used])
        let audit = try await store.auditLedger()
        #expect(audit.isSound, "\(audit)")
        #expect(audit.transactions == 4, "a grant, two bookings, one refund")
    }

    /// 1 000 concurrent attempts on a stock of 10 places: exactly 10 bookings; the ledger balances.
    static func passSoldOutRace(_ store: SQLStore) async throws {
        try await seedPass(store, places: 10, price: 500)
        var people: [String] = []
        for index in 0..<100 { people.append(try await beneficiary(store, "b\(index)")) }
        let group = people
        let outcomes = try await withThrowingTaskGroup(of: Bool.self) { tasks in
            for attempt in 0..<1_000 {
                tasks.addTask {
                    do {
                        _ = try await store.book(StockID(trusted: "stock-1"), quantity: 1, for: group[attempt % group.count], idempotencyKey: nil,
                                                 policy: passPolicy, now: Fixtures.base)
                        return true
                    } catch let refusal as BookingRefusal {
                        #expect(refusal.code == .soldOut)
                        return false
                    }
                }
            }
            return try await tasks.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(outcomes.count { $0 } == 10, "exactly the 10 places were booked")
        let audit = try await store.auditLedger()
        #expect(audit.isSound, "\(audit)")
        #expect(audit.transactions == 100 + 10)
    }

    /// 200 concurrent attempts by one beneficiary whose credit covers 3: exactly 3 bookings.
    static func passCreditRace(_ store: SQLStore) async throws {
        try await seedPass(store, places: nil, price: 5_000)
        let ana = try await beneficiary(store, "ana")
        let booked = try await withThrowingTaskGroup(of: Bool.self) { tasks in
            for _ in 0..<200 {
                tasks.addTask {
                    do {
                        _ = try await store.book(StockID(trusted: "stock-1"), quantity: 1, for: ana, idempotencyKey: nil, policy: passPolicy, now: Fixtures.base)
                        return true
                    } catch let refusal as BookingRefusal {
                        #expect(refusal.code == .insufficientCredit || refusal.code == .noCredit)
                        return false
                    }
                }
            }
            return try await tasks.reduce(into: 0) { $0 += $1 ? 1 : 0 }
        }
        #expect(booked == 3)
        #expect(try await store.wallet(of: ana, policy: passPolicy, at: Fixtures.base).totalCents == 0)
        #expect(try await store.auditLedger().isSound)
    }
}
