public import Foundation
public import PasserelleCore
import SQLKit

/// Registered feeds and their leases, in the catalogue's database.
extension SQLStore: FeedSourceStore {
    public func saveFeedSource(_ source: FeedSource, now: Date) async throws {
        let issues = source.validationIssues()
        guard issues.isEmpty else { throw CoreError(.invalid, "the feed is not valid", issues: issues) }
        try await withTransaction { database in
            // One institution's feeds are written one at a time (PostgreSQL): two registrations at once would both
            // count 49 active feeds and make 51.
            try await Self.lock(database, "institutions", source.institutionID.rawValue)
            let sameURL = try await database.raw(
                "SELECT id FROM feed_sources WHERE institution_id = \(bind: source.institutionID.rawValue) AND url = \(bind: source.url.absoluteString)"
            ).first()?.decode(column: "id", as: String.self)
            if let sameURL, sameURL != source.id.rawValue {
                throw CoreError(.conflict, "the institution already registered this URL as feed \(sameURL)")
            }
            let existing = try await database.raw("SELECT institution_id, status FROM feed_sources WHERE id = \(bind: source.id.rawValue)").first()
            let owner = try existing?.decode(column: "institution_id", as: String.self)
            let wasActive = try existing?.decode(column: "status", as: String.self) == RecordStatus.active.rawValue
            if let owner, owner != source.institutionID.rawValue {
                throw CoreError(.forbidden, "feed \(source.id.rawValue) belongs to another institution")
            }
            // A changed configuration reads the document afresh: the last read's validators would answer 304.
            if owner != nil, let previous = try await database.raw("SELECT kind, url, default_category, mapping FROM feed_sources WHERE id = \(bind: source.id.rawValue)").first(),
               try previous.decode(column: "kind", as: String.self) != source.kind
                || previous.decode(column: "url", as: String.self) != source.url.absoluteString
                || previous.decode(column: "default_category", as: String?.self) != source.defaultCategory?.rawValue
                || previous.decode(column: "mapping", as: String?.self) != source.mapping {
                try await database.raw("UPDATE feed_sources SET etag = NULL, last_modified = NULL WHERE id = \(bind: source.id.rawValue)").run()
            }
            // A new feed, and a withdrawn one registered again, count against the limit.
            if source.status == .active, !wasActive {
                let count = try await database.raw(
                    "SELECT COUNT(*) AS n FROM feed_sources WHERE institution_id = \(bind: source.institutionID.rawValue) AND status = 'active'"
                ).first()?.decode(column: "n", as: Int.self) ?? 0
                guard count < FeedSource.maximumPerInstitution else {
                    throw CoreError(.limitExceeded, "an institution registers at most \(FeedSource.maximumPerInstitution) feeds")
                }
            }
            let written = try await database.raw(
                """
                INSERT INTO feed_sources (id, institution_id, kind, url, default_category, mapping, interval_minutes, status, next_run_at)
                VALUES (\(bind: source.id.rawValue), \(bind: source.institutionID.rawValue), \(bind: source.kind), \(bind: source.url.absoluteString),
                        \(bind: source.defaultCategory?.rawValue), \(bind: source.mapping), \(bind: source.intervalMinutes),
                        \(bind: source.status.rawValue), \(bind: now.timeIntervalSinceReferenceDate))
                ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, url = excluded.url, default_category = excluded.default_category,
                    mapping = excluded.mapping, interval_minutes = excluded.interval_minutes, status = excluded.status
                    WHERE feed_sources.institution_id = excluded.institution_id
                RETURNING id
                """
            ).first()
            // Another institution created this id between the owner check and the write (PostgreSQL, read committed):
            // its row is left as it is.
            guard written != nil else { throw CoreError(.forbidden, "feed \(source.id.rawValue) belongs to another institution") }
        }
    }

    public func feedSource(_ id: FeedSourceID) async throws -> FeedSourceRecord? {
        try await withReadTransaction { database in
            try await database.raw("SELECT * FROM feed_sources WHERE id = \(bind: id.rawValue)").first().map(Self.feedSourceRecord)
        }
    }

    public func feedSources(of institution: InstitutionID?) async throws -> [FeedSourceRecord] {
        try await withReadTransaction { database in
            let rows = if let institution {
                try await database.raw("SELECT * FROM feed_sources WHERE institution_id = \(bind: institution.rawValue) ORDER BY id").all()
            } else {
                try await database.raw("SELECT * FROM feed_sources ORDER BY id").all()
            }
            return try rows.map(Self.feedSourceRecord)
        }
    }

    public func claimDueFeedSource(owner: String, now: Date, lease: TimeInterval) async throws -> FeedSourceRecord? {
        let at = now.timeIntervalSinceReferenceDate
        // PostgreSQL: the row is locked while chosen and a row another claim holds is skipped; SQLite has one writer.
        let lock = kind == .postgres ? SQLRaw(" FOR UPDATE SKIP LOCKED") : SQLRaw("")
        return try await withTransaction { database in
            try await database.raw(
                """
                UPDATE feed_sources SET lease_owner = \(bind: owner), lease_until = \(bind: at + lease)
                WHERE id = (SELECT id FROM feed_sources
                            WHERE status = 'active' AND next_run_at <= \(bind: at) AND (lease_until IS NULL OR lease_until < \(bind: at))
                            ORDER BY next_run_at, id LIMIT 1\(lock))
                RETURNING *
                """
            ).first().map(Self.feedSourceRecord)
        }
    }

    public func finishFeedRun(_ id: FeedSourceID, owner: String, state: FeedSourceState) async throws -> Bool {
        try await withTransaction { database in
            let held = try await database.raw(
                """
                UPDATE feed_sources SET next_run_at = \(bind: state.nextRunAt.timeIntervalSinceReferenceDate), etag = \(bind: state.etag),
                    last_modified = \(bind: state.lastModified), last_run_at = \(bind: state.lastRunAt?.timeIntervalSinceReferenceDate),
                    last_outcome = \(bind: state.lastOutcome), last_message = \(bind: state.lastMessage.map { String($0.prefix(2_000)) }),
                    consecutive_failures = \(bind: state.consecutiveFailures), lease_owner = NULL, lease_until = NULL
                WHERE id = \(bind: id.rawValue) AND lease_owner = \(bind: owner)
                RETURNING id
                """
            ).first()
            return held != nil
        }
    }

    public func scheduleFeedSoon(_ id: FeedSourceID, at date: Date) async throws {
        try await withTransaction { database in
            try await database.raw(
                "UPDATE feed_sources SET next_run_at = \(bind: date.timeIntervalSinceReferenceDate) WHERE id = \(bind: id.rawValue) AND status = 'active'"
            ).run()
        }
    }

    private static func feedSourceRecord(_ row: any SQLRow) throws -> FeedSourceRecord {
        func date(_ column: String) throws -> Date? { try row.decode(column: column, as: Double?.self).map(Date.init(timeIntervalSinceReferenceDate:)) }
        let urlText = try row.decode(column: "url", as: String.self)
        guard let url = URL(string: urlText) else { throw StorageError.corruptColumn("feed_sources.url", urlText) }
        let source = FeedSource(
            id: FeedSourceID(trusted: try row.decode(column: "id", as: String.self)),
            institutionID: InstitutionID(trusted: try row.decode(column: "institution_id", as: String.self)),
            kind: try row.decode(column: "kind", as: String.self), url: url,
            defaultCategory: try row.decode(column: "default_category", as: String?.self).map(CategoryID.init(trusted:)),
            mapping: try row.decode(column: "mapping", as: String?.self),
            intervalMinutes: try row.decode(column: "interval_minutes", as: Int.self),
            status: RecordStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .withdrawn)
        let state = FeedSourceState(
            nextRunAt: try date("next_run_at") ?? .distantPast, etag: try row.decode(column: "etag", as: String?.self),
            lastModified: try row.decode(column: "last_modified", as: String?.self), lastRunAt: try date("last_run_at"),
            lastOutcome: try row.decode(column: "last_outcome", as: String?.self), lastMessage: try row.decode(column: "last_message", as: String?.self),
            consecutiveFailures: try row.decode(column: "consecutive_failures", as: Int.self))
        return FeedSourceRecord(source: source, state: state)
    }
}
