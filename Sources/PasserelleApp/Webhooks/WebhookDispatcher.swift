public import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
public import Logging
public import PasserellePass
public import ServiceLifecycle

/// Delivers the outbox inside `serve`: every `tick` it leases the due events (at most `batch`, at most
/// `perInstitution` of one institution), posts each one, signed, to its institution's URL, all of them at once, and
/// records how each went. A round lasts at most the delivery timeout, and a receiver that is slow or down only ever
/// takes its institution's share of it. Once an hour it deletes old delivered and failed events. A 2xx answer delivers; anything else (another status, a redirect, a timeout, a refused
/// address) is tried again with back-off (`WebhookRetryPolicy`) until it is given up and left `failed` for the
/// institution to see and retry. Delivery is at least once: a crash after a post and before its record sends it
/// again once the lease has passed, so a receiver keeps the event ids it has seen.
public struct WebhookDispatcher: Service {
    let store: any WebhookStore
    let fetcher: FeedFetcher
    let retry: WebhookRetryPolicy
    let logger: Logger
    let owner = "webhooks-" + UUID().uuidString.lowercased()
    var tick: Duration
    var batch: Int
    /// One institution's share of a round: a receiver that is slow or down delays its own events, not the others'.
    var perInstitution = 4
    /// Delivered events are kept 30 days for the institution to read, failed ones 90 days; then deleted.
    var keepDelivered: TimeInterval = 30 * 86_400
    var keepFailed: TimeInterval = 90 * 86_400
    /// Longer than a delivery can take (the fetcher's total timeout), so a lease never passes during one.
    var lease: TimeInterval

    /// `timeout` bounds each delivery (seconds); `allowPrivate` lets a receiver live on loopback or a private network.
    public init(store: any WebhookStore, timeout: TimeInterval, allowPrivate: Bool, logger: Logger, retry: WebhookRetryPolicy = WebhookRetryPolicy(),
                tick: Duration = .seconds(2), batch: Int = 16) {
        let policy = FeedAddressPolicy(allowPrivate: allowPrivate)
        let refusal: @Sendable (URL) -> String? = { policy.refusal(for: $0) }
        // A receiver's answer is read only for its status; 64 KiB is more than any acknowledgement.
        var fetcher = FeedFetcher(maximumBytes: 64 * 1_024, addressRefusal: allowPrivate ? nil : refusal)
        fetcher.timeout = timeout
        fetcher.totalTimeout = timeout
        fetcher.maximumRedirects = 0
        self.store = store
        self.fetcher = fetcher
        self.retry = retry
        self.logger = logger
        self.tick = tick
        self.batch = batch
        self.lease = max(60, timeout * 3)
    }

    /// What one round did.
    public struct Round: Sendable, Hashable {
        public var delivered = 0
        /// Failed this time, tried again later.
        public var retrying = 0
        /// Failed for the last time (or nowhere to send): left `failed`.
        public var givenUp = 0
        public var claimed: Int { delivered + retrying + givenUp }

        public init(delivered: Int = 0, retrying: Int = 0, givenUp: Int = 0) {
            self.delivered = delivered
            self.retrying = retrying
            self.givenUp = givenUp
        }
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            var prunedAt = Date.distantPast
            while !Task.isCancelled {
                if Date().timeIntervalSince(prunedAt) > 3_600 {
                    prunedAt = Date()
                    do {
                        let pruned = try await store.pruneWebhookEvents(deliveredBefore: prunedAt.addingTimeInterval(-keepDelivered),
                                                                        failedBefore: prunedAt.addingTimeInterval(-keepFailed))
                        if pruned > 0 { logger.info("old webhook events deleted", metadata: ["events": "\(pruned)"]) }
                    } catch {
                        logger.warning("old webhook events could not be deleted; retrying in an hour", metadata: ["error": "\(error)"])
                    }
                }
                do {
                    let round = try await deliverDue()
                    if round.retrying + round.givenUp > 0 {
                        logger.info("webhooks sent", metadata: [
                            "delivered": "\(round.delivered)", "retrying": "\(round.retrying)", "givenUp": "\(round.givenUp)",
                        ])
                    }
                    // A full batch: more may be due, take them without waiting for the tick.
                    if round.claimed >= batch { continue }
                } catch {
                    logger.warning("due webhooks could not be claimed; retrying at the next tick", metadata: ["error": "\(error)"])
                }
                try? await Task.sleep(for: tick)
            }
        }
    }

    /// Claims the events due at `now` and delivers them, each recorded as it ends.
    public func deliverDue(now: Date = Date()) async throws -> Round {
        let due = try await store.claimDueWebhookEvents(owner: owner, now: now, lease: lease, limit: batch, perInstitution: perInstitution)
        return await withTaskGroup(of: WebhookAttempt?.self, returning: Round.self) { group in
            for delivery in due {
                group.addTask {
                    let attempt = await attempt(delivery)
                    do {
                        return try await store.finishWebhookAttempt(delivery.event.id, owner: owner, attempt) ? attempt : nil
                    } catch {
                        logger.warning("a webhook attempt could not be recorded; it is sent again once its lease passes",
                                       metadata: ["event": "\(delivery.event.id)", "error": "\(error)"])
                        return nil
                    }
                }
            }
            var round = Round()
            for await attempt in group {
                switch attempt {
                case .delivered?: round.delivered += 1
                case .failed(_, _, let retryAt, _)?: if retryAt == nil { round.givenUp += 1 } else { round.retrying += 1 }
                case nil: break
                }
            }
            return round
        }
    }

    /// Posts one event and says how it went (never throws: every failure is an attempt to record).
    func attempt(_ delivery: WebhookDelivery) async -> WebhookAttempt {
        let event = delivery.event
        guard let subscription = delivery.subscription else {
            return .failed(status: nil, error: "the institution has no webhook subscription any more", retryAt: nil, at: Date())
        }
        let body = Data(event.payload.utf8)
        var request = URLRequest(url: subscription.url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: fetcher.timeout)
        request.httpMethod = "POST"
        request.httpBody = body
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue("Passerelle-Webhooks/1 (+https://passerelle.culture.gouv.fr)", forHTTPHeaderField: "User-Agent")
        request.setValue(event.id, forHTTPHeaderField: "Passerelle-Event-ID")
        request.setValue(event.type.rawValue, forHTTPHeaderField: "Passerelle-Event-Type")
        request.setValue(String(event.attempts + 1), forHTTPHeaderField: "Passerelle-Delivery-Attempt")
        request.setValue(WebhookSignature.sign(body: body, secret: subscription.secret), forHTTPHeaderField: WebhookSignature.header)
        let status: Int?, reason: String
        do {
            let (response, _) = try await fetcher.send(request)
            if (200..<300).contains(response.statusCode) { return .delivered(status: response.statusCode, at: Date()) }
            status = response.statusCode
            reason = (300..<400).contains(response.statusCode) ? "HTTP \(response.statusCode): redirects are not followed" : "HTTP \(response.statusCode)"
        } catch {
            status = nil
            if case .tooManyRedirects = error { reason = "a redirect: redirects are not followed" } else { reason = error.description }
        }
        let now = Date()
        let delay = retry.delay(afterFailedAttempts: event.attempts + 1, spread: Double.random(in: 0..<1))
        return .failed(status: status, error: reason, retryAt: delay.map { now.addingTimeInterval($0) }, at: now)
    }
}
