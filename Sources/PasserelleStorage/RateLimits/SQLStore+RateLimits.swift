public import PasserelleCore
import SQLKit

/// Rate-limit windows in the database: one upsert per attempt, atomic on both engines, so concurrent attempts
/// from several processes are all counted.
extension SQLStore: RateLimitStore {
    public func countAttempt(bucket: String, window: Int64, previous: Int64) async throws -> RateLimitCounts {
        let counts = kind == .postgres ? try await countAttemptInOneStatement(bucket: bucket, window: window, previous: previous)
                                       : try await countAttemptInTransaction(bucket: bucket, window: window, previous: previous)
        // Buckets nobody tries again would stay for ever: now and then, forget every window older than the longest
        // limit's two windows.
        if counts.current == 1, Int.random(in: 0..<64) == 0 {
            try await withTransaction { database in
                try await database.raw("DELETE FROM rate_limit_windows WHERE window_start < \(bind: window - 2 * RateLimit.longestWindow)").run()
            }
        }
        return counts
    }

    /// PostgreSQL, on every booking and sign-in: one round trip, atomic as any single statement. The bucket's old
    /// window forgotten, this one counted, the previous one read (the DELETE removes only windows older than it, so
    /// the statement's one snapshot reads it right), and the commit not waiting for its WAL flush (`set_config`
    /// local to this statement's own transaction): a count lost in a crash costs a guesser a few tries, not money.
    private func countAttemptInOneStatement(bucket: String, window: Int64, previous: Int64) async throws -> RateLimitCounts {
        let row = try await withWriteStatement { database in
            try await database.raw(
                """
                WITH forgotten AS (DELETE FROM rate_limit_windows WHERE bucket = \(bind: bucket) AND window_start < \(bind: previous)),
                counted AS (
                    INSERT INTO rate_limit_windows (bucket, window_start, attempts) VALUES (\(bind: bucket), \(bind: window), 1)
                    ON CONFLICT (bucket, window_start) DO UPDATE SET attempts = rate_limit_windows.attempts + 1
                    RETURNING attempts
                )
                SELECT (SELECT attempts FROM counted) AS current,
                       COALESCE((SELECT attempts FROM rate_limit_windows WHERE bucket = \(bind: bucket) AND window_start = \(bind: previous)), 0) AS previous,
                       set_config('synchronous_commit', 'off', true) AS no_flush
                """
            ).first()
        }
        return RateLimitCounts(current: try row?.decode(column: "current", as: Int.self) ?? 1, previous: try row?.decode(column: "previous", as: Int.self) ?? 0)
    }

    /// SQLite: three statements under its one writer (no round trips to save in-process).
    private func countAttemptInTransaction(bucket: String, window: Int64, previous: Int64) async throws -> RateLimitCounts {
        try await withTransaction { database in
            try await database.raw("DELETE FROM rate_limit_windows WHERE bucket = \(bind: bucket) AND window_start < \(bind: previous)").run()
            let current = try await database.raw(
                """
                INSERT INTO rate_limit_windows (bucket, window_start, attempts) VALUES (\(bind: bucket), \(bind: window), 1)
                ON CONFLICT (bucket, window_start) DO UPDATE SET attempts = rate_limit_windows.attempts + 1
                RETURNING attempts
                """
            ).first()?.decode(column: "attempts", as: Int.self) ?? 1
            let before = try await database.raw(
                "SELECT attempts FROM rate_limit_windows WHERE bucket = \(bind: bucket) AND window_start = \(bind: previous)"
            ).first()?.decode(column: "attempts", as: Int.self) ?? 0
            return RateLimitCounts(current: current, previous: before)
        }
    }

    public func refundAttempt(bucket: String, window: Int64) async throws {
        try await withTransaction { database in
            try await Self.countsNeedNoFlush(database)
            try await database.raw(
                """
                UPDATE rate_limit_windows SET attempts = attempts - 1
                WHERE bucket = \(bind: bucket) AND window_start = \(bind: window) AND attempts > 0
                """
            ).run()
        }
    }

    /// A count lost in a crash costs a guesser's few tries, not money: on PostgreSQL this transaction commits without
    /// waiting for its WAL to reach the disk (still atomic, and durable a moment later), which takes one flush off
    /// every booking and sign-in.
    private static func countsNeedNoFlush(_ database: any SQLDatabase) async throws {
        guard database.dialect.name == "postgresql" else { return }
        try await database.raw("SET LOCAL synchronous_commit = off").run()
    }
}
