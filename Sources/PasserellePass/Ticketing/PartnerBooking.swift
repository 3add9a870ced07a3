public import Foundation
public import PasserelleCore

/// Booking a place that a provider's ticketing system sells: two phases, so that a crash or a timeout anywhere
/// leaves neither an orphan ticket nor a lost booking.
///
/// 1. The store books as usual but `pending`, with a hold expiry: places and credit are taken at once.
/// 2. The provider holds the places (key: the booking's id), then confirms them and returns a ticket.
/// 3. The store makes the booking `active` with that ticket; or, when the provider refused, gives the places and the
///    credit back (`releaseHeld`).
///
/// When the provider does not answer usably, Passerelle tries to let the hold go; if even that fails the booking
/// stays `pending` and `settle(expiredBefore:)` (run by `serve` every minute, and by `passerelle pass settle-holds`)
/// asks the provider once its hold has expired: a confirmed ticket makes the booking active, anything else is
/// released on both sides. The provider's own hold expiry bounds how long places can be held without a booking.
public struct PartnerBooking: Sendable {
    public let store: any PassStore
    public let endpoints: any TicketingStore
    public let client: any TicketingClient
    /// How long a provider holds places for a booking not confirmed yet.
    public var holdTTL: TimeInterval = 120

    public init(store: any PassStore, endpoints: any TicketingStore, client: any TicketingClient, holdTTL: TimeInterval = 120) {
        self.store = store
        self.endpoints = endpoints
        self.client = client
        self.holdTTL = holdTTL
    }

    /// What a partner booking came to.
    public enum Outcome: Sendable, Hashable {
        /// Booked (or booked before, for a replayed key): an active booking, or one used or cancelled since.
        case booked(Booking)
        /// The provider's outcome is not known yet: the booking is `pending` until it is settled.
        case pending(Booking)
    }

    /// Whether an offer's places are sold by a provider: an offer its institution wrote through the provider API
    /// (`pv-` ids) when the institution has a ticketing endpoint.
    public func endpoint(for offer: Offer) async throws -> TicketingEndpoint? {
        guard offer.id.rawValue.hasPrefix("pv-") else { return nil }
        return try await endpoints.ticketingEndpoint(of: offer.institutionID)
    }

    /// Books through the provider: `booked`, `pending`, or a `BookingRefusal` (the store's, or `provider-refused`
    /// with the places and credit given back).
    public func book(_ stock: Stock, of offer: Offer, at endpoint: TicketingEndpoint, quantity: Int, for beneficiaryID: String,
                     idempotencyKey: String?, policy: CreditPolicy, now: Date) async throws -> Outcome {
        let booking = try await store.book(stock.id, quantity: quantity, for: beneficiaryID, idempotencyKey: idempotencyKey, policy: policy,
                                           now: now, holdUntil: now.addingTimeInterval(holdTTL))
        // A replayed key whose booking was settled already: its answer is the booking as it is.
        guard booking.status == .pending else { return .booked(booking) }
        let request = HoldRequest(key: booking.id, offerID: offer.id, stockID: stock.id, quantity: quantity,
                                  expiresAt: booking.holdExpiresAt ?? now.addingTimeInterval(holdTTL))
        let ticket: String
        do throws(TicketingFailure) {
            try await client.hold(request, at: endpoint)
            ticket = try await confirm(booking.id, at: endpoint)
        } catch {
            switch error {
            case .refused(let reason):
                // Tidy at the provider too (a hold refused at confirmation would otherwise wait for its expiry there).
                try? await client.release(key: booking.id, at: endpoint)
                _ = try await store.releaseHeld(booking.id, now: Date())
                throw BookingRefusal(.providerRefused, "the venue's ticketing system refused: \(reason)")
            case .unavailable:
                // Nobody knows whether the provider holds or confirmed: let it go there first, then here.
                do {
                    try await client.release(key: booking.id, at: endpoint)
                } catch {
                    return .pending(booking)
                }
                _ = try await store.releaseHeld(booking.id, now: Date())
                throw TicketingFailure.unavailable("the venue's ticketing system did not answer; nothing was booked")
            }
        }
        // A crash or a database error here leaves the booking pending: settling finds the ticket and activates it.
        return .booked(try await store.confirmHeld(booking.id, ticket: ticket, now: Date()))
    }

    /// A confirmation retried once after no usable answer: the provider issues one ticket per key however often it
    /// is asked, so a retry is safe and often saves the booking.
    private func confirm(_ key: String, at endpoint: TicketingEndpoint) async throws(TicketingFailure) -> String {
        do {
            return try await client.confirm(key: key, at: endpoint)
        } catch .unavailable {
            return try await client.confirm(key: key, at: endpoint)
        }
    }

    /// Settles the pending bookings whose hold expired before `date`, at most `limit`: a ticket confirmed at the
    /// provider makes the booking active; a hold released, expired or unknown there gives places and credit back.
    /// A provider that does not answer leaves its bookings pending for the next round. Returns how many were settled.
    public func settle(expiredBefore date: Date, limit: Int = 200) async throws -> (activated: Int, released: Int, waiting: Int) {
        var (activated, released, waiting) = (0, 0, 0)
        for booking in try await store.heldBookings(expiringBefore: date, limit: limit) {
            guard let endpoint = try await endpoints.ticketingEndpoint(of: booking.institutionID) else {
                // No provider any more: nothing can be held there.
                _ = try await store.releaseHeld(booking.id, now: Date())
                released += 1
                continue
            }
            do {
                switch try await client.state(key: booking.id, at: endpoint) {
                case .confirmed(let ticket):
                    _ = try await store.confirmHeld(booking.id, ticket: ticket, now: Date())
                    activated += 1
                case .held, .released, .unknown:
                    try await client.release(key: booking.id, at: endpoint)
                    _ = try await store.releaseHeld(booking.id, now: Date())
                    released += 1
                }
            } catch {
                waiting += 1
            }
        }
        return (activated, released, waiting)
    }
}
