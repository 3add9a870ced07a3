import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PasserelleCore
import PasserellePass
import PasserelleStorage
import PasserelleWeb
import Testing

/// What the API and the pages answer when a partner's ticketing system refuses, does not answer, or cannot even be
/// told to let go (the HTTP protocol itself is tested against the simulator in PasserelleAppTests).
@Suite("Partner bookings over HTTP")
struct PartnerBookingAPITests {
    /// A ticketing system that answers every call the same way.
    struct Scripted: TicketingClient {
        let failure: TicketingFailure?
        let releases: Bool

        func hold(_ request: HoldRequest, at endpoint: TicketingEndpoint) async throws(TicketingFailure) {
            if let failure { throw failure }
        }
        func confirm(key: String, at endpoint: TicketingEndpoint) async throws(TicketingFailure) -> String {
            if let failure { throw failure }
            return "TKT-\(key.prefix(4))"
        }
        func release(key: String, at endpoint: TicketingEndpoint) async throws(TicketingFailure) {
            if !releases { throw .unavailable("down") }
        }
        func state(key: String, at endpoint: TicketingEndpoint) async throws(TicketingFailure) -> HoldState { .unknown }
    }

    static func seed(_ fixture: Fixture) async throws -> String {
        let now = Date()
        try await fixture.store.write { tx in
            try await tx.save(Offer(id: OfferID(trusted: "pv-o"), institutionID: fixture.a.id, venueID: Fixture.venueA,
                                    title: LocalizedText([.fr: "Le Cid"]), categoryID: CategoryID(trusted: "live.theatre"), access: .onSite, updatedAt: now))
            try await tx.save(Stock(id: StockID(trusted: "pv-st-s"), offerID: OfferID(trusted: "pv-o"), beginsAt: now.addingTimeInterval(86_400 * 9),
                                    quantity: 5, priceCents: 2_000))
        }
        try await fixture.store.setTicketingEndpoint(TicketingEndpoint(institutionID: fixture.a.id, baseURL: URL(string: "https://tickets.example/api")!,
                                                                       secret: String(repeating: "k", count: 32)))
        try await fixture.store.createBeneficiary(Beneficiary(id: "lea", email: "lea@example.org", birthdate: "2008-01-01", verifiedAt: now, createdAt: now))
        _ = try await fixture.store.grantCredit(to: "lea", policy: Fixture.passPolicy, at: now)
        return try await PassSessions.open(for: "lea", in: fixture.store)
    }

    static func run(_ client: Scripted, _ body: @Sendable (Fixture, any TestClientProtocol, HTTPFields) async throws -> Void) async throws {
        try await Fixture.using { fixture in
            let token = try await seed(fixture)
            var dependencies = fixture.dependencies()
            dependencies.partnerBooking = PartnerBooking(store: fixture.store, endpoints: fixture.store, client: client)
            try await Application(router: makeRouter(dependencies)).test(.router) { http in
                try await body(fixture, http, [.authorization: "Bearer \(token)", .contentType: "application/json"])
            }
            #expect(try await fixture.store.auditLedger().isSound)
        }
    }

    static func book(_ http: any TestClientProtocol, _ headers: HTTPFields, key: String) async throws -> TestResponse {
        var headers = headers
        headers[HTTPField.Name("Idempotency-Key")!] = key
        return try await http.send(.post, "/api/v1/bookings", headers: headers, json: ["stockID": "pv-st-s", "quantity": 1])
    }

    @Test("confirmed: 201 with the provider's ticket; refused: 409 provider-refused and the credit back")
    func confirmedAndRefused() async throws {
        try await Self.run(Scripted(failure: nil, releases: true)) { _, http, headers in
            let booked = try await Self.book(http, headers, key: "k1")
            let json = try booked.json
            #expect(booked.status == .created && json["status"] == "active" && json["providerTicket"]?.stringValue?.hasPrefix("TKT-") == true)
            Conformance.expect(.post, "/api/v1/bookings", booked)
        }
        try await Self.run(Scripted(failure: .refused("sold-out"), releases: true)) { fixture, http, headers in
            let refused = try await Self.book(http, headers, key: "k1")
            #expect(try refused.status == .conflict && refused.json["type"] == "urn:passerelle:problem:provider-refused", "\(refused.status) \(refused.text)")
            #expect(try await fixture.store.wallet(of: "lea", policy: Fixture.passPolicy, at: Date()).totalCents == 15_000)
        }
    }

    @Test("no answer but released: 503 provider-unavailable, nothing booked; not even released: 202 pending, places and credit held")
    func unavailable() async throws {
        try await Self.run(Scripted(failure: .unavailable("timeout"), releases: true)) { fixture, http, headers in
            let down = try await Self.book(http, headers, key: "k1")
            #expect(try down.status == .serviceUnavailable && down.json["type"] == "urn:passerelle:problem:provider-unavailable", "\(down.status) \(down.text)")
            #expect(try await fixture.store.wallet(of: "lea", policy: Fixture.passPolicy, at: Date()).totalCents == 15_000)
            Conformance.expect(.post, "/api/v1/bookings", down)
        }
        try await Self.run(Scripted(failure: .unavailable("timeout"), releases: false)) { fixture, http, headers in
            let pending = try await Self.book(http, headers, key: "k1")
            #expect(try pending.status == .accepted && pending.json["status"] == "pending" && pending.headers[.retryAfter] == "30")
            #expect(pending.headers[.location]?.hasPrefix("/api/v1/bookings/") == true)
            Conformance.expect(.post, "/api/v1/bookings", pending)
            #expect(try await fixture.store.wallet(of: "lea", policy: Fixture.passPolicy, at: Date()).totalCents == 13_000, "held until settled")
            let mine = try await http.send(.get, "/pass?lang=en&done=pending", headers: [.cookie: "passerelle_pass=\(headers[.authorization]!.dropFirst(7))"])
            #expect(mine.text.contains("Waiting for the venue") && mine.text.contains("Booking waiting for the venue"))
        }
    }
}
