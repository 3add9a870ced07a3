import Foundation
import PasserelleCore
import PasserelleObservatory
@testable import PasserelleStorage
import SQLKit
import Testing

/// What a release reads: the database's grouping of a day's events per device-day equals the same grouping done
/// in Swift over the raw events, on both engines; migration 6 keeps every event of migration 5; PostgreSQL
/// partitions by month.
enum ObservatoryAggregationChecks {
    static let institution = InstitutionID(trusted: "inst-a"), other = InstitutionID(trusted: "inst-b")
    static let days = [CollectionDay(RFC3339.dateTime("2026-11-10T00:00:00Z")!), CollectionDay(RFC3339.dateTime("2026-11-11T00:00:00Z")!)]

    static func events() -> [AudienceEvent] {
        var events = [AudienceEvent]()
        let offers: [OfferID?] = [nil, OfferID(trusted: "offer-fr"), OfferID(trusted: "offer-it"), OfferID(trusted: "offer-none")]
        let kinds: [AudienceEvent.Kind] = [.pageView, .contentView, .play, .booking, .search]
        for (d, day) in days.enumerated() {
            let salt = DailySalt.random(for: day)
            for n in 0..<400 {
                let site = n % 3 == 0 ? other : institution
                let visitor = n % 37
                let offer = offers[n % offers.count]
                events.append(AudienceEvent(
                    institution: site, eventID: "e\(d)-\(n)", kind: kinds[n % kinds.count], occurredAt: day.start.addingTimeInterval(Double(n * 60)),
                    channel: n % 11 == 0 ? .app : .web, device: n % 2 == 0 ? .mobile : .desktop, offer: offer,
                    category: offer == nil ? nil : CategoryID(trusted: n % 2 == 0 ? "music.concert" : "heritage.museum-visit"),
                    communeCode: n % 5 == 0 ? nil : ["35238", "13055", "97411"][n % 3], ageBand: n % 7 == 0 ? .from18to24 : nil,
                    visitorKey: n % 13 == 0 ? nil : salt.visitorKey(institution: site, material: ["v\(visitor)"]), firstVisit: n % 17 == 0
                ))
            }
        }
        return events
    }

    static func seedWorks(_ store: SQLStore) async throws {
        try await store.write { tx in
            try await Fixtures.seed(tx)
            var italian = Fixtures.work("work-it")
            italian.countryOfOrigin = "IT"
            try await tx.save(italian)
            try await tx.save(Fixtures.offer("offer-fr", work: "work-a"))
            try await tx.save(Fixtures.offer("offer-it", work: "work-it"))
            try await tx.save(Fixtures.offer("offer-none"))
        }
    }

    static func profilesEqualTheInMemoryGrouping(_ store: SQLStore) async throws {
        try await seedWorks(store)
        let observatory = SQLObservatoryStore(store: store)
        let all = events()
        #expect(try await observatory.record(all) == all.count)
        let works: @Sendable (OfferID) -> (work: String, country: String?)? = { offer in
            ["offer-fr": ("work-a", "FR"), "offer-it": ("work-it", "IT")][offer.rawValue].map { (work: $0.0, country: Optional($0.1)) }
        }
        for day in days {
            let stored = try await observatory.profiles(on: day)
            let expected = DeviceDayProfile.group(all.filter { CollectionDay($0.occurredAt) == day }, works: works)
            #expect(Set(stored) == Set(expected) && stored.count == expected.count, "\(day): the engine groups as Swift does")
            #expect(stored.reduce(0) { $0 + $1.events } == 400)
            // Each unit's rows are consecutive: the release bounds a unit when the next one starts.
            var seen = Set<String>(), previous: String?
            for profile in stored {
                let unit = "\(profile.institution)/\(profile.visitor ?? "-")"
                if unit != previous { #expect(!seen.contains(unit), "\(unit) comes back after another unit"); seen.insert(unit) }
                previous = unit
            }
        }
        #expect(try await observatory.workIDs() == ["work-a", "work-it"])
    }

    static func migrationSixKeepsTheEventsOfMigrationFive(_ store: SQLStore) async throws {
        try await store.withTransaction { database in
            for (n, day) in [(1, 20_000), (2, 20_040)] {
                try await database.raw("""
                    INSERT INTO audience_events (institution_id, event_id, kind, occurred_at, day, channel, device, visitor_key, received_at)
                    VALUES ('inst-a', \(bind: "e\(n)"), 'page-view', \(bind: Double(day) * 86_400 - 978_307_200), \(bind: day), 'web', 'desktop', NULL, 0)
                    """).run()
            }
        }
        try await store.migrate()
        let rows = try await store.withTransaction { database in
            try await database.raw("SELECT event_id, day, first_visit FROM audience_events ORDER BY event_id").all()
        }
        #expect(try rows.map { try $0.decode(column: "event_id", as: String.self) } == ["e1", "e2"])
        #expect(try rows.allSatisfy { try $0.decode(column: "first_visit", as: Int.self) == 0 })
        if store.kind == .postgres {
            #expect(try await partitions(store).count == 2, "days 20 000 and 20 040 are in two months")
        }
    }

    static func postgresPartitionsByMonthAndDropsExpiredOnes(_ store: SQLStore) async throws {
        let observatory = SQLObservatoryStore(store: store)
        var policy = CollectionPolicy()
        policy.oldestAccepted = 86_400 * 900
        let collector = EventCollector(store: observatory, policy: policy)
        let now = RFC3339.dateTime("2026-12-01T10:00:00Z")!
        let batch = ["2024-09-03", "2024-10-01", "2025-01-15", "2025-01-16"].enumerated().map { n, day in
            EventSubmission(eventID: "e\(n)", kind: "play", occurredAt: "\(day)T10:00:00Z")
        }
        #expect(try await collector.submit(batch, institution: institution, now: now).recorded == 4)
        #expect(try await partitions(store) == ["audience_events_m202409", "audience_events_m202410", "audience_events_m202501"])
        let report = try await observatory.purge(now: now, policy: policy)
        #expect(report.events == 2)
        #expect(try await partitions(store) == ["audience_events_m202501"], "whole expired months are dropped, not deleted row by row")
        // A replay on the same day is one event; the same id on another day is another (ids are unique per day).
        let replay = try await collector.submit([EventSubmission(eventID: "e2", kind: "play", occurredAt: "2025-01-15T10:00:00Z")], institution: institution, now: now)
        #expect(replay.recorded == 0 && replay.duplicates == 1)
    }

    static func partitions(_ store: SQLStore) async throws -> [String] {
        try await store.withTransaction { database in
            try await database.raw("""
                SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
                WHERE p.relname = 'audience_events' ORDER BY c.relname
                """).all().map { try $0.decode(column: "name", as: String.self) }
        }
    }
}

@Suite("Observatory aggregation on SQLite")
struct SQLiteObservatoryAggregationTests {
    @Test(arguments: TestDatabase.sqlite)
    func profiles(_ db: TestDatabase) async throws { try await db.withStore(ObservatoryAggregationChecks.profilesEqualTheInMemoryGrouping) }

    @Test(arguments: TestDatabase.sqlite)
    func migration(_ db: TestDatabase) async throws {
        try await db.withStore(migratedThrough: 5, ObservatoryAggregationChecks.migrationSixKeepsTheEventsOfMigrationFive)
    }
}

extension PostgresContractTests {
    @Test func observatoryProfiles() async throws { try await db.withStore(ObservatoryAggregationChecks.profilesEqualTheInMemoryGrouping) }
    @Test func observatoryMigrationSix() async throws {
        try await db.withStore(migratedThrough: 5, ObservatoryAggregationChecks.migrationSixKeepsTheEventsOfMigrationFive)
    }
    @Test func observatoryPartitions() async throws { try await db.withStore(ObservatoryAggregationChecks.postgresPartitionsByMonthAndDropsExpiredOnes) }
}
