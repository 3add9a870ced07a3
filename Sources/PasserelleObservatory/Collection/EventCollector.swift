public import Foundation
public import PasserelleCore

/// Accepts events from both doors and writes them without losing any it accepted:
/// - a server-to-server batch is validated and written before the answer, in one transaction, with a result per
///   event (one bad event never sinks its batch);
/// - beacons are validated, queued in memory and written in batches by `flush()`; a full queue refuses new
///   beacons (`overloaded`, answered 503 with Retry-After) instead of growing without bound, and a failed write
///   puts its events back at the head of the queue. The service that owns the collector flushes on stop.
public actor EventCollector {
    /// Where events and salts go.
    public nonisolated let store: any ObservatoryStore
    /// The limits.
    public nonisolated let policy: CollectionPolicy
    private var queue = [AudienceEvent]()
    private var salt: DailySalt?

    /// A collector over a store.
    public init(store: any ObservatoryStore, policy: CollectionPolicy = CollectionPolicy()) {
        self.store = store
        self.policy = policy
    }

    /// What happened to a batch.
    public struct BatchOutcome: Sendable, Hashable {
        /// Events in the batch.
        public let received: Int
        /// Events newly recorded.
        public let recorded: Int
        /// Valid events already recorded earlier (a replay): not recorded twice.
        public let duplicates: Int
        /// Events refused, each with its position in the batch and its problems.
        public let rejected: [RejectedEvent]
    }

    /// An event of a batch refused, at its 0-based position.
    public struct RejectedEvent: Sendable, Hashable {
        /// Where it was in the batch.
        public let index: Int
        /// Its id and problems.
        public let rejection: EventRejection
    }

    /// Validates and records a server-to-server batch for `institution`.
    public func submit(
        _ submissions: [EventSubmission], institution: Identifier<Institution>, now: Date = Date()
    ) async throws -> BatchOutcome {
        guard submissions.count <= policy.maximumBatch else {
            throw ObservatoryError(.batchTooLarge, "\(submissions.count) events; a batch holds at most \(policy.maximumBatch)")
        }
        let salt = try await currentSalt(now: now)
        var valid = [AudienceEvent](), rejected = [RejectedEvent](), seen = Set<String>()
        for (index, submission) in submissions.enumerated() {
            switch submission.validated(institution: institution, salt: salt, visitorMaterial: nil, now: now, policy: policy) {
            case .success(let event):
                // The same id twice in one batch counts once, like a replay.
                if seen.insert(event.eventID).inserted { valid.append(event) }
            case .failure(let rejection): rejected.append(RejectedEvent(index: index, rejection: rejection))
            }
        }
        let recorded = try await store.record(valid)
        return BatchOutcome(received: submissions.count, recorded: recorded, duplicates: submissions.count - rejected.count - recorded, rejected: rejected)
    }

    /// Validates a beacon and queues it; the visitor key comes from the connection's `material` (address and user
    /// agent), which is hashed here and never kept.
    public func enqueue(
        _ submission: EventSubmission, institution: Identifier<Institution>, visitorMaterial: [String], now: Date = Date()
    ) async throws -> Result<Void, EventRejection> {
        guard queue.count < policy.queueCapacity else {
            throw ObservatoryError(.overloaded, "\(queue.count) events are waiting to be written; retry in a second")
        }
        let salt = try await currentSalt(now: now)
        switch submission.validated(institution: institution, salt: salt, visitorMaterial: visitorMaterial, now: now, policy: policy) {
        case .success(let event):
            queue.append(event)
            return .success(())
        case .failure(let rejection):
            return .failure(rejection)
        }
    }

    /// Events waiting to be written.
    public var pending: Int { queue.count }

    /// Writes every queued event, in batches of the policy's size; returns how many were new. On a failure the
    /// unwritten events go back to the head of the queue and the error is thrown.
    @discardableResult
    public func flush() async throws -> Int {
        var written = 0
        while !queue.isEmpty {
            let batch = Array(queue.prefix(policy.maximumBatch))
            queue.removeFirst(batch.count)
            do {
                written += try await store.record(batch)
            } catch {
                queue.insert(contentsOf: batch, at: 0)
                throw error
            }
        }
        return written
    }

    /// Today's salt, cached for the day (the store creates it once, shared by every process).
    private func currentSalt(now: Date) async throws -> DailySalt {
        let today = CollectionDay(now)
        if let salt, salt.day == today { return salt }
        let fresh = try await store.salt(for: today, now: now, policy: policy)
        salt = fresh
        return fresh
    }
}
