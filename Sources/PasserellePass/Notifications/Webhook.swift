public import Foundation
public import PasserelleCore

/// Where an institution's system wants to hear of its bookings: one https URL per institution, and the secret
/// Passerelle signs every notification with (generated here, shown once to the institution, never logged).
public struct WebhookSubscription: Sendable, Hashable {
    public var institutionID: InstitutionID
    public var url: URL
    public var secret: String
    public var createdAt: Date
    public var updatedAt: Date

    public static let maximumURLLength = 2_048

    public init(institutionID: InstitutionID, url: URL, secret: String, createdAt: Date, updatedAt: Date) {
        self.institutionID = institutionID
        self.url = url
        self.secret = secret
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// Why `url` cannot receive notifications (nil when it can): https with a host, no credentials, no fragment.
    /// Plain http only when `allowHTTP` (a test receiver on loopback, an intranet deployment).
    public static func problem(_ url: URL, allowHTTP: Bool) -> String? {
        guard url.absoluteString.utf8.count <= maximumURLLength else { return "must be at most \(maximumURLLength) bytes" }
        return OutboundURL.problem(url, schemes: allowHTTP ? ["https", "http"] : ["https"], allowsQuery: true)
    }

    /// A new signing secret: `whsec_` and 32 random bytes in hex, as Stripe names its own.
    public static func makeSecret() -> String {
        var generator = SystemRandomNumberGenerator()
        return "whsec_" + (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }
}

/// What a notification tells: a booking of the institution's offer changed (made, cancelled, used at the venue,
/// expired uncollected), or a ping the institution asked for to test its receiver.
public enum WebhookEventType: String, Sendable, Hashable, Codable, CaseIterable {
    case bookingCreated = "booking.created"
    case bookingCancelled = "booking.cancelled"
    case bookingUsed = "booking.used"
    case bookingExpired = "booking.expired"
    case ping

    /// The event a booking's move from `old` to `new` status sends, if any. A partner's hold (`pending`) is not a
    /// booking yet: it becomes one when confirmed, and one released before that sends nothing.
    public static func forBooking(from old: Booking.Status?, to new: Booking.Status) -> WebhookEventType? {
        switch (old, new) {
        case (nil, .active), (.pending?, .active): .bookingCreated
        case (.active?, .cancelled): .bookingCancelled
        case (.active?, .used): .bookingUsed
        case (.active?, .expired): .bookingExpired
        default: nil
        }
    }
}

/// A notification in the outbox: written in the transaction of the change it tells, then delivered (at least once)
/// by the dispatcher inside `serve`, retried with back-off until it is delivered or given up (`failed`).
public struct WebhookEvent: Sendable, Hashable {
    public enum Status: String, Sendable, Hashable, Codable, CaseIterable {
        case pending, delivered, failed
    }

    public var id: String
    public var institutionID: InstitutionID
    public var type: WebhookEventType
    public var bookingID: String?
    /// The exact body that is sent and signed (JSON).
    public var payload: String
    public var createdAt: Date
    public var status: Status
    public var attempts: Int
    public var nextAttemptAt: Date
    public var deliveredAt: Date?
    /// The receiver's HTTP status at the last attempt (nil: no answer).
    public var lastStatus: Int?
    public var lastError: String?

    public init(id: String, institutionID: InstitutionID, type: WebhookEventType, bookingID: String?, payload: String, createdAt: Date,
                status: Status = .pending, attempts: Int = 0, nextAttemptAt: Date, deliveredAt: Date? = nil, lastStatus: Int? = nil,
                lastError: String? = nil) {
        self.id = id
        self.institutionID = institutionID
        self.type = type
        self.bookingID = bookingID
        self.payload = payload
        self.createdAt = createdAt
        self.status = status
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.deliveredAt = deliveredAt
        self.lastStatus = lastStatus
        self.lastError = lastError
    }

    /// A new event about `booking`, due now. Its body names the booking as the institution knows it (offer, stock,
    /// places, amount, countermark, status) and nothing of the beneficiary: no name, no email, no account id.
    public static func about(_ booking: Booking, type: WebhookEventType, cancelledBy: Canceller? = nil, at now: Date) -> WebhookEvent {
        let id = "evt_" + UUID().uuidString.lowercased()
        let body = WebhookBody(
            id: id, type: type.rawValue, createdAt: now,
            data: .init(booking: .init(booking), cancelledBy: cancelledBy.map { if case .beneficiary = $0 { "beneficiary" } else { "venue" } }))
        return WebhookEvent(id: id, institutionID: booking.institutionID, type: type, bookingID: booking.id, payload: body.json, createdAt: now,
                            nextAttemptAt: now)
    }

    /// A ping, due now: the institution checks that its receiver verifies signatures and answers 2xx.
    public static func ping(for institution: InstitutionID, at now: Date) -> WebhookEvent {
        let id = "evt_" + UUID().uuidString.lowercased()
        let body = WebhookBody(id: id, type: WebhookEventType.ping.rawValue, createdAt: now, data: .init(booking: nil, cancelledBy: nil))
        return WebhookEvent(id: id, institutionID: institution, type: .ping, bookingID: nil, payload: body.json, createdAt: now, nextAttemptAt: now)
    }
}

/// The JSON body of a notification: `{"id", "type", "createdAt", "data": {"booking": {...}, "cancelledBy"}}`.
struct WebhookBody: Encodable {
    struct BookingData: Encodable {
        var id: String
        var offerID: String
        var stockID: String
        var quantity: Int
        var amountCents: Int64
        var status: String
        var countermark: String
        var bookedAt: Date
        var changedAt: Date?
        var providerTicket: String?

        init(_ booking: Booking) {
            id = booking.id
            offerID = booking.offerID.rawValue
            stockID = booking.stockID.rawValue
            quantity = booking.quantity
            amountCents = booking.amountCents
            status = booking.status.rawValue
            countermark = booking.countermark
            bookedAt = booking.bookedAt
            changedAt = booking.changedAt
            providerTicket = booking.providerTicket
        }
    }

    struct Content: Encodable {
        var booking: BookingData?
        var cancelledBy: String?
    }

    var id: String
    var type: String
    var createdAt: Date
    var data: Content

    var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        // Only strings, integers and dates: encoding cannot fail.
        return String(decoding: (try? encoder.encode(self)) ?? Data("{}".utf8), as: UTF8.self)
    }
}

/// When a failed delivery is tried again: 30 s after the first failure, doubling up to 6 h between attempts, and
/// given up after 15 attempts (32.5 h after the first failure), each delay spread by up to a tenth so that a receiver coming
/// back is not hit by every pending event at once.
public struct WebhookRetryPolicy: Sendable, Hashable {
    public var firstDelay: TimeInterval = 30
    public var maximumDelay: TimeInterval = 6 * 3_600
    public var maximumAttempts = 15

    public init() {}

    /// The delay before the next attempt once `attempts` have failed, or nil to give up. `spread` is in 0..<1.
    public func delay(afterFailedAttempts attempts: Int, spread: Double) -> TimeInterval? {
        guard attempts >= 1, attempts < maximumAttempts else { return nil }
        let base = min(maximumDelay, firstDelay * pow(2, Double(min(attempts - 1, 30))))
        return base * (1 + 0.1 * min(max(spread, 0), 0.999))
    }
}

/// An event claimed for delivery, with where it goes (nil when the institution has since removed its subscription).
public struct WebhookDelivery: Sendable, Hashable {
    public var event: WebhookEvent
    public var subscription: WebhookSubscription?

    public init(event: WebhookEvent, subscription: WebhookSubscription?) {
        self.event = event
        self.subscription = subscription
    }
}

/// How one delivery attempt ended.
public enum WebhookAttempt: Sendable, Hashable {
    case delivered(status: Int, at: Date)
    /// Not delivered: `status` is the receiver's answer when there was one. Tried again at `retryAt`, or given up
    /// when nil.
    case failed(status: Int?, error: String, retryAt: Date?, at: Date)
}

/// The subscriptions and the outbox. Events are written by the booking store, in the booking's own transaction.
public protocol WebhookStore: Sendable {
    func webhookSubscription(of institution: InstitutionID) async throws -> WebhookSubscription?
    /// Creates or replaces the institution's subscription (its `createdAt` is kept on replacement); with
    /// `onlyIfAbsent`, creates it only, and returns false when one exists (two first subscriptions at once).
    @discardableResult
    func saveWebhookSubscription(_ subscription: WebhookSubscription, onlyIfAbsent: Bool) async throws -> Bool
    /// Removes it, and gives up its events still due (not one being sent). False when there was none.
    func removeWebhookSubscription(of institution: InstitutionID, now: Date) async throws -> Bool
    /// Deletes delivered events created before `deliveredBefore` and failed ones before `failedBefore`; returns how many.
    func pruneWebhookEvents(deliveredBefore: Date, failedBefore: Date) async throws -> Int
    /// The institution's events, newest first, at most `limit`, of one status or all.
    func webhookEvents(of institution: InstitutionID, status: WebhookEvent.Status?, limit: Int) async throws -> [WebhookEvent]
    func webhookEvent(_ id: String, of institution: InstitutionID) async throws -> WebhookEvent?
    func enqueueWebhookEvent(_ event: WebhookEvent) async throws
    /// Makes a failed (or pending) event due now, with a fresh count of attempts; nil when it is not the institution's
    /// or was delivered. An event being sent keeps its lease: it is not sent twice at once.
    func retryWebhookEvent(_ id: String, of institution: InstitutionID, now: Date) async throws -> WebhookEvent?
    /// Leases at most `limit` due events, at most `perInstitution` of any one institution, to `owner` until
    /// `now + lease`: another dispatcher does not take them meanwhile.
    func claimDueWebhookEvents(owner: String, now: Date, lease: TimeInterval, limit: Int, perInstitution: Int) async throws -> [WebhookDelivery]
    /// Records an attempt of an event `owner` holds the lease of; false when the lease was lost (nothing written).
    func finishWebhookAttempt(_ id: String, owner: String, _ attempt: WebhookAttempt) async throws -> Bool
}
