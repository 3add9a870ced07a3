import Foundation
import Hummingbird
import HTTPTypes
import PasserelleCore
import PasserellePass

/// An institution's booking notifications (its API key): one subscription (an https URL; Passerelle makes the signing
/// secret and shows it once, when it is made or rotated), the outbox's events as they were sent, a ping to test the
/// receiver, and a retry of an event given up. Another institution's events are 404, as if they did not exist.
struct WebhookRoutes {
    let store: any WebhookStore
    let limits: WebLimits
    /// Whether a subscription may use plain http (a receiver on loopback in tests, an intranet deployment).
    let allowHTTP: Bool
    /// Why the URL's host may not be called (it resolves to a private address); resolving blocks, so it runs detached.
    let addressRefusal: @Sendable (URL) -> String?
    var limiter: RateLimiter?

    static let maximumListed = 200
    static let pingLimit = RateLimit(limit: 30, window: 3_600)!

    func register(_ routes: RouteRegistrar<AuthenticatedContext>) {
        routes.get("/api/v1/webhook") { _, context in
            guard let subscription = try await store.webhookSubscription(of: context.institution.id) else { throw Self.noSubscription }
            return try JSONResponse.make(WebhookSubscriptionView(subscription, showingSecret: false), headers: [.cacheControl: "private, no-store"])
        }
        routes.put("/api/v1/webhook") { request, context in
            let input = try BodyReader.decode(WebhookInput.self, from: try await BodyReader.collect(request, limit: limits.recordBodyBytes))
            guard let url = URL(string: input.url), url.scheme != nil else {
                throw CoreError.invalid([FieldIssue(field: "url", code: "not-a-url", message: "must be an absolute https URL")])
            }
            if let problem = WebhookSubscription.problem(url, allowHTTP: allowHTTP) {
                throw CoreError.invalid([FieldIssue(field: "url", code: "invalid-value", message: problem)])
            }
            if let refusal = await Task.detached(operation: { addressRefusal(url) }).value {
                throw CoreError.invalid([FieldIssue(field: "url", code: "private-address", message: refusal)])
            }
            let now = Date()
            var existing = try await store.webhookSubscription(of: context.institution.id)
            if existing == nil {
                let created = WebhookSubscription(institutionID: context.institution.id, url: url, secret: WebhookSubscription.makeSecret(),
                                                  createdAt: now, updatedAt: now)
                if try await store.saveWebhookSubscription(created, onlyIfAbsent: true) {
                    return try JSONResponse.make(WebhookSubscriptionView(created, showingSecret: true), status: .created,
                                                 headers: [.cacheControl: "private, no-store", .location: "/api/v1/webhook"])
                }
                // Another first subscription came first: this one changes it, as a second PUT would.
                existing = try await store.webhookSubscription(of: context.institution.id)
            }
            guard let existing else { throw Self.noSubscription }
            let rotated = input.rotateSecret == true
            let subscription = WebhookSubscription(
                institutionID: context.institution.id, url: url, secret: rotated ? WebhookSubscription.makeSecret() : existing.secret,
                createdAt: existing.createdAt, updatedAt: now)
            try await store.saveWebhookSubscription(subscription, onlyIfAbsent: false)
            return try JSONResponse.make(WebhookSubscriptionView(subscription, showingSecret: rotated), headers: [.cacheControl: "private, no-store"])
        }
        routes.delete("/api/v1/webhook") { _, context in
            guard try await store.removeWebhookSubscription(of: context.institution.id, now: Date()) else { throw Self.noSubscription }
            return Response(status: .noContent)
        }
        routes.post("/api/v1/webhook/ping") { _, context in
            guard try await store.webhookSubscription(of: context.institution.id) != nil else { throw Self.noSubscription }
            if let limiter { _ = try await limiter.attempt("webhook-ping", context.institution.id.rawValue, under: Self.pingLimit) }
            let event = WebhookEvent.ping(for: context.institution.id, at: Date())
            try await store.enqueueWebhookEvent(event)
            return try JSONResponse.make(WebhookEventView(event), status: .accepted, headers: Self.eventLocation(event))
        }
        routes.get("/api/v1/webhook/events") { request, context in
            var query = QueryReader(request)
            let status = query.choice("status", as: WebhookEvent.Status.self)
            let limit = query.integer("limit") ?? 50
            if !(1...Self.maximumListed).contains(limit) { query.fail("limit", "out-of-range", "must be between 1 and \(Self.maximumListed)") }
            try query.check()
            let events = try await store.webhookEvents(of: context.institution.id, status: status, limit: limit)
            return try JSONResponse.make(["items": events.map(WebhookEventView.init)], headers: [.cacheControl: "private, no-store"])
        }
        routes.get("/api/v1/webhook/events/{id}") { _, context in
            try JSONResponse.make(WebhookEventView(try await owned(context)), headers: [.cacheControl: "private, no-store"])
        }
        routes.post("/api/v1/webhook/events/{id}/retry") { _, context in
            let event = try await owned(context)
            guard event.status != .delivered else {
                throw Problem(.conflict, code: "already-delivered", detail: "The event \(event.id) was delivered; it is not sent again.")
            }
            guard let due = try await store.retryWebhookEvent(event.id, of: context.institution.id, now: Date()) else {
                // Delivered in the meantime.
                throw Problem(.conflict, code: "already-delivered", detail: "The event \(event.id) was delivered; it is not sent again.")
            }
            return try JSONResponse.make(WebhookEventView(due), status: .accepted)
        }
    }

    private func owned(_ context: AuthenticatedContext) async throws -> WebhookEvent {
        let id = context.parameters.get("id") ?? ""
        guard id.utf8.count <= 64, let event = try await store.webhookEvent(id, of: context.institution.id) else {
            throw PathID.notFound("webhook event", id)
        }
        return event
    }

    private static var noSubscription: Problem {
        Problem(.notFound, code: CoreError.Code.notFound.rawValue, detail: "Your institution has no webhook subscription; PUT /api/v1/webhook makes one.")
    }

    private static func eventLocation(_ event: WebhookEvent) -> HTTPFields {
        [.location: "/api/v1/webhook/events/\(event.id)"]
    }
}

/// The body of `PUT /api/v1/webhook`.
struct WebhookInput: StrictInput, Sendable {
    var url: String
    /// A new secret replaces the old one at once (a receiver accepting both for a while is the receiver's choice).
    var rotateSecret: Bool?

    static let shape = JSONShape.object(["url": .value, "rotateSecret": .value])
}

/// A subscription as the API shows it. The secret only in the answer that made it; afterwards, its last four
/// characters, to tell which one a receiver holds.
struct WebhookSubscriptionView: Encodable, Sendable {
    var url: URL
    var secret: String?
    var secretEnding: String
    var createdAt: Date
    var updatedAt: Date
    var signatureHeader = "Passerelle-Webhook-Signature"
    var events = WebhookEventType.allCases.map(\.rawValue)

    init(_ subscription: WebhookSubscription, showingSecret: Bool) {
        url = subscription.url
        secret = showingSecret ? subscription.secret : nil
        secretEnding = String(subscription.secret.suffix(4))
        createdAt = subscription.createdAt
        updatedAt = subscription.updatedAt
    }
}

/// An outbox event as the API shows it, with the exact body that was (or will be) signed and sent.
struct WebhookEventView: Encodable, Sendable {
    var id: String
    var type: String
    var bookingID: String?
    var status: String
    var attempts: Int
    var createdAt: Date
    var nextAttemptAt: Date?
    var deliveredAt: Date?
    var lastStatus: Int?
    var lastError: String?
    var payload: JSONValue?

    init(_ event: WebhookEvent) {
        id = event.id
        type = event.type.rawValue
        bookingID = event.bookingID
        status = event.status.rawValue
        attempts = event.attempts
        createdAt = event.createdAt
        nextAttemptAt = event.status == .pending ? event.nextAttemptAt : nil
        deliveredAt = event.deliveredAt
        lastStatus = event.lastStatus
        lastError = event.lastError
        payload = try? JSONDecoder().decode(JSONValue.self, from: Data(event.payload.utf8))
    }
}
