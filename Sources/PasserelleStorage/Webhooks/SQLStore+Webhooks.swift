public import Foundation
public import PasserelleCore
public import PasserellePass
import SQLKit

/// Institutions' webhook subscriptions and the outbox of notifications to them.
extension SQLStore: WebhookStore {
    public func webhookSubscription(of institution: InstitutionID) async throws -> WebhookSubscription? {
        try await withReadStatement { database in
            try await database.raw("SELECT * FROM webhook_subscriptions WHERE institution_id = \(bind: institution.rawValue)").first()
                .map { try Self.subscription($0, prefix: "") }
        }
    }

    public func saveWebhookSubscription(_ subscription: WebhookSubscription, onlyIfAbsent: Bool) async throws -> Bool {
        let onConflict: SQLQueryString = onlyIfAbsent
            ? "DO NOTHING" : "DO UPDATE SET url = excluded.url, secret = excluded.secret, updated_at = excluded.updated_at"
        return try await withTransaction { database in
            try await database.raw(
                """
                INSERT INTO webhook_subscriptions (institution_id, url, secret, created_at, updated_at)
                VALUES (\(bind: subscription.institutionID.rawValue), \(bind: subscription.url.absoluteString), \(bind: subscription.secret),
                        \(bind: subscription.createdAt.timeIntervalSinceReferenceDate), \(bind: subscription.updatedAt.timeIntervalSinceReferenceDate))
                ON CONFLICT (institution_id) \(onConflict) RETURNING institution_id
                """
            ).first() != nil
        }
    }

    public func removeWebhookSubscription(of institution: InstitutionID, now: Date) async throws -> Bool {
        try await withTransaction { database in
            // What was still due is given up with it: a later subscription (another URL, another secret) starts afresh.
            try await database.raw(
                """
                UPDATE webhook_events SET status = 'failed', last_error = 'the institution unsubscribed', lease_owner = NULL, lease_until = NULL
                WHERE institution_id = \(bind: institution.rawValue) AND status = 'pending'
                  AND (lease_until IS NULL OR lease_until < \(bind: now.timeIntervalSinceReferenceDate))
                """
            ).run()
            return try await database.raw(
                "DELETE FROM webhook_subscriptions WHERE institution_id = \(bind: institution.rawValue) RETURNING institution_id"
            ).first() != nil
        }
    }

    public func pruneWebhookEvents(deliveredBefore: Date, failedBefore: Date) async throws -> Int {
        try await withTransaction { database in
            try await database.raw(
                """
                DELETE FROM webhook_events
                WHERE (status = 'delivered' AND created_at < \(bind: deliveredBefore.timeIntervalSinceReferenceDate))
                   OR (status = 'failed' AND created_at < \(bind: failedBefore.timeIntervalSinceReferenceDate))
                RETURNING id
                """
            ).all().count
        }
    }

    public func webhookEvents(of institution: InstitutionID, status: WebhookEvent.Status?, limit: Int) async throws -> [WebhookEvent] {
        let filter: SQLQueryString = status.map { " AND status = \(bind: $0.rawValue)" } ?? ""
        return try await withReadStatement { database in
            try await database.raw(
                """
                SELECT * FROM webhook_events WHERE institution_id = \(bind: institution.rawValue)\(filter)
                ORDER BY created_at DESC, id DESC LIMIT \(bind: max(1, limit))
                """
            ).all().map(Self.webhookEvent)
        }
    }

    public func webhookEvent(_ id: String, of institution: InstitutionID) async throws -> WebhookEvent? {
        try await withReadStatement { database in
            try await database.raw(
                "SELECT * FROM webhook_events WHERE id = \(bind: id) AND institution_id = \(bind: institution.rawValue)"
            ).first().map(Self.webhookEvent)
        }
    }

    public func enqueueWebhookEvent(_ event: WebhookEvent) async throws {
        try await withTransaction { database in
            try await database.raw(Self.webhookInsert(event, whenSubscribed: false)).run()
        }
    }

    public func retryWebhookEvent(_ id: String, of institution: InstitutionID, now: Date) async throws -> WebhookEvent? {
        try await withTransaction { database in
            try await database.raw(
                """
                UPDATE webhook_events SET status = 'pending', attempts = 0, next_attempt_at = \(bind: now.timeIntervalSinceReferenceDate)
                WHERE id = \(bind: id) AND institution_id = \(bind: institution.rawValue) AND status <> 'delivered'
                RETURNING *
                """
            ).first().map(Self.webhookEvent)
        }
    }

    public func claimDueWebhookEvents(owner: String, now: Date, lease: TimeInterval, limit: Int, perInstitution: Int) async throws -> [WebhookDelivery] {
        let at = now.timeIntervalSinceReferenceDate
        // At most `perInstitution` of one institution's events, so that a receiver that is slow or down (and its
        // backlog) never fills the round. A window function rules out FOR UPDATE in the choice, so the UPDATE checks
        // the lease again: on PostgreSQL a row another claim just took is re-read once that claim commits, and skipped.
        let due: SQLQueryString = "status = 'pending' AND next_attempt_at <= \(bind: at) AND (lease_until IS NULL OR lease_until < \(bind: at))"
        return try await withTransaction { database in
            let ids = try await database.raw(
                """
                UPDATE webhook_events SET lease_owner = \(bind: owner), lease_until = \(bind: at + lease)
                WHERE id IN (SELECT id FROM (SELECT id, next_attempt_at,
                                                    ROW_NUMBER() OVER (PARTITION BY institution_id ORDER BY next_attempt_at, id) AS place
                                             FROM webhook_events WHERE \(due)) AS ranked
                             WHERE place <= \(bind: max(1, perInstitution)) ORDER BY next_attempt_at, id LIMIT \(bind: max(1, limit)))
                  AND \(due)
                RETURNING id
                """
            ).all().map { try $0.decode(column: "id", as: String.self) }
            guard !ids.isEmpty else { return [] }
            return try await database.raw(
                """
                SELECT e.*, s.institution_id AS s_institution_id, s.url AS s_url, s.secret AS s_secret, s.created_at AS s_created_at,
                       s.updated_at AS s_updated_at
                FROM webhook_events e LEFT JOIN webhook_subscriptions s ON s.institution_id = e.institution_id
                WHERE e.id IN (\(binds: ids)) ORDER BY e.next_attempt_at, e.id
                """
            ).all().map { row in
                let subscribed = try row.decode(column: "s_url", as: String?.self) != nil
                return WebhookDelivery(event: try Self.webhookEvent(row), subscription: subscribed ? try Self.subscription(row, prefix: "s_") : nil)
            }
        }
    }

    public func finishWebhookAttempt(_ id: String, owner: String, _ attempt: WebhookAttempt) async throws -> Bool {
        let set: SQLQueryString
        switch attempt {
        case .delivered(let status, let at):
            set = """
                status = 'delivered', attempts = attempts + 1, delivered_at = \(bind: at.timeIntervalSinceReferenceDate),
                last_status = \(bind: status), last_error = NULL
                """
        case .failed(let status, let error, let retryAt, _):
            let next: SQLQueryString = retryAt.map { "'pending', next_attempt_at = \(bind: $0.timeIntervalSinceReferenceDate)" } ?? "'failed'"
            set = "status = \(next), attempts = attempts + 1, last_status = \(bind: status), last_error = \(bind: String(error.prefix(500)))"
        }
        return try await withTransaction { database in
            try await database.raw(
                """
                UPDATE webhook_events SET \(set), lease_owner = NULL, lease_until = NULL
                WHERE id = \(bind: id) AND lease_owner = \(bind: owner) AND status = 'pending'
                RETURNING id
                """
            ).first() != nil
        }
    }

    /// The statement that puts `event` in the outbox. With `whenSubscribed`, it inserts nothing unless the
    /// institution has a subscription: a booking's transaction calls it for every booking, and most institutions
    /// have none. A SELECT-shaped insert, so that PostgreSQL can send it inside the booking's own `WITH`.
    static func webhookInsert(_ event: WebhookEvent, whenSubscribed: Bool) -> SQLQueryString {
        let values: SQLQueryString = """
            SELECT \(bind: event.id), \(bind: event.institutionID.rawValue), \(bind: event.type.rawValue), \(bind: event.bookingID), \(bind: event.payload),
                   \(bind: event.createdAt.timeIntervalSinceReferenceDate), 'pending', 0, \(bind: event.nextAttemptAt.timeIntervalSinceReferenceDate)
            """
        let source: SQLQueryString = whenSubscribed
            ? " FROM webhook_subscriptions WHERE institution_id = \(bind: event.institutionID.rawValue)" : ""
        return """
            INSERT INTO webhook_events (id, institution_id, event_type, booking_id, payload, created_at, status, attempts, next_attempt_at)
            \(values)\(source)
            """
    }

    private static func subscription(_ row: any SQLRow, prefix: String) throws -> WebhookSubscription {
        let text = try row.decode(column: prefix + "url", as: String.self)
        guard let url = URL(string: text) else { throw StorageError.corruptColumn("webhook_subscriptions.url", text) }
        return WebhookSubscription(
            institutionID: InstitutionID(trusted: try row.decode(column: prefix + "institution_id", as: String.self)), url: url,
            secret: try row.decode(column: prefix + "secret", as: String.self),
            createdAt: Date(timeIntervalSinceReferenceDate: try row.decode(column: prefix + "created_at", as: Double.self)),
            updatedAt: Date(timeIntervalSinceReferenceDate: try row.decode(column: prefix + "updated_at", as: Double.self)))
    }

    private static func webhookEvent(_ row: any SQLRow) throws -> WebhookEvent {
        func date(_ column: String) throws -> Date? { try row.decode(column: column, as: Double?.self).map(Date.init(timeIntervalSinceReferenceDate:)) }
        let typeText = try row.decode(column: "event_type", as: String.self)
        guard let type = WebhookEventType(rawValue: typeText) else { throw StorageError.corruptColumn("webhook_events.event_type", typeText) }
        let statusText = try row.decode(column: "status", as: String.self)
        guard let status = WebhookEvent.Status(rawValue: statusText) else { throw StorageError.corruptColumn("webhook_events.status", statusText) }
        return WebhookEvent(
            id: try row.decode(column: "id", as: String.self),
            institutionID: InstitutionID(trusted: try row.decode(column: "institution_id", as: String.self)), type: type,
            bookingID: try row.decode(column: "booking_id", as: String?.self), payload: try row.decode(column: "payload", as: String.self),
            createdAt: try date("created_at") ?? .distantPast, status: status, attempts: try row.decode(column: "attempts", as: Int.self),
            nextAttemptAt: try date("next_attempt_at") ?? .distantPast, deliveredAt: try date("delivered_at"),
            lastStatus: try row.decode(column: "last_status", as: Int?.self), lastError: try row.decode(column: "last_error", as: String?.self))
    }
}
