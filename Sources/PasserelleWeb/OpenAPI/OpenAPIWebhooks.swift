import PasserelleCore
import PasserellePass

/// Booking notifications in the OpenAPI document: an institution's webhook subscription and its outbox.
enum OpenAPIWebhooks {
    typealias S = OpenAPISchemas
    typealias P = OpenAPIPaths

    static let eventID: JSONValue = [
        "name": "id", "in": "path", "required": true,
        "schema": ["type": "string", "pattern": "^evt_[0-9a-f-]{36}$", "examples": ["evt_5f0c6a4e-2b1d-4c8e-9a7f-3e2d1c0b9a88"]],
    ]

    static var schemas: [String: JSONValue] {
        let url: JSONValue = ["type": "string", "format": "uri", "maxLength": .int(Int64(WebhookSubscription.maximumURLLength)),
                              "description": "An https URL on a public host, without credentials or fragment."]
        let types = S.enumeration(WebhookEventType.allCases.map(\.rawValue))
        return [
            "WebhookInput": S.input(
                ["url": url, "rotateSecret": ["type": "boolean", "description": "Make a new signing secret (shown once, in this answer)."]],
                required: ["url"], examples: [["url": "https://tickets.example.org/passerelle/notifications"]]),
            "WebhookSubscription": S.object([
                "url": S.uri,
                "secret": ["type": "string", "description": "The signing secret, only in the answer that made it (creation or rotation)."],
                "secretEnding": S.string, "createdAt": S.dateTime, "updatedAt": S.dateTime,
                "signatureHeader": S.string, "events": S.array(types),
            ], required: ["url", "secretEnding", "createdAt", "updatedAt", "signatureHeader", "events"]),
            "WebhookEvent": S.object([
                "id": S.string, "type": types, "bookingID": S.string, "status": S.enumeration(WebhookEvent.Status.allCases.map(\.rawValue)),
                "attempts": ["type": "integer", "minimum": 0], "createdAt": S.dateTime, "nextAttemptAt": S.dateTime, "deliveredAt": S.dateTime,
                "lastStatus": S.integer, "lastError": S.string,
                "payload": ["type": "object", "description": "The exact JSON body that is signed and posted."],
            ], required: ["id", "type", "status", "attempts", "createdAt"]),
            "WebhookEventList": S.object(["items": S.array(S.ref("WebhookEvent"))], required: ["items"]),
        ]
    }

    static var paths: [String: JSONValue] {
        let missing: [String: JSONValue] = ["404": P.problem("NotFound")]
        let retry = WebhookRetryPolicy()
        return [
            "/api/v1/webhook": [
                "get": P.operation("getWebhook", "Your institution's webhook subscription (404 when it has none); the secret is not shown again.",
                                   tag: "webhooks", responses: ["200": P.json("The subscription.", "WebhookSubscription")].merging(missing) { a, _ in a },
                                   secured: true),
                "put": P.operation(
                    "putWebhook",
                    "Subscribe to booking notifications (201, with the signing secret) or change the URL (200). Each event is a POST of JSON signed with `Passerelle-Webhook-Signature: t=…,v1=HMAC-SHA256(secret, t + \".\" + body)`; a 2xx answer delivers it, anything else is retried after \(Int(retry.firstDelay)) s, doubling up to \(Int(retry.maximumDelay / 3_600)) h, \(retry.maximumAttempts) attempts in all. Delivery is at least once: keep the event ids you have seen.",
                    tag: "webhooks", body: "WebhookInput",
                    responses: ["200": P.json("The subscription, changed.", "WebhookSubscription"),
                                "201": P.json("The subscription, made, with its secret.", "WebhookSubscription"),
                                "400": P.problem("BadRequest"), "422": P.problem("Unprocessable")],
                    secured: true),
                "delete": P.operation("deleteWebhook", "Unsubscribe: nothing more is sent; events still due are given up.", tag: "webhooks",
                                      responses: ["204": ["description": "Unsubscribed."]].merging(missing) { a, _ in a }, secured: true),
            ],
            "/api/v1/webhook/ping": [
                "post": P.operation("pingWebhook", "Send a `ping` event now, to test your receiver (at most 30 per hour).", tag: "webhooks",
                                    responses: ["202": P.json("The ping, queued.", "WebhookEvent"), "429": P.problem("TooManyRequests")]
                                        .merging(missing) { a, _ in a }, secured: true),
            ],
            "/api/v1/webhook/events": [
                "get": P.operation(
                    "listWebhookEvents", "Your institution's notifications, newest first, with how their delivery went.", tag: "webhooks",
                    parameters: [P.query("status", "Only these.", S.enumeration(WebhookEvent.Status.allCases.map(\.rawValue))),
                                 P.query("limit", "At most this many (default 50).", ["type": "integer", "minimum": 1, "maximum": .int(Int64(WebhookRoutes.maximumListed))])],
                    responses: ["200": P.json("The events.", "WebhookEventList"), "400": P.problem("BadRequest")], secured: true),
            ],
            "/api/v1/webhook/events/{id}": [
                "get": P.operation("getWebhookEvent", "One notification, with its body.", tag: "webhooks", parameters: [eventID],
                                   responses: ["200": P.json("The event.", "WebhookEvent")].merging(missing) { a, _ in a }, secured: true),
            ],
            "/api/v1/webhook/events/{id}/retry": [
                "post": P.operation("retryWebhookEvent", "Send a notification again now (one given up, or still waiting), with a fresh count of attempts.",
                                    tag: "webhooks", parameters: [eventID],
                                    responses: ["202": P.json("The event, due now.", "WebhookEvent"), "409": P.problem("Conflict")]
                                        .merging(missing) { a, _ in a }, secured: true),
            ],
        ]
    }
}
