import Foundation
import Hummingbird
import HTTPTypes
import PasserelleCore
import PasserellePass
import PasserelleQRCode

/// The culture pass over HTTP. A beneficiary (pass session) sees their credit and bookings, books a stock and
/// cancels; an institution (its API key) marks a countermark used. Every refusal is problem+json with the rule's
/// stable code (`sold-out`, `insufficient-credit`, …) and no money moved.
struct PassRoutes {
    let store: any PassStore
    let booker: Booker
    /// Nil when no policy file was found: the routes answer 503 rather than vanish from the documented API.
    let configuredPolicy: CreditPolicy?
    let limits: WebLimits
    /// Bookings per beneficiary and countermark checks per institution (nil: unlimited, in tests only).
    let limiter: RateLimiter?

    init(store: any PassStore, booker: Booker, policy: CreditPolicy?, limits: WebLimits, limiter: RateLimiter?) {
        self.store = store
        self.booker = booker
        self.configuredPolicy = policy
        self.limits = limits
        self.limiter = limiter
    }

    private func policy() throws -> CreditPolicy {
        guard let configuredPolicy else {
            throw Problem(.serviceUnavailable, code: "pass-not-configured",
                          detail: "The culture pass has no policy on this server (config/pass-policy.json or PASSERELLE_PASS_POLICY).")
        }
        return configuredPolicy
    }

    struct BookingInput: StrictInput, Sendable {
        var stockID: StockID
        var quantity: Int?
        static let shape = JSONShape.object(["stockID": .value, "quantity": .integer])
    }

    func registerBeneficiary(_ routes: RouteRegistrar<BeneficiaryContext>) {
        routes.get("/api/v1/pass/wallet") { _, context in
            let policy = try policy()
            return try JSONResponse.make(WalletView(try await store.wallet(of: context.beneficiaryID, policy: policy, at: Date()), policy: policy),
                                  headers: [.cacheControl: "no-store"])
        }
        routes.get("/api/v1/bookings") { _, context in
            try JSONResponse.make(["items": try await store.bookings(of: context.beneficiaryID).map(BookingView.init)], headers: [.cacheControl: "no-store"])
        }
        routes.post("/api/v1/bookings") { request, context in
            guard let key = try ProviderRoutes.idempotencyKey(request) else {
                throw Problem(.badRequest, code: "idempotency-key-required",
                              detail: "A booking needs an Idempotency-Key header (a new UUID per booking), so that a retry never books twice.")
            }
            let input = try BodyReader.decode(BookingInput.self, from: try await BodyReader.collect(request, limit: limits.recordBodyBytes))
            let policy = try policy()
            if let limiter { try await limiter.attempt("booking", context.beneficiaryID, under: limiter.limits.bookingPerBeneficiary) }
            let now = Date()
            let outcome = try await refusalsAsProblems {
                do {
                    return try await booker.book(input.stockID, quantity: input.quantity ?? 1, for: context.beneficiaryID, idempotencyKey: key,
                                                 policy: policy, now: now)
                } catch let failure as TicketingFailure {
                    throw Booker.unavailable(failure)
                }
            }
            let booking: Booking
            switch outcome {
            case .booked(let made): booking = made
            case .pending(let waiting):
                // The provider's answer is not known yet: 202, and the booking to read again once it is settled.
                return try JSONResponse.make(BookingView(waiting), status: .accepted,
                                             headers: [.location: "/api/v1/bookings/\(waiting.id)", .cacheControl: "no-store", .retryAfter: "30"])
            }
            guard booking.bookedAt == now else {
                guard booking.stockID == input.stockID, booking.quantity == (input.quantity ?? 1) else {
                    throw Problem(.unprocessableContent, code: "idempotency-key-reused",
                                  detail: "This Idempotency-Key was used for another booking; use a new key for a new booking.")
                }
                return try JSONResponse.make(BookingView(booking), headers: [ProviderRoutes.replayedHeader: "true", .cacheControl: "no-store"])
            }
            return try JSONResponse.make(BookingView(booking), status: .created,
                                         headers: [.location: "/api/v1/bookings/\(booking.id)", .cacheControl: "no-store"])
        }
        routes.get("/api/v1/bookings/{id}") { _, context in
            try JSONResponse.make(BookingView(try await ownBooking(context)), headers: [.cacheControl: "no-store"])
        }
        routes.get("/api/v1/bookings/{id}/countermark.svg") { _, context in
            let booking = try await ownBooking(context)
            // The countermark alone, as printed (13 characters: QR version 1 at level M), which is what the venue's
            // scanner or the person at the door types into the countermark check.
            let printed = Countermark(reading: booking.countermark)?.description ?? booking.countermark
            let svg = try QRCode(encoding: printed, correction: .medium).svg(title: "Contremarque \(printed)")
            return Response(status: .ok, headers: [.contentType: "image/svg+xml; charset=utf-8", .cacheControl: "private, no-store"],
                            body: .init(byteBuffer: ByteBuffer(string: svg)))
        }
        routes.delete("/api/v1/bookings/{id}") { _, context in
            let id = context.parameters.get("id") ?? ""
            let policy = try policy()
            let booking = try await refusalsAsProblems {
                try await store.cancelBooking(id, by: .beneficiary(context.beneficiaryID), policy: policy, now: Date())
            }
            return try JSONResponse.make(BookingView(booking))
        }
    }

    /// The booking `{id}` if it is the signed-in beneficiary's; another's is 404, as an unknown one.
    private func ownBooking(_ context: BeneficiaryContext) async throws -> Booking {
        let id = context.parameters.get("id") ?? ""
        guard let booking = try await store.bookings(of: context.beneficiaryID).first(where: { $0.id == id }) else {
            throw Problem(.notFound, code: "not-found", detail: "You have no booking \(id).")
        }
        return booking
    }

    func registerInstitution(_ routes: RouteRegistrar<AuthenticatedContext>) {
        routes.post("/api/v1/countermarks/{code}/use") { _, context in
            // Counted before the code is read: a guesser's misses count as much as a door's hits.
            if let limiter {
                try await limiter.attempt("countermark", context.institution.id.rawValue, under: limiter.limits.countermarkPerInstitution)
            }
            guard let mark = Countermark(reading: context.parameters.get("code") ?? "") else {
                throw Problem(.notFound, code: "unknown-countermark", detail: "This is not a countermark (a typo? its check character does not match).")
            }
            let booking = try await refusalsAsProblems { try await store.useBooking(countermark: mark, by: context.institution.id, now: Date()) }
            return try JSONResponse.make(BookingView(booking))
        }
    }

    /// A rule's refusal as problem+json: 409 (the state refuses it), 422 for a quantity out of bounds.
    private func refusalsAsProblems<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let refusal as BookingRefusal {
            throw Problem(refusal.code == .invalidQuantity ? .unprocessableContent : .conflict, code: refusal.code.rawValue, detail: refusal.message)
        }
    }
}

/// A booking as its beneficiary and its venue see it.
struct BookingView: Encodable, Sendable {
    var id: String
    var offerID: OfferID
    var stockID: StockID
    var quantity: Int
    var amountCents: Int64
    /// `ABCDE-FGHJK-M`: what the venue checks.
    var countermark: String
    var status: Booking.Status
    var bookedAt: Date
    var changedAt: Date?
    /// A pending booking's deadline: settled (confirmed or cancelled with its credit back) soon after.
    var holdExpiresAt: Date?
    /// The venue's own ticket reference, when its ticketing system sells the place.
    var providerTicket: String?

    init(_ booking: Booking) {
        holdExpiresAt = booking.holdExpiresAt
        providerTicket = booking.providerTicket
        id = booking.id
        offerID = booking.offerID
        stockID = booking.stockID
        quantity = booking.quantity
        amountCents = booking.amountCents
        countermark = Countermark(reading: booking.countermark)?.description ?? booking.countermark
        status = booking.status
        bookedAt = booking.bookedAt
        changedAt = booking.changedAt
    }
}

/// What a beneficiary can spend: in all, per grant, and under each cap of the policy.
struct WalletView: Encodable, Sendable {
    struct Grant: Encodable, Sendable {
        var id: String
        var age: Int
        var amountCents: Int64
        var remainingCents: Int64
        var expiresAt: Date
        var policyVersion: String
    }

    struct Cap: Encodable, Sendable {
        var applies: String
        var maximumCents: Int64
        var spentCents: Int64
    }

    var totalCents: Int64
    var nextExpiry: Date?
    var grants: [Grant]
    var caps: [Cap]

    init(_ wallet: Wallet, policy: CreditPolicy) {
        totalCents = wallet.totalCents
        nextExpiry = wallet.nextExpiry
        grants = wallet.spendable.map {
            Grant(id: $0.grant.id, age: $0.grant.age, amountCents: $0.grant.amountCents, remainingCents: $0.cents, expiresAt: $0.grant.expiresAt,
                  policyVersion: $0.grant.policyVersion)
        }
        caps = policy.caps.map { Cap(applies: $0.applies, maximumCents: $0.maximumCents, spentCents: wallet.spentUnderCaps[$0.applies] ?? 0) }
    }
}
