public import Foundation
import PasserelleCore
public import PasserelleObservatory
import SQLKit

/// The observatory's salts and raw events on SQLite or PostgreSQL, in the catalogue's database (migration 5).
public struct SQLObservatoryStore: ObservatoryStore {
    /// The store whose database holds the tables (after `migrate()`).
    public let store: SQLStore

    /// An observatory store over an opened, migrated `SQLStore`.
    public init(store: SQLStore) { self.store = store }

    /// Rows per INSERT: 14 binds each keeps a statement far below both engines' bind limits.
    static let rowsPerStatement = 500

    /// See `ObservatoryStore.salt`: insert-if-absent then read, in one transaction, so two processes agree.
    public func salt(for day: CollectionDay, now: Date, policy: CollectionPolicy) async throws -> DailySalt {
        guard day >= policy.oldestLiveSaltDay(now: now) else {
            throw ObservatoryError(.saltExpired, "the salt of \(day) was deleted after 48 h; its visitor keys cannot be computed again")
        }
        let fresh = DailySalt.random(for: day)
        return try await store.withTransaction { database in
            try await database.raw("""
                INSERT INTO observatory_salts (day, salt, created_at)
                VALUES (\(bind: day.number), \(bind: Hex.encode(fresh.bytes)), \(bind: now.timeIntervalSinceReferenceDate))
                ON CONFLICT (day) DO NOTHING
                """).run()
            guard let row = try await database.raw("SELECT salt FROM observatory_salts WHERE day = \(bind: day.number)").first(),
                  let bytes = Hex.decode(try row.decode(column: "salt", as: String.self)),
                  let salt = DailySalt(day: day, bytes: bytes) else {
                throw ObservatoryError(.storage, "the salt of \(day) is missing or corrupt right after its creation")
            }
            return salt
        }
    }

    /// See `ObservatoryStore.record`.
    public func record(_ events: [AudienceEvent]) async throws -> Int {
        guard !events.isEmpty else { return 0 }
        if store.kind == .postgres { try await AudiencePartitions.ensure(days: Set(events.map { CollectionDay($0.occurredAt).number }), in: store) }
        let received = Date().timeIntervalSinceReferenceDate
        return try await store.withTransaction { database in
            var inserted = 0
            for start in stride(from: 0, to: events.count, by: Self.rowsPerStatement) {
                let chunk = events[start..<min(start + Self.rowsPerStatement, events.count)]
                var query = SQLQueryString("""
                    INSERT INTO audience_events (institution_id, event_id, kind, occurred_at, day, channel, device, offer_id, \
                    category_id, commune_code, age_band, visitor_key, received_at, first_visit) VALUES 
                    """)
                for (i, event) in chunk.enumerated() {
                    if i > 0 { query.appendLiteral(", ") }
                    query.appendInterpolation(unsafeRaw: "(")
                    query.appendInterpolation(bind: event.institution.rawValue)
                    for value in [event.eventID, event.kind.rawValue] as [any Encodable & Sendable] {
                        query.appendLiteral(", ")
                        query.appendInterpolation(bind: value)
                    }
                    query.appendLiteral(", ")
                    query.appendInterpolation(bind: event.occurredAt.timeIntervalSinceReferenceDate)
                    query.appendLiteral(", ")
                    query.appendInterpolation(bind: CollectionDay(event.occurredAt).number)
                    let optional: [String?] = [
                        event.channel.rawValue, event.device.rawValue, event.offer?.rawValue, event.category?.rawValue,
                        event.communeCode, event.ageBand?.rawValue, event.visitorKey.map { Hex.encode($0.bytes) },
                    ]
                    for value in optional {
                        query.appendLiteral(", ")
                        query.appendInterpolation(bind: value)
                    }
                    query.appendLiteral(", ")
                    query.appendInterpolation(bind: received)
                    query.appendLiteral(", ")
                    query.appendInterpolation(bind: event.firstVisit ? 1 : 0)
                    query.appendLiteral(")")
                }
                query.appendLiteral(" ON CONFLICT (institution_id, day, event_id) DO NOTHING RETURNING event_id")
                inserted += try await database.raw(query).all().count
            }
            return inserted
        }
    }

    /// See `ObservatoryStore.purge`.
    public func purge(now: Date, policy: CollectionPolicy) async throws -> PurgeReport {
        let oldestSalt = policy.oldestLiveSaltDay(now: now).number
        let cutoff = policy.retentionCutoff(now: now).timeIntervalSinceReferenceDate
        return try await store.withTransaction { database in
            let salts = try await database.raw("DELETE FROM observatory_salts WHERE day < \(bind: oldestSalt) RETURNING day").all().count
            // PostgreSQL drops whole expired months first (no row-by-row delete, no bloat); the rest row by row.
            let dropped = store.kind == .postgres
                ? try await AudiencePartitions.dropExpired(before: CollectionDay(policy.retentionCutoff(now: now)).number, on: database) : 0
            let count = try await database.raw("SELECT COUNT(*) AS n FROM audience_events WHERE occurred_at < \(bind: cutoff)").first()
            try await database.raw("DELETE FROM audience_events WHERE occurred_at < \(bind: cutoff)").run()
            return PurgeReport(salts: salts, events: dropped + (try count?.decode(column: "n", as: Int.self) ?? 0))
        }
    }
}

extension SQLObservatoryStore {
    /// Rows per page when reading a month of events.
    static let eventsPerPage = 10_000

    /// See `ObservatoryStore.events`: keyset pages on (occurred_at, institution_id, event_id).
    public func events(from: CollectionDay, through: CollectionDay) async throws -> [AudienceEvent] {
        let start = from.start.timeIntervalSinceReferenceDate, end = through.next.start.timeIntervalSinceReferenceDate
        var result = [AudienceEvent](), after: (Double, String, String)?
        while true {
            let cursor = after.map { SQLQueryString(" AND (occurred_at, institution_id, event_id) > (\(bind: $0.0), \(bind: $0.1), \(bind: $0.2))") } ?? ""
            let rows = try await store.withTransaction { database in
                try await database.raw("""
                    SELECT institution_id, event_id, kind, occurred_at, channel, device, offer_id, category_id, commune_code, \
                    age_band, visitor_key, first_visit FROM audience_events
                    WHERE occurred_at >= \(bind: start) AND occurred_at < \(bind: end)\(cursor)
                    ORDER BY occurred_at, institution_id, event_id LIMIT \(unsafeRaw: String(Self.eventsPerPage))
                    """).all()
            }
            for row in rows { result.append(try Self.event(row)) }
            guard rows.count == Self.eventsPerPage, let last = result.last else { return result }
            after = (last.occurredAt.timeIntervalSinceReferenceDate, last.institution.rawValue, last.eventID)
        }
    }

    /// See `ObservatoryStore.hasEvents`.
    public func hasEvents(from: CollectionDay, through: CollectionDay) async throws -> Bool {
        let start = from.start.timeIntervalSinceReferenceDate, end = through.next.start.timeIntervalSinceReferenceDate
        return try await store.withTransaction { database in
            try await database.raw("""
                SELECT 1 AS found FROM audience_events WHERE occurred_at >= \(bind: start) AND occurred_at < \(bind: end) LIMIT 1
                """).first() != nil
        }
    }

    /// See `ObservatoryStore.save`.
    public func save(_ release: MonthlyRelease) async throws {
        let document = String(decoding: try Self.encoder.encode(release), as: UTF8.self)
        try await store.withTransaction { database in
            let inserted = try await database.raw("""
                INSERT INTO observatory_releases (period, created_at, document)
                VALUES (\(bind: release.period.description), \(bind: release.createdAt.timeIntervalSinceReferenceDate), \(bind: document))
                ON CONFLICT (period) DO NOTHING RETURNING period
                """).all()
            guard !inserted.isEmpty else {
                throw ObservatoryError(.alreadyReleased, "\(release.period) was already released; releases are immutable")
            }
        }
    }

    /// See `ObservatoryStore.release`.
    public func release(_ period: ReleasePeriod) async throws -> MonthlyRelease? {
        let row = try await store.withTransaction { database in
            try await database.raw("SELECT document FROM observatory_releases WHERE period = \(bind: period.description)").first()
        }
        guard let row else { return nil }
        return try Self.decoder.decode(MonthlyRelease.self, from: Data(try row.decode(column: "document", as: String.self).utf8))
    }

    /// See `ObservatoryStore.releasedPeriods`.
    public func releasedPeriods() async throws -> [ReleasePeriod] {
        let rows = try await store.withTransaction { database in
            try await database.raw("SELECT period FROM observatory_releases ORDER BY period DESC").all()
        }
        return try rows.compactMap { ReleasePeriod(try $0.decode(column: "period", as: String.self)) }
    }

    private static func event(_ row: any SQLRow) throws -> AudienceEvent {
        func text(_ column: String) throws -> String { try row.decode(column: column, as: String.self) }
        func optional(_ column: String) throws -> String? { try row.decode(column: column, as: String?.self) }
        guard let kind = AudienceEvent.Kind(rawValue: try text("kind")), let channel = AudienceEvent.Channel(rawValue: try text("channel")),
              let device = AudienceEvent.DeviceClass(rawValue: try text("device")) else {
            throw ObservatoryError(.storage, "audience_events holds an unknown kind, channel or device")
        }
        return AudienceEvent(
            institution: .init(trusted: try text("institution_id")), eventID: try text("event_id"), kind: kind,
            occurredAt: Date(timeIntervalSinceReferenceDate: try row.decode(column: "occurred_at", as: Double.self)),
            channel: channel, device: device, offer: try optional("offer_id").map { .init(trusted: $0) },
            category: try optional("category_id").map { .init(trusted: $0) }, communeCode: try optional("commune_code"),
            ageBand: try optional("age_band").flatMap(AudienceEvent.AgeBand.init(rawValue:)),
            visitorKey: try optional("visitor_key").flatMap(Hex.decode).flatMap { VisitorKey(bytes: $0) },
            firstVisit: try row.decode(column: "first_visit", as: Int.self) == 1
        )
    }

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }()

    private static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }()
}
