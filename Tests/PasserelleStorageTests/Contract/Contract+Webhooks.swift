import Foundation
import PasserelleCore
import PasserellePass
import PasserelleStorage
import Testing

/// The outbox on every engine: a booking change writes its notification in its own transaction (none without a
/// subscription, none when the change is refused), and delivery leases keep two dispatchers off one event.
extension Contract {
    static func subscribe(_ store: SQLStore, _ institution: String = "inst-a") async throws {
        try await store.saveWebhookSubscription(WebhookSubscription(
            institutionID: InstitutionID(trusted: institution), url: URL(string: "https://tickets.example.org/hook")!,
            secret: WebhookSubscription.makeSecret(), createdAt: Fixtures.base, updatedAt: Fixtures.base))
    }

    static func webhookOutbox(_ store: SQLStore) async throws {
        let inst = InstitutionID(trusted: "inst-a")
        try await seedPass(store, places: 2, price: 1_000)
        let ana = try await beneficiary(store, "ana")
        let stock = StockID(trusted: "stock-1")
        let unheard = try await store.book(stock, quantity: 1, for: ana, idempotencyKey: nil, policy: passPolicy, now: Fixtures.base)
        #expect(try await store.webhookEvents(of: inst, status: nil, limit: 50).isEmpty, "no subscription, no event")
        _ = try await store.cancelBooking(unheard.id, by: .beneficiary(ana), policy: passPolicy, now: Fixtures.base)

        try await subscribe(store)
        let booking = try await store.book(stock, quantity: 2, for: ana, idempotencyKey: "k", policy: passPolicy, now: Fixtures.base)
        _ = try await store.book(stock, quantity: 2, for: ana, idempotencyKey: "k", policy: passPolicy, now: Fixtures.base)
        await #expect(throws: BookingRefusal.self) {
            try await store.book(stock, quantity: 1, for: ana, idempotencyKey: nil, policy: passPolicy, now: Fixtures.base)
        }
        var events = try await store.webhookEvents(of: inst, status: nil, limit: 50)
        #expect(events.map(\.type) == [.bookingCreated], "one event: a replay and a refused booking send nothing")
        let created = try #require(events.first)
        #expect(created.bookingID == booking.id && created.status == .pending && created.attempts == 0)
        let body = try #require(try JSONSerialization.jsonObject(with: Data(created.payload.utf8)) as? [String: Any])
        let sent = try #require((body["data"] as? [String: Any])?["booking"] as? [String: Any])
        #expect(body["id"] as? String == created.id && body["type"] as? String == "booking.created")
        #expect(sent["countermark"] as? String == booking.countermark && sent["quantity"] as? Int == 2 && sent["amountCents"] as? Int == 2_000)
        #expect(!created.payload.contains("ana"), "nothing of the beneficiary leaves: \(created.payload)")

        _ = try await store.cancelBooking(booking.id, by: .institution(inst), policy: passPolicy, now: Fixtures.base.addingTimeInterval(60))
        events = try await store.webhookEvents(of: inst, status: nil, limit: 50)
        #expect(events.map(\.type) == [.bookingCancelled, .bookingCreated], "newest first")
        #expect(events[0].payload.contains("\"cancelledBy\":\"venue\""))
        #expect(try await store.webhookEvents(of: InstitutionID(trusted: "inst-b"), status: nil, limit: 50).isEmpty)
        #expect(try await store.webhookEvent(events[0].id, of: InstitutionID(trusted: "inst-b")) == nil, "another institution's event is not seen")

        let used = try await store.book(stock, quantity: 1, for: ana, idempotencyKey: nil, policy: passPolicy, now: Fixtures.base)
        _ = try await store.useBooking(countermark: try #require(Countermark(reading: used.countermark)), by: inst, now: Fixtures.base.addingTimeInterval(120))
        #expect(try await store.webhookEvents(of: inst, status: nil, limit: 1).first?.type == .bookingUsed)

        // A partner's hold is not a booking until its provider confirms it: then booking.created, with the ticket.
        let later = Fixtures.base.addingTimeInterval(180)
        let held = try await store.book(stock, quantity: 1, for: ana, idempotencyKey: nil, policy: passPolicy, now: later, holdUntil: later.addingTimeInterval(120))
        #expect(try await store.webhookEvents(of: inst, status: nil, limit: 1).first?.type == .bookingUsed, "a hold sends nothing")
        _ = try await store.confirmHeld(held.id, ticket: "TICKET-1", now: later.addingTimeInterval(1))
        let confirmed = try #require(try await store.webhookEvents(of: inst, status: nil, limit: 1).first)
        #expect(confirmed.type == .bookingCreated && confirmed.bookingID == held.id && confirmed.payload.contains("\"providerTicket\":\"TICKET-1\""))
        #expect(try await store.auditLedger().isSound)
    }

    static func webhookLeases(_ store: SQLStore) async throws {
        try await store.write { try await Fixtures.seed($0) }
        try await subscribe(store)
        let inst = InstitutionID(trusted: "inst-a")
        for offset in 0..<3 {
            try await store.enqueueWebhookEvent(WebhookEvent.ping(for: inst, at: Fixtures.base.addingTimeInterval(Double(offset))))
        }
        let now = Fixtures.base.addingTimeInterval(10)
        let first = try await store.claimDueWebhookEvents(owner: "one", now: now, lease: 60, limit: 2)
        let second = try await store.claimDueWebhookEvents(owner: "two", now: now, lease: 60, limit: 10)
        #expect(first.count == 2 && second.count == 1, "a leased event is not claimed again")
        #expect(Set(first.map(\.event.id)).isDisjoint(with: second.map(\.event.id)))
        #expect(first.allSatisfy { $0.subscription?.url.host() == "tickets.example.org" })
        #expect(try await store.claimDueWebhookEvents(owner: "three", now: now, lease: 60, limit: 10).isEmpty)

        let delivered = first[0].event.id, failing = first[1].event.id
        #expect(try await !store.finishWebhookAttempt(delivered, owner: "two", .delivered(status: 200, at: now)), "only the lease holder records")
        #expect(try await store.finishWebhookAttempt(delivered, owner: "one", .delivered(status: 204, at: now)))
        #expect(try await store.finishWebhookAttempt(failing, owner: "one", .failed(status: 500, error: "HTTP 500", retryAt: now.addingTimeInterval(30), at: now)))
        #expect(try await store.claimDueWebhookEvents(owner: "one", now: now.addingTimeInterval(29), lease: 60, limit: 10).isEmpty, "not due yet")
        let again = try await store.claimDueWebhookEvents(owner: "one", now: now.addingTimeInterval(31), lease: 60, limit: 10)
        #expect(again.map(\.event.id) == [failing] && again[0].event.attempts == 1 && again[0].event.lastStatus == 500)
        #expect(try await store.finishWebhookAttempt(failing, owner: "one", .failed(status: nil, error: "timed out", retryAt: nil, at: now)))
        // The lease of "two" passed without a record (a crash): the event is claimed again.
        let taken = try await store.claimDueWebhookEvents(owner: "four", now: now.addingTimeInterval(61), lease: 60, limit: 10)
        #expect(taken.map(\.event.id) == second.map(\.event.id))

        let failed = try #require(try await store.webhookEvent(failing, of: inst))
        #expect(failed.status == .failed && failed.attempts == 2 && failed.lastError == "timed out")
        #expect(try await store.webhookEvent(delivered, of: inst)?.status == .delivered)
        #expect(try await store.webhookEvents(of: inst, status: .failed, limit: 10).map(\.id) == [failing])
        let retried = try #require(try await store.retryWebhookEvent(failing, of: inst, now: now))
        #expect(retried.status == .pending && retried.attempts == 0)
        #expect(try await store.retryWebhookEvent(delivered, of: inst, now: now) == nil, "a delivered event is not sent again")
        #expect(try await store.retryWebhookEvent(failing, of: InstitutionID(trusted: "inst-b"), now: now) == nil)

        #expect(try await store.removeWebhookSubscription(of: inst))
        #expect(try await !store.removeWebhookSubscription(of: inst))
        let orphan = try await store.claimDueWebhookEvents(owner: "five", now: now, lease: 60, limit: 10)
        #expect(orphan.map(\.event.id) == [failing] && orphan[0].subscription == nil, "the event stays, with nowhere to go")
    }

    /// Four dispatchers claiming at once: every event is claimed by exactly one of them.
    static func webhookClaimsRace(_ store: SQLStore) async throws {
        try await store.write { try await Fixtures.seed($0) }
        try await subscribe(store)
        let inst = InstitutionID(trusted: "inst-a")
        for offset in 0..<40 { try await store.enqueueWebhookEvent(WebhookEvent.ping(for: inst, at: Fixtures.base.addingTimeInterval(Double(offset)))) }
        let now = Fixtures.base.addingTimeInterval(100)
        let claimed = try await withThrowingTaskGroup(of: [String].self) { group in
            for owner in 0..<4 {
                group.addTask {
                    var mine: [String] = []
                    while true {
                        let batch = try await store.claimDueWebhookEvents(owner: "d\(owner)", now: now, lease: 60, limit: 5)
                        if batch.isEmpty { return mine }
                        mine += batch.map(\.event.id)
                    }
                }
            }
            return try await group.reduce(into: [String]()) { $0 += $1 }
        }
        #expect(claimed.count == 40 && Set(claimed).count == 40, "\(claimed.count) claims of \(Set(claimed).count) events")
    }
}
