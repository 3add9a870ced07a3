import Foundation
import HTTPTypes
import PasserelleCore
import PasserellePass

/// Where every booking goes, from the API and from the pages: straight to the store for Passerelle's own stocks,
/// through the provider's ticketing system (hold, then confirm) for a partner's.
struct Booker: Sendable {
    let store: any PassStore
    let catalogue: any CatalogueStore
    /// Nil when no ticketing client is configured: every stock is booked in Passerelle alone.
    let partner: PartnerBooking?

    func book(_ stockID: StockID, quantity: Int, for beneficiaryID: String, idempotencyKey: String?, policy: CreditPolicy,
              now: Date) async throws -> PartnerBooking.Outcome {
        // Only the provider API's stocks (`pv-st-…`) can be a partner's, and one query tells whether this one is:
        // a stock sold here costs that query and no more.
        if let partner, stockID.rawValue.hasPrefix("pv-"), let endpoint = try await partner.endpoints.ticketingEndpoint(ofStock: stockID),
           let (stock, offer) = try await catalogue.read({ tx -> (Stock, Offer)? in
               guard let stock = try await tx.stock(stockID), let offer = try await tx.offer(stock.offerID) else { return nil }
               return (stock, offer)
           }) {
            return try await partner.book(stock, of: offer, at: endpoint, quantity: quantity, for: beneficiaryID,
                                          idempotencyKey: idempotencyKey, policy: policy, now: now)
        }
        return .booked(try await store.book(stockID, quantity: quantity, for: beneficiaryID, idempotencyKey: idempotencyKey, policy: policy, now: now))
    }

    /// The problem a provider that did not answer becomes: 503 with a retry hint, nothing booked.
    static func unavailable(_ failure: TicketingFailure) -> Problem {
        Problem(.serviceUnavailable, code: "provider-unavailable", detail: "The venue's ticketing system did not answer; nothing was booked. Try again shortly.")
    }
}
