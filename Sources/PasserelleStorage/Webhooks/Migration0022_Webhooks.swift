extension Migration {
    /// Notifications to institutions' systems: one subscription per institution (its URL and signing secret), and
    /// the outbox, whose events are written in the transaction of the booking change they tell, then delivered
    /// under leases (`lease_owner`, `lease_until`) so that two `serve` processes never send one at the same time.
    /// Events keep no foreign key to their institution's subscription: removing it must not lose the history.
    static let webhooks0022 = Migration(version: 22, name: "webhooks") { kind in
        let t = kind.types
        return [
            """
            CREATE TABLE webhook_subscriptions (
                institution_id \(t.key) PRIMARY KEY REFERENCES institutions (id),
                url \(t.text) NOT NULL,
                secret \(t.text) NOT NULL,
                created_at \(t.double) NOT NULL,
                updated_at \(t.double) NOT NULL
            )
            """,
            """
            CREATE TABLE webhook_events (
                id \(t.key) PRIMARY KEY,
                institution_id \(t.key) NOT NULL REFERENCES institutions (id),
                event_type \(t.text) NOT NULL,
                booking_id \(t.key),
                payload \(t.text) NOT NULL,
                created_at \(t.double) NOT NULL,
                status \(t.text) NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
                attempts \(t.bigint) NOT NULL DEFAULT 0 CHECK (attempts >= 0),
                next_attempt_at \(t.double) NOT NULL,
                delivered_at \(t.double),
                last_status \(t.bigint),
                last_error \(t.text),
                lease_owner \(t.text),
                lease_until \(t.double)
            )
            """,
            "CREATE INDEX webhook_events_due ON webhook_events (next_attempt_at) WHERE status = 'pending'",
            "CREATE INDEX webhook_events_institution ON webhook_events (institution_id, created_at)",
            "CREATE INDEX webhook_events_institution_status ON webhook_events (institution_id, status, created_at)",
        ]
    }
}
