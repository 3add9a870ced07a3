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
            secret: WebhookSubscription.makeSecret(), createdAt: Fixtures.base, updatedAt: Fixtures.base), onlyIfAbsent: false)
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
        let first = try await store.claimDueWebhookEvents(owner: "one", now: now, lease: 60, limit: 2, perInstitution: 100)
        let second = try await store.claimDueWebhookEvents(owner: "two", now: now, lease: 60, limit: 10, perInstitution: 100)
        #expect(first.count == 2 && second.count == 1, "a leased event is not claimed again")
        #expect(Set(first.map(\.event.id)).isDisjoint(with: second.map(\.event.id)))
        #expect(first.allSatisfy { $0.subscription?.url.host() == "tickets.example.org" })
        #expect(try await store.claimDueWebhookEvents(owner: "three", now: now, lease: 60, limit: 10, perInstitution: 100).isEmpty)

        let delivered = first[0].event.id, failing = first[1].event.id
        #expect(try await !store.finishWebhookAttempt(delivered, owner: "two", .delivered(status: 200, at: now)), "only the lease holder records")
        #expect(try await store.finishWebhookAttempt(delivered, owner: "one", .delivered(status: 204, at: now)))
        #expect(try await store.finishWebhookAttempt(failing, owner: "one", .failed(status: 500, error: "HTTP 500", retryAt: now.addingTimeInterval(30), at: now)))
        #expect(try await store.claimDueWebhookEvents(owner: "one", now: now.addingTimeInterval(29), lease: 60, limit: 10, perInstitution: 100).isEmpty, "not due yet")
        let again = try await store.claimDueWebhookEvents(owner: "one", now: now.addingTimeInterval(31), lease: 60, limit: 10, perInstitution: 100)
        #expect(again.map(\.event.id) == [failing] && again[0].event.attempts == 1 && again[0].event.lastStatus == 500)
        #expect(try await store.finishWebhookAttempt(failing, owner: "one", .failed(status: nil, error: "timed out", retryAt: nil, at: now)))
        // The lease of "two" passed without a record (a crash): the event is claimed again.
        let taken = try await store.claimDueWebhookEvents(owner: "four", now: now.addingTimeInterval(61), lease: 60, limit: 10, perInstitution: 100)
        #expect(taken.map(\.event.id) == second.map(\.event.id))

        let failed = try #require(try await store.webhookEvent(failing, of: inst))
        #expect(failed.status == .failed && failed.attempts == 2 && failed.lastError == "timed out")
        #expect(try await store.webhookEvent(delivered, of: inst)?.status == .delivered)
        #expect(try await store.webhookEvents(of: inst, status: .failed, limit: 10).map(\.id) == [failing])
        let retried = try #require(try await store.retryWebhookEvent(failing, of: inst, now: now))
        #expect(retried.status == .pending && retried.attempts == 0)
        #expect(try await store.retryWebhookEvent(delivered, of: inst, now: now) == nil, "a delivered event is not sent again")
        #expect(try await store.retryWebhookEvent(failing, of: InstitutionID(trusted: "inst-b"), now: now) == nil)

        // The lease of "four" still runs on `second`: unsubscribing gives up what is due, not what is being sent.
        #expect(try await store.removeWebhookSubscription(of: inst, now: now.addingTimeInterval(62)))
        #expect(try await !store.removeWebhookSubscription(of: inst, now: now.addingTimeInterval(62)))
        #expect(try await store.webhookEvent(failing, of: inst)?.status == .failed)
        #expect(try await store.webhookEvent(failing, of: inst)?.lastError == "the institution unsubscribed")
        #expect(try await store.webhookEvent(second[0].event.id, of: inst)?.status == .pending, "being sent: its dispatcher records it")
        #expect(try await store.claimDueWebhookEvents(owner: "five", now: now.addingTimeInterval(200), lease: 60, limit: 10, perInstitution: 100)
            .allSatisfy { $0.subscription == nil }, "an event claimed after unsubscribing has nowhere to go")

        // Delivered events are deleted after their time, failed ones after theirs; pending ones never.
        let pruned = try await store.pruneWebhookEvents(deliveredBefore: now, failedBefore: Fixtures.base)
        let deliveredLeft = try await store.webhookEvent(delivered, of: inst), failedLeft = try await store.webhookEvent(failing, of: inst)
        #expect(pruned == 1 && deliveredLeft == nil && failedLeft != nil)
    }

    /// A round takes at most `perInstitution` events of one institution, the oldest first, so that another's are not kept waiting.
    static func webhookFairShare(_ store: SQLStore) async throws {
        try await store.write { tx in
            try await Fixtures.seed(tx)
            try await tx.save(Institution(id: InstitutionID(trusted: "inst-b"), name: "B"))
        }
        try await subscribe(store)
        try await subscribe(store, "inst-b")
        for offset in 0..<10 { try await store.enqueueWebhookEvent(WebhookEvent.ping(for: InstitutionID(trusted: "inst-a"), at: Fixtures.base.addingTimeInterval(Double(offset)))) }
        for offset in 0..<2 { try await store.enqueueWebhookEvent(WebhookEvent.ping(for: InstitutionID(trusted: "inst-b"), at: Fixtures.base.addingTimeInterval(Double(20 + offset)))) }
        let round = try await store.claimDueWebhookEvents(owner: "d", now: Fixtures.base.addingTimeInterval(60), lease: 60, limit: 16, perInstitution: 4)
        let counts = Dictionary(grouping: round, by: \.event.institutionID.rawValue).mapValues(\.count)
        #expect(counts == ["inst-a": 4, "inst-b": 2], "\(counts)")
        #expect(round.filter { $0.event.institutionID.rawValue == "inst-a" }.map(\.event.createdAt) == (0..<4).map { Fixtures.base.addingTimeInterval(Double($0)) })
        let next = try await store.claimDueWebhookEvents(owner: "d", now: Fixtures.base.addingTimeInterval(60), lease: 60, limit: 16, perInstitution: 4)
        #expect(next.count == 4 && next.allSatisfy { $0.event.institutionID.rawValue == "inst-a" })
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
                        let batch = try await store.claimDueWebhookEvents(owner: "d\(owner)", now: now, lease: 60, limit: 5, perInstitution: 100)
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
