import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import PasserelleApp
import PasserelleCore
import PasserellePass
import PasserelleStorage
import Testing

/// Delivering the outbox to a receiver on loopback: signed posts, a failure retried later, a redirect not
/// followed, a receiver too slow, a private address refused by default, and an event given up after its attempts.
@Suite("Webhook delivery")
struct WebhookDispatcherTests {
    /// What the receiver saw, and what it answers (in turn; the last answer repeats).
    actor Receiver {
        struct Seen: Sendable {
            var path: String
            /// By lower-cased name.
            var headers: [String: String]
            var body: Data
        }
        var seen: [Seen] = []
        var answers: [HTTPResponse.Status]
        var delay: Duration = .zero

        init(answers: [HTTPResponse.Status]) { self.answers = answers }

        func record(_ seen: Seen) -> HTTPResponse.Status {
            self.seen.append(seen)
            return answers.count > 1 ? answers.removeFirst() : answers[0]
        }

        func setDelay(_ delay: Duration) { self.delay = delay }
    }

    static func router(_ receiver: Receiver) -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        router.post("/hook") { request, _ -> Response in
            var buffer = try await request.body.collect(upTo: 1 << 20)
            var headers: [String: String] = [:]
            for field in request.headers { headers[field.name.canonicalName.lowercased()] = field.value }
            let status = await receiver.record(.init(path: request.uri.path, headers: headers, body: Data(buffer.readBytes(length: buffer.readableBytes) ?? [])))
            try await Task.sleep(for: await receiver.delay)
            var response = Response(status: status)
            if (300..<400).contains(status.code) { response.headers[.location] = "/elsewhere" }
            return response
        }
        router.post("/elsewhere") { _, _ -> Response in
            Issue.record("a redirect was followed")
            return Response(status: .ok)
        }
        return router
    }

    /// The partner tests' store (a theatre, a stock of 10 places, Léa with her credit), the theatre subscribed to `url`,
    /// and one booking made: its `booking.created` is due.
    static func store(subscribedTo url: String) async throws -> (SQLStore, WebhookSubscription, WebhookEvent) {
        let store = try await PartnerTicketingTests.store(base: "https://tickets.example.org/unused")
        let now = Date()
        let subscription = WebhookSubscription(institutionID: InstitutionID(trusted: "theatre"), url: URL(string: url)!,
                                               secret: WebhookSubscription.makeSecret(), createdAt: now, updatedAt: now)
        try await store.saveWebhookSubscription(subscription, onlyIfAbsent: false)
        _ = try await store.book(PartnerTicketingTests.stock, quantity: 1, for: "lea", idempotencyKey: nil, policy: PartnerTicketingTests.policy,
                                 now: now, holdUntil: nil)
        let event = try #require(try await store.webhookEvents(of: subscription.institutionID, status: .pending, limit: 5).first)
        return (store, subscription, event)
    }

    static func withReceiver(_ answers: [HTTPResponse.Status], delay: Duration = .zero,
                             _ body: @Sendable (Receiver, String) async throws -> Void) async throws {
        let receiver = Receiver(answers: answers)
        await receiver.setDelay(delay)
        let app = Application(router: router(receiver), configuration: .init(address: .hostname("127.0.0.1", port: 0)), logger: Logger(label: "receiver"))
        try await app.test(.live) { client in
            try await body(receiver, "http://127.0.0.1:\(try #require(client.port))/hook")
        }
    }

    static func dispatcher(_ store: SQLStore, timeout: TimeInterval = 5, allowPrivate: Bool = true, retry: WebhookRetryPolicy = WebhookRetryPolicy()) -> WebhookDispatcher {
        WebhookDispatcher(store: store, timeout: timeout, allowPrivate: allowPrivate, logger: Logger(label: "webhooks"), retry: retry)
    }

    @Test("a 2xx delivers: one signed POST whose body is the event's, with its id and type in headers")
    func delivered() async throws {
        try await Self.withReceiver([.noContent]) { receiver, url in
            let (store, subscription, event) = try await Self.store(subscribedTo: url)
            let round = try await Self.dispatcher(store).deliverDue()
            #expect(round == WebhookDispatcher.Round(delivered: 1))
            let seen = await receiver.seen
            #expect(seen.count == 1)
            let post = try #require(seen.first)
            #expect(post.body == Data(event.payload.utf8))
            #expect(WebhookSignature.verify(post.headers["passerelle-webhook-signature"], body: post.body, secret: subscription.secret))
            #expect(!WebhookSignature.verify(post.headers["passerelle-webhook-signature"], body: post.body + Data(" ".utf8), secret: subscription.secret),
                    "a changed body does not verify")
            #expect(!WebhookSignature.verify(post.headers["passerelle-webhook-signature"], body: post.body, secret: WebhookSubscription.makeSecret()))
            #expect(post.headers["passerelle-event-id"] == event.id && post.headers["passerelle-event-type"] == "booking.created")
            #expect(post.headers["content-type"] == "application/json" && post.headers["passerelle-delivery-attempt"] == "1")
            let stored = try await store.webhookEvent(event.id, of: subscription.institutionID)
            #expect(stored?.status == .delivered && stored?.lastStatus == 204 && stored?.attempts == 1)
            #expect(try await Self.dispatcher(store).deliverDue() == WebhookDispatcher.Round(), "nothing is sent twice")
            try await store.shutdown()
        }
    }

    @Test("a 500 is retried after the back-off, then delivered; the attempt count travels in a header")
    func retried() async throws {
        try await Self.withReceiver([.internalServerError, .ok]) { receiver, url in
            let (store, subscription, event) = try await Self.store(subscribedTo: url)
            let dispatcher = Self.dispatcher(store)
            let start = Date()
            #expect(try await dispatcher.deliverDue(now: start) == WebhookDispatcher.Round(retrying: 1))
            // The back-off counts from when the attempt ended, which a loaded machine (CI) may put seconds after `start`.
            let ended = Date()
            let waiting = try #require(try await store.webhookEvent(event.id, of: subscription.institutionID))
            #expect(waiting.status == .pending && waiting.attempts == 1 && waiting.lastStatus == 500 && waiting.lastError == "HTTP 500")
            #expect(waiting.nextAttemptAt >= start.addingTimeInterval(30) && waiting.nextAttemptAt <= ended.addingTimeInterval(33),
                    "30 s after the attempt, spread by up to a tenth: \(waiting.nextAttemptAt.timeIntervalSince(start)) s after the start, attempt over after \(ended.timeIntervalSince(start)) s")
            #expect(try await dispatcher.deliverDue(now: start.addingTimeInterval(20)) == WebhookDispatcher.Round(), "not due yet")
            #expect(try await dispatcher.deliverDue(now: ended.addingTimeInterval(40)) == WebhookDispatcher.Round(delivered: 1))
            let seen = await receiver.seen
            #expect(seen.map { $0.headers["passerelle-delivery-attempt"] } == ["1", "2"])
            #expect(seen[0].body == seen[1].body && seen[0].headers["passerelle-event-id"] == seen[1].headers["passerelle-event-id"], "the same event again")
            try await store.shutdown()
        }
    }

    @Test("a redirect is not followed, and counts as a failure")
    func redirect() async throws {
        try await Self.withReceiver([.found]) { receiver, url in
            let (store, subscription, event) = try await Self.store(subscribedTo: url)
            #expect(try await Self.dispatcher(store).deliverDue() == WebhookDispatcher.Round(retrying: 1))
            let stored = try await store.webhookEvent(event.id, of: subscription.institutionID)
            #expect(stored?.lastError?.contains("redirects are not followed") == true, "\(String(describing: stored?.lastError))")
            #expect(await receiver.seen.count == 1)
            try await store.shutdown()
        }
    }

    @Test("a receiver slower than the timeout: a failure, retried")
    func slow() async throws {
        try await Self.withReceiver([.ok], delay: .seconds(3)) { _, url in
            let (store, subscription, event) = try await Self.store(subscribedTo: url)
            #expect(try await Self.dispatcher(store, timeout: 1).deliverDue() == WebhookDispatcher.Round(retrying: 1))
            let stored = try await store.webhookEvent(event.id, of: subscription.institutionID)
            #expect(stored?.lastStatus == nil && stored?.status == .pending)
            try await store.shutdown()
        }
    }

    @Test("by default a receiver on a private address is refused before any request")
    func privateAddress() async throws {
        try await Self.withReceiver([.ok]) { receiver, url in
            let (store, subscription, event) = try await Self.store(subscribedTo: url)
            #expect(try await Self.dispatcher(store, allowPrivate: false).deliverDue() == WebhookDispatcher.Round(retrying: 1))
            let stored = try await store.webhookEvent(event.id, of: subscription.institutionID)
            #expect(stored?.lastError?.contains("not a public host") == true, "\(String(describing: stored?.lastError))")
            #expect(await receiver.seen.isEmpty)
            try await store.shutdown()
        }
    }

    @Test("given up after the policy's attempts, then sent again on request; unsubscribing gives up what was due")
    func givenUp() async throws {
        try await Self.withReceiver([.serviceUnavailable, .serviceUnavailable, .ok]) { receiver, url in
            let (store, subscription, event) = try await Self.store(subscribedTo: url)
            var retry = WebhookRetryPolicy()
            retry.maximumAttempts = 2
            let dispatcher = Self.dispatcher(store, retry: retry)
            let start = Date()
            #expect(try await dispatcher.deliverDue(now: start) == WebhookDispatcher.Round(retrying: 1))
            #expect(try await dispatcher.deliverDue(now: start.addingTimeInterval(60)) == WebhookDispatcher.Round(givenUp: 1))
            #expect(try await store.webhookEvent(event.id, of: subscription.institutionID)?.status == .failed)
            #expect(try await dispatcher.deliverDue(now: start.addingTimeInterval(3_600)) == WebhookDispatcher.Round(), "a failed event waits")
            _ = try await store.retryWebhookEvent(event.id, of: subscription.institutionID, now: start.addingTimeInterval(3_600))
            #expect(try await dispatcher.deliverDue(now: start.addingTimeInterval(3_601)) == WebhookDispatcher.Round(delivered: 1))
            #expect(await receiver.seen.count == 3)

            let ping = WebhookEvent.ping(for: subscription.institutionID, at: start)
            try await store.enqueueWebhookEvent(ping)
            _ = try await store.removeWebhookSubscription(of: subscription.institutionID, now: start)
            #expect(try await store.webhookEvent(ping.id, of: subscription.institutionID)?.status == .failed, "given up with its subscription")
            #expect(try await dispatcher.deliverDue(now: start.addingTimeInterval(3_700)) == WebhookDispatcher.Round())
            #expect(await receiver.seen.count == 3, "nothing sent once unsubscribed")
            try await store.shutdown()
        }
    }
}
