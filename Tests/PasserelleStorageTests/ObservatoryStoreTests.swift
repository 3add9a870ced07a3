import Foundation
import PasserelleCore
import PasserelleObservatory
import PasserelleStorage
import SQLKit
import Testing

/// The observatory's salts and raw events on both databases: one salt per day shared by every process, gone for
/// good after 48 h; idempotent events; nothing stored that identifies a person or links two institutions.
enum ObservatoryStoreChecks {
    static let now = RFC3339.dateTime("2026-12-01T10:00:00Z")!
    static let museum = InstitutionID(trusted: "museum-a"), theatre = InstitutionID(trusted: "theatre-b")
    static let address = "203.0.113.77", agent = "Mozilla/5.0 (X11; Linux x86_64) TestAgent/987"

    static func saltsAreSharedAndNeverRecreated(_ store: SQLStore) async throws {
        let observatory = SQLObservatoryStore(store: store), policy = CollectionPolicy()
        let today = CollectionDay(now)
        let first = try await observatory.salt(for: today, now: now, policy: policy)
        let again = try await observatory.salt(for: today, now: now, policy: policy)
        #expect(first == again, "one salt per day, whoever asks")
        let yesterday = try await observatory.salt(for: today.previous, now: now, policy: policy)
        #expect(yesterday.bytes != first.bytes)
        // Yesterday's key, computed while its salt lives…
        let key = yesterday.visitorKey(institution: museum, material: [address, agent])
        // …cannot be computed once the purge has run two days later: the salt is gone and is never made again.
        let later = today.next.start.addingTimeInterval(3_600)
        let report = try await observatory.purge(now: later, policy: policy)
        #expect(report.salts == 1)
        await #expect(throws: ObservatoryError.self) { _ = try await observatory.salt(for: today.previous, now: later, policy: policy) }
        let remaining = try await store.withTransaction { try await $0.raw("SELECT salt FROM observatory_salts").all() }
        let stored = try remaining.map { try $0.decode(column: "salt", as: String.self) }
        #expect(stored.count == 1 && !stored.contains(hex(yesterday.bytes)), "only today's salt is left")
        #expect(!stored.contains(where: { $0.contains(hex(key.bytes)) }))
        await #expect(throws: ObservatoryError.self) { _ = try await observatory.salt(for: CollectionDay(number: 0), now: later, policy: policy) }
    }

    static func eventsAreIdempotentAndHoldNoIdentifier(_ store: SQLStore) async throws {
        let observatory = SQLObservatoryStore(store: store)
        let collector = EventCollector(store: observatory)
        for institution in [museum, theatre] {
            for i in 0..<600 {
                let submission = EventSubmission(eventID: "e\(i)", kind: "page-view", occurredAt: "2026-12-01T09:00:00Z", commune: "35238")
                _ = try await collector.enqueue(submission, institution: institution, visitorMaterial: [address, agent], now: now)
            }
        }
        #expect(try await collector.flush() == 1_200)
        let replay = try await collector.submit(
            [EventSubmission(eventID: "e1", kind: "page-view", occurredAt: "2026-12-01T09:00:00Z", visitor: "session-9")],
            institution: museum, now: now
        )
        #expect(replay.recorded == 0 && replay.duplicates == 1)
        let columns = try await columnNames(store)
        #expect(Set(columns) == [
            "institution_id", "event_id", "kind", "occurred_at", "day", "channel", "device", "offer_id", "category_id",
            "commune_code", "age_band", "visitor_key", "received_at", "first_visit",
        ], "no column may hold an address or a user agent")
        let text = try await store.withTransaction { database in
            try await database.raw("""
                SELECT institution_id || ' ' || event_id || ' ' || kind || ' ' || channel || ' ' || device || ' ' || \
                COALESCE(commune_code, '') || ' ' || COALESCE(visitor_key, '') AS line FROM audience_events
                """).all().map { try $0.decode(column: "line", as: String.self) }
        }
        #expect(text.count == 1_200)
        for line in text {
            #expect(!line.contains(address) && !line.contains("TestAgent") && !line.contains("203.0.113"), "\(line)")
        }
        // The same person at two institutions has two unrelated keys: no identifier crosses institutions.
        let keys = try await store.withTransaction { database in
            try await database.raw("SELECT DISTINCT institution_id, visitor_key FROM audience_events").all().map {
                (try $0.decode(column: "institution_id", as: String.self), try $0.decode(column: "visitor_key", as: String.self))
            }
        }
        #expect(keys.count == 2 && keys[0].1 != keys[1].1)
    }

    static func rawEventsArePurgedAfterTwentyFiveMonths(_ store: SQLStore) async throws {
        let observatory = SQLObservatoryStore(store: store)
        var policy = CollectionPolicy()
        policy.oldestAccepted = 86_400 * 800
        let collector = EventCollector(store: observatory, policy: policy)
        let batch = [
            EventSubmission(eventID: "old", kind: "play", occurredAt: "2024-10-01T10:00:00Z"),
            EventSubmission(eventID: "recent", kind: "play", occurredAt: "2025-01-15T10:00:00Z"),
        ]
        #expect(try await collector.submit(batch, institution: museum, now: now).recorded == 2)
        let report = try await observatory.purge(now: now, policy: policy)
        #expect(report.events == 1, "2024-10-01 is more than 25 months before 2026-12-01; 2025-01-15 is not")
        let left = try await store.withTransaction { try await $0.raw("SELECT event_id FROM audience_events").all() }
        #expect(try left.map { try $0.decode(column: "event_id", as: String.self) } == ["recent"])
    }

    static func constraintsRefuseWhatCollectionForbids(_ store: SQLStore) async throws {
        for bad in ["'x' , 'web', 'desktop', NULL, NULL", "'play', 'web', 'desktop', '750', NULL", "'play', 'web', 'desktop', NULL, 'abc'"] {
            await #expect(throws: (any Error).self, "\(bad)") {
                try await store.withTransaction { database in
                    try await database.raw(SQLQueryString("""
                        INSERT INTO audience_events (institution_id, event_id, kind, channel, device, commune_code, visitor_key, \
                        occurred_at, day, received_at) VALUES ('m', 'e', \(unsafeRaw: bad), 0, 0, 0)
                        """)).run()
                }
            }
        }
    }

    static func columnNames(_ store: SQLStore) async throws -> [String] {
        try await store.withTransaction { database in
            let sql: SQLQueryString = store.kind == .sqlite
                ? "SELECT name FROM pragma_table_info('audience_events')"
                : "SELECT column_name AS name FROM information_schema.columns WHERE table_name = 'audience_events'"
            return try await database.raw(sql).all().map { try $0.decode(column: "name", as: String.self) }
        }
    }

    static func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }
}

@Suite("Observatory collection on SQLite")
struct SQLiteObservatoryStoreTests {
    @Test(arguments: TestDatabase.sqlite)
    func salts(_ db: TestDatabase) async throws { try await db.withStore(ObservatoryStoreChecks.saltsAreSharedAndNeverRecreated) }

    @Test(arguments: TestDatabase.sqlite)
    func events(_ db: TestDatabase) async throws { try await db.withStore(ObservatoryStoreChecks.eventsAreIdempotentAndHoldNoIdentifier) }

    @Test(arguments: TestDatabase.sqlite)
    func purge(_ db: TestDatabase) async throws { try await db.withStore(ObservatoryStoreChecks.rawEventsArePurgedAfterTwentyFiveMonths) }

    @Test(arguments: TestDatabase.sqlite)
    func constraints(_ db: TestDatabase) async throws { try await db.withStore(ObservatoryStoreChecks.constraintsRefuseWhatCollectionForbids) }
}

/// On PostgreSQL inside the serialised contract suite (it resets the shared database per case).
extension PostgresContractTests {
    @Test func observatorySalts() async throws { try await db.withStore(ObservatoryStoreChecks.saltsAreSharedAndNeverRecreated) }
    @Test func observatoryEvents() async throws { try await db.withStore(ObservatoryStoreChecks.eventsAreIdempotentAndHoldNoIdentifier) }
    @Test func observatoryPurge() async throws { try await db.withStore(ObservatoryStoreChecks.rawEventsArePurgedAfterTwentyFiveMonths) }
    @Test func observatoryConstraints() async throws { try await db.withStore(ObservatoryStoreChecks.constraintsRefuseWhatCollectionForbids) }
}
