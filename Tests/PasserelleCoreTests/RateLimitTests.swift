import Foundation
import PasserelleCore
import Testing

@Suite("Rate limits: parsing, sliding-window estimate, Retry-After")
struct RateLimitTests {
    @Test("reads count/window with s, m, h, d and refuses the rest")
    func parsing() throws {
        #expect(RateLimit(parsing: "5/15m") == RateLimit(limit: 5, window: 900))
        #expect(RateLimit(parsing: " 30/1m ") == RateLimit(limit: 30, window: 60))
        #expect(RateLimit(parsing: "10/1h")?.window == 3_600)
        #expect(RateLimit(parsing: "100/30s")?.window == 30)
        #expect(RateLimit(parsing: "1000/1d")?.window == 86_400)
        for bad in ["", "5", "5/", "/15m", "0/1m", "-1/1m", "5/0m", "5/15", "5/15w", "5/2d", "a/1m", "5/1m/2", "5/1.5m"] {
            #expect(RateLimit(parsing: bad) == nil, "\(bad) is refused")
        }
    }

    @Test("windows are aligned on multiples of the window, before 1970 too")
    func windows() throws {
        let limit = try #require(RateLimit(limit: 5, window: 60))
        let (current, previous) = limit.windows(at: Date(timeIntervalSince1970: 125.5))
        #expect(current == 120 && previous == 60)
        #expect(limit.windows(at: Date(timeIntervalSince1970: -1)).current == -60)
    }

    @Test("the previous window weighs by how much of it still overlaps")
    func estimate() throws {
        let limit = try #require(RateLimit(limit: 10, window: 100))
        let quarter = Date(timeIntervalSince1970: 1_025)  // a quarter into the window starting at 1 000
        #expect(limit.estimate(RateLimitCounts(current: 2, previous: 8), at: quarter) == 2 + 8 * 0.75)
        #expect(limit.allows(RateLimitCounts(current: 4, previous: 8), at: quarter), "4 + 6 = 10")
        #expect(!limit.allows(RateLimitCounts(current: 5, previous: 8), at: quarter), "5 + 6 = 11")
        #expect(limit.allows(RateLimitCounts(current: 10, previous: 0), at: quarter))
        #expect(!limit.allows(RateLimitCounts(current: 11, previous: 0), at: quarter))
    }

    @Test("Retry-After is when one more attempt would be allowed, and it then is")
    func retryAfter() throws {
        let limit = try #require(RateLimit(limit: 10, window: 100))
        let quarter = Date(timeIntervalSince1970: 1_025)
        // Room for one in the current window once the previous window's weight falls to 10 − 1 − 4 = 5: at 3/8 in.
        let fading = RateLimitCounts(current: 4, previous: 8)
        let wait = limit.retryAfter(fading, at: quarter)
        #expect(abs(wait - 12.5) < 1e-9)
        let later = quarter.addingTimeInterval(wait)
        #expect(limit.allows(RateLimitCounts(current: 5, previous: 8), at: later))
        #expect(!limit.allows(RateLimitCounts(current: 5, previous: 8), at: later.addingTimeInterval(-1)))
        // Full current window: wait into the next one, until its weight lets one more in.
        let full = RateLimitCounts(current: 10, previous: 3)
        let next = limit.retryAfter(full, at: quarter)
        #expect(abs(next - (75 + 10)) < 1e-9, "at 1 110 the 10 weigh 9, one more makes 10")
        #expect(limit.allows(RateLimitCounts(current: 1, previous: 10), at: quarter.addingTimeInterval(next)))
        #expect(limit.retryAfter(RateLimitCounts(current: 0, previous: 0), at: quarter) == 0)
    }

    @Test("a store's attempt counts, refuses one too many with its wait, and does not count the refused one")
    func attemptThroughAStore() async throws {
        let store = CountingStore()
        let limit = try #require(RateLimit(limit: 3, window: 60))
        let now = Date(timeIntervalSince1970: 6_000)
        for _ in 0..<3 { try await store.attempt("login:ana", under: limit, at: now) }
        let refused = await #expect(throws: RateLimited.self) { try await store.attempt("login:ana", under: limit, at: now) }
        #expect(refused?.retryAfter == 80 && refused?.limit == limit, "at 6 080 the 3 weigh 2, one more makes 3")
        #expect(await store.count("login:ana", 6_000) == 3, "the refused attempt was taken back")
        try await store.attempt("login:bob", under: limit, at: now)
        #expect(await store.count("login:bob", 6_000) == 1, "buckets are apart")
    }
}

/// An in-memory RateLimitStore, to test `attempt` apart from SQL (the SQL stores have their contract tests).
private actor CountingStore: RateLimitStore {
    var windows: [String: [Int64: Int]] = [:]

    func countAttempt(bucket: String, window: Int64, previous: Int64) -> RateLimitCounts {
        windows[bucket, default: [:]][window, default: 0] += 1
        return RateLimitCounts(current: windows[bucket]![window]!, previous: windows[bucket]![previous] ?? 0)
    }

    func refundAttempt(bucket: String, window: Int64) {
        windows[bucket]?[window]? -= 1
    }

    func count(_ bucket: String, _ window: Int64) -> Int { windows[bucket]?[window] ?? 0 }
}
