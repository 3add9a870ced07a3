import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import PasserelleApp
import PasserelleCore
import PasserellePass
import PasserelleStorage
import Testing

/// Booking a partner's offer through its ticketing system, against the simulator on loopback: hold then confirm,
/// a refusal, an answer that comes twice, one that comes too late, a provider that is down, and pending bookings
/// settled afterwards. After each: one ticket at most per booking, none without a booking, and a sound ledger.
@Suite("Partner ticketing")
struct PartnerTicketingTests {
    static let secret = String(repeating: "s3cr3t-", count: 6)
    static let policy = CreditPolicy(
        version: "test-1", grants: [.init(age: 18, amountCents: 15_000, validityMonths: 24)], caps: [],
        cancellationWindowHours: 48, uncollectedGoodsExpiryDays: 30, maximumQuantityPerBooking: 2)
    static let stock = StockID(trusted: "pv-st-1")

    /// A store with a partner's offer (`pv-` ids) of 10 places at 20 €, the partner's endpoint at `base`, and Léa.
    static func store(base: String) async throws -> SQLStore {
        let store = try await SQLStore.open(.sqliteMemory, logger: Logger(label: "test"))
        try await store.migrate()
        let now = Date()
        let institution = InstitutionID(trusted: "theatre")
        try await store.write { tx in
            try await tx.save(Institution(id: institution, name: "Théâtre"))
            try await tx.save(Venue(id: VenueID(trusted: "salle"), institutionID: institution, name: "Salle", kind: .theatre, address: Address(city: "Lyon")))
            try await tx.save(Offer(id: OfferID(trusted: "pv-1"), institutionID: institution, venueID: VenueID(trusted: "salle"),
                                    title: LocalizedText([.fr: "Le Cid"]), categoryID: CategoryID(trusted: "live.theatre"), access: .onSite, updatedAt: now))
            try await tx.save(Stock(id: stock, offerID: OfferID(trusted: "pv-1"), beginsAt: now.addingTimeInterval(30 * 86_400), quantity: 10, priceCents: 2_000))
        }
        try await store.setTicketingEndpoint(TicketingEndpoint(institutionID: institution, baseURL: URL(string: base)!, secret: secret))
        try await store.createBeneficiary(Beneficiary(id: "lea", email: "lea@example.org", birthdate: "2008-01-01", verifiedAt: now, createdAt: now))
        _ = try await store.grantCredit(to: "lea", policy: policy, at: now)
        return store
    }

    /// Runs `body` with a simulator of `behaviour` on loopback and a store pointing at it.
    static func withPartner(_ behaviour: TicketingSimulator.Behaviour, timeout: TimeInterval = 5,
                            _ body: @Sendable (TicketingSimulator, SQLStore, PartnerBooking) async throws -> Void) async throws {
        let simulator = TicketingSimulator(secret: secret, behaviour: behaviour, slowSeconds: 3)
        let app = Application(router: simulator.router(prefix: "/passerelle-api"), configuration: .init(address: .hostname("127.0.0.1", port: 0)), logger: Logger(label: "simulator"))
        try await app.test(.live) { client in
            let store = try await store(base: "http://127.0.0.1:\(try #require(client.port))/passerelle-api")
            do {
                try await body(simulator, store, PartnerBooking(store: store, endpoints: store, client: HTTPTicketingClient(timeout: timeout)))
            } catch {
                try? await store.shutdown()
                throw error
            }
            #expect(try await store.auditLedger().isSound)
            try await store.shutdown()
        }
    }

    static func book(_ partner: PartnerBooking, key: String) async throws -> PartnerBooking.Outcome {
        let (stock, offer, endpoint) = try await partner.store.resolved(stock: Self.stock, partner)
        return try await partner.book(stock, of: offer, at: endpoint, quantity: 2, for: "lea", idempotencyKey: key, policy: policy, now: Date())
    }

    @Test("held, confirmed, active with the provider's ticket; the same key again books nothing more")
    func holdThenConfirm() async throws {
        try await Self.withPartner(.normal) { simulator, store, partner in
            guard case .booked(let booking) = try await Self.book(partner, key: "k1") else { Issue.record("not booked"); return }
            #expect(booking.status == .active && booking.providerTicket?.hasPrefix("TKT-") == true)
            guard case .booked(let again) = try await Self.book(partner, key: "k1") else { Issue.record("not booked"); return }
            #expect(again.id == booking.id && again.providerTicket == booking.providerTicket)
            #expect(await simulator.ticketsIssued() == 1)
            #expect(await simulator.holds()[booking.id]?.quantity == 2, "the hold's key is the booking's id")
            #expect(try await store.wallet(of: "lea", policy: Self.policy, at: Date()).totalCents == 11_000)
        }
    }

    @Test("a provider that refuses: provider-refused, credit and places back, nothing held")
    func refused() async throws {
        try await Self.withPartner(.refuse) { (simulator: TicketingSimulator, store: SQLStore, partner: PartnerBooking) async throws in
            let refusal = await #expect(throws: BookingRefusal.self) { try await Self.book(partner, key: "k1") }
            #expect(refusal?.code == .providerRefused)
            #expect(try await store.wallet(of: "lea", policy: Self.policy, at: Date()).totalCents == 15_000)
            #expect(try await store.bookedPlaces(of: [Self.stock])[Self.stock] == 0)
            #expect(try await store.bookings(of: "lea").map(\.status) == [.cancelled])
            #expect(await simulator.ticketsIssued() == 0)
        }
    }

    @Test("a confirmation answered with an error after it was done: the retry gets the same ticket, one in all")
    func answersTwice() async throws {
        try await Self.withPartner(.flaky) { simulator, _, partner in
            guard case .booked(let booking) = try await Self.book(partner, key: "k1") else { Issue.record("not booked"); return }
            #expect(booking.status == .active)
            #expect(await simulator.holds()[booking.id]?.confirmations == 2)
            #expect(await simulator.ticketsIssued() == 1)
        }
    }

    @Test("a confirmation answered too late: released at the provider and here, 'unavailable', no orphan ticket")
    func tooLate() async throws {
        try await Self.withPartner(.slow, timeout: 1) { simulator, store, partner in
            await #expect(throws: TicketingFailure.self) { try await Self.book(partner, key: "k1") }
            let booking = try #require(try await store.bookings(of: "lea").first)
            #expect(booking.status == .cancelled)
            #expect(await simulator.holds()[booking.id]?.released == true, "the ticket the late answer carried is let go")
            #expect(try await store.wallet(of: "lea", policy: Self.policy, at: Date()).totalCents == 15_000)
        }
    }

    @Test("a provider down: nothing can be released either, so the booking waits, pending, and is settled once it answers")
    func downThenSettled() async throws {
        try await Self.withPartner(.down, timeout: 1) { _, store, partner in
            guard case .pending(let booking) = try await Self.book(partner, key: "k1") else { Issue.record("not pending"); return }
            #expect(booking.status == .pending && booking.holdExpiresAt != nil)
            #expect(try await store.bookedPlaces(of: [Self.stock])[Self.stock] == 2, "its places are kept meanwhile")
            let early = try await partner.settle(expiredBefore: Date())
            #expect(early == (0, 0, 0), "not before its hold expires")
            let later = try await partner.settle(expiredBefore: Date().addingTimeInterval(600))
            #expect(later == (0, 0, 1), "the provider is still down: it waits")
        }
    }

    @Test("after a crash between hold and answer: settling activates what the provider confirmed and releases the rest")
    func settledAfterACrash() async throws {
        try await Self.withPartner(.normal) { simulator, store, partner in
            let (_, offer, endpoint) = try await store.resolved(stock: Self.stock, partner)
            // Three bookings the process died on: one confirmed at the provider, one only held, one never sent.
            var pending: [Booking] = []
            for key in ["confirmed", "held", "never-sent"] {
                pending.append(try await store.book(Self.stock, quantity: 1, for: "lea", idempotencyKey: key, policy: Self.policy, now: Date(),
                                                    holdUntil: Date().addingTimeInterval(120)))
            }
            let client = HTTPTicketingClient()
            for booking in pending.prefix(2) {
                try await client.hold(HoldRequest(key: booking.id, offerID: offer.id, stockID: Self.stock, quantity: 1, expiresAt: Date().addingTimeInterval(120)),
                                      at: endpoint)
            }
            let ticket = try await client.confirm(key: pending[0].id, at: endpoint)
            let settled = try await partner.settle(expiredBefore: Date().addingTimeInterval(600))
            #expect(settled == (1, 2, 0))
            let byID = Dictionary(uniqueKeysWithValues: try await store.bookings(of: "lea").map { ($0.id, $0) })
            #expect(byID[pending[0].id]?.status == .active && byID[pending[0].id]?.providerTicket == ticket, "no lost booking")
            #expect(byID[pending[1].id]?.status == .cancelled && byID[pending[2].id]?.status == .cancelled)
            #expect(await simulator.holds()[pending[1].id]?.released == true, "no orphan hold")
            #expect(await simulator.ticketsIssued() == 1)
            #expect(try await store.bookedPlaces(of: [Self.stock])[Self.stock] == 1)
            #expect(try await partner.settle(expiredBefore: Date().addingTimeInterval(600)) == (0, 0, 0), "settling twice changes nothing")
        }
    }

    @Test("a request without the right signature is refused by the provider")
    func signatures() {
        let body = Data("{}".utf8)
        let header = TicketingSignature.sign(method: "PUT", path: "/holds/k", body: body, secret: Self.secret)
        #expect(TicketingSignature.verify(header, method: "PUT", path: "/holds/k", body: body, secret: Self.secret))
        #expect(!TicketingSignature.verify(header, method: "DELETE", path: "/holds/k", body: body, secret: Self.secret), "the method is signed")
        #expect(!TicketingSignature.verify(header, method: "PUT", path: "/holds/other", body: body, secret: Self.secret), "the path is signed")
        #expect(!TicketingSignature.verify(header, method: "PUT", path: "/holds/k", body: Data("{ }".utf8), secret: Self.secret))
        #expect(!TicketingSignature.verify(header, method: "PUT", path: "/holds/k", body: body, secret: "another"))
        let old = TicketingSignature.sign(method: "PUT", path: "/holds/k", body: body, secret: Self.secret, at: Date().addingTimeInterval(-600))
        #expect(!TicketingSignature.verify(old, method: "PUT", path: "/holds/k", body: body, secret: Self.secret), "an old signature is a replay")
    }
}

extension PassStore {
    /// The partner's stock, offer and endpoint, as the booking route resolves them.
    func resolved(stock id: StockID, _ partner: PartnerBooking) async throws -> (Stock, Offer, TicketingEndpoint) {
        guard let store = self as? SQLStore, let stock = try await store.read({ try await $0.stock(id) }),
              let offer = try await store.read({ try await $0.offer(stock.offerID) }), let endpoint = try await partner.endpoint(for: offer) else {
            throw CoreError(.notFound, "no partner stock \(id)")
        }
        return (stock, offer, endpoint)
    }
}
