public import Foundation
public import PasserelleCore

/// An institution whose places are sold by its own ticketing system: Passerelle books them there, in two phases
/// (hold, then confirm), through this endpoint. Requests are signed with `secret` (HMAC-SHA256).
public struct TicketingEndpoint: Sendable, Hashable {
    public var institutionID: InstitutionID
    /// `https://tickets.example/passerelle`: the hold resources live under it (`/holds/{key}`).
    public var baseURL: URL
    public var secret: String

    public init(institutionID: InstitutionID, baseURL: URL, secret: String) {
        self.institutionID = institutionID
        self.baseURL = baseURL
        self.secret = secret
    }

    /// Why a base URL is not usable (nil when it is): http(s), with a host, no credentials, no query.
    public static func problem(_ url: URL) -> String? {
        OutboundURL.problem(url, schemes: ["http", "https"], allowsQuery: false)
    }
}

/// The rules every URL Passerelle calls out to shares (a ticketing system, a webhook receiver): one of `schemes`,
/// a host, no credentials (what is sent is signed instead), no fragment, and a query only when `allowsQuery`.
enum OutboundURL {
    static func problem(_ url: URL, schemes: [String], allowsQuery: Bool) -> String? {
        guard let scheme = url.scheme?.lowercased(), schemes.contains(scheme) else {
            return schemes.contains("http") ? "must be an http(s) URL" : "must be an https URL"
        }
        guard let host = url.host(), !host.isEmpty else { return "must name a host" }
        if url.user != nil || url.password != nil { return "must not carry credentials (what is sent is signed)" }
        if url.fragment != nil || (!allowsQuery && url.query != nil) { return allowsQuery ? "must have no fragment" : "must have no query or fragment" }
        return nil
    }
}

/// What Passerelle asks a provider to hold: places of one of its stocks, for one booking (whose id is the hold's
/// key, so that asking twice holds once).
public struct HoldRequest: Sendable, Hashable, Codable {
    public var key: String
    public var offerID: OfferID
    public var stockID: StockID
    public var quantity: Int
    /// After this the provider lets the places go by itself, confirmed or not by then.
    public var expiresAt: Date

    public init(key: String, offerID: OfferID, stockID: StockID, quantity: Int, expiresAt: Date) {
        self.key = key
        self.offerID = offerID
        self.stockID = stockID
        self.quantity = quantity
        self.expiresAt = expiresAt
    }
}

/// Where a hold stands at the provider.
public enum HoldState: Sendable, Hashable {
    /// Held, not confirmed: the places go back at the hold's expiry.
    case held
    /// Confirmed: a ticket exists (its reference).
    case confirmed(ticket: String)
    /// Let go (released, expired or refused): no ticket.
    case released
    /// The provider has never seen this key.
    case unknown
}

/// Why a provider call did not give an answer to act on.
public enum TicketingFailure: Error, Sendable, Hashable, CustomStringConvertible {
    /// The provider answered no (sold out on its side, the hold expired…): nothing is held.
    case refused(String)
    /// No usable answer (timeout, connection refused, 5xx, a malformed reply): the outcome at the provider is not known.
    case unavailable(String)

    public var description: String {
        switch self {
        case .refused(let reason): "the ticketing system refused: \(reason)"
        case .unavailable(let reason): "the ticketing system did not answer usably: \(reason)"
        }
    }
}

/// A provider's ticketing system, as Passerelle calls it. Every call is idempotent by the hold's key: a call repeated
/// after a timeout has the effect of one.
public protocol TicketingClient: Sendable {
    func hold(_ request: HoldRequest, at endpoint: TicketingEndpoint) async throws(TicketingFailure)
    /// Confirms the hold and returns the provider's ticket reference.
    func confirm(key: String, at endpoint: TicketingEndpoint) async throws(TicketingFailure) -> String
    /// Lets the hold (or the confirmed ticket) go; releasing an unknown or released key succeeds.
    func release(key: String, at endpoint: TicketingEndpoint) async throws(TicketingFailure)
    func state(key: String, at endpoint: TicketingEndpoint) async throws(TicketingFailure) -> HoldState
}

/// Which institutions sell through a ticketing system.
public protocol TicketingStore: Sendable {
    func ticketingEndpoint(of institution: InstitutionID) async throws -> TicketingEndpoint?
    /// The endpoint of the institution offering `stock`, in one query (nil for most stocks: their places are sold here).
    func ticketingEndpoint(ofStock stock: StockID) async throws -> TicketingEndpoint?
    func setTicketingEndpoint(_ endpoint: TicketingEndpoint) async throws
    func removeTicketingEndpoint(of institution: InstitutionID) async throws
}

extension BookingRefusal.Code {
    /// The provider's ticketing system refused the hold or the confirmation: nothing was booked.
    public static let providerRefused = BookingRefusal.Code(rawValue: "provider-refused")
}
