public import Foundation

/// At most `limit` attempts per `window` seconds, counted per bucket (an email, an address, a beneficiary) in the
/// database so that every `serve` process shares the count. The count is the sliding-window estimate that
/// Cloudflare and nginx use: the current fixed window's attempts plus the previous window's, weighted by how much
/// of it still overlaps the last `window` seconds. Two rows per bucket, whatever the traffic.
public struct RateLimit: Sendable, Hashable, CustomStringConvertible {
    public let limit: Int
    /// Seconds; 1 s to one day.
    public let window: Int64

    public static let longestWindow: Int64 = 86_400

    public init?(limit: Int, window: Int64) {
        guard limit >= 1, limit <= 1_000_000_000, window >= 1, window <= Self.longestWindow else { return nil }
        self.limit = limit
        self.window = window
    }

    /// Reads `5/15m`, `30/1m`, `10/1h`, `100/30s`, `1000/1d`.
    public init?(parsing text: String) {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let limit = Int(parts[0]), let unit = parts[1].last,
              let count = Int64(parts[1].dropLast()), count >= 1, count <= Self.longestWindow else { return nil }
        let seconds: Int64? = switch unit {
        case "s": count
        case "m": count * 60
        case "h": count * 3_600
        case "d": count * 86_400
        default: nil
        }
        guard let seconds else { return nil }
        self.init(limit: limit, window: seconds)
    }

    public var description: String { "\(limit) per \(window) s" }

    /// The fixed windows around `date`: the one it falls in and the one before (seconds since 1970).
    public func windows(at date: Date) -> (current: Int64, previous: Int64) {
        let now = Int64(date.timeIntervalSince1970.rounded(.down))
        let current = now - ((now % window) + window) % window
        return (current, current - window)
    }

    /// The estimate of attempts in the last `window` seconds at `date`, from the two windows' counts.
    public func estimate(_ counts: RateLimitCounts, at date: Date) -> Double {
        let (current, _) = windows(at: date)
        let elapsed = (date.timeIntervalSince1970 - Double(current)) / Double(window)
        return Double(counts.current) + Double(counts.previous) * max(0, 1 - elapsed)
    }

    /// Whether an attempt already counted in `counts` is within the limit.
    public func allows(_ counts: RateLimitCounts, at date: Date) -> Bool {
        estimate(counts, at: date) <= Double(limit)
    }

    /// How long until one more attempt would be allowed, given `counts` without it: within the current window
    /// the previous window's weight fades; past it the current window becomes the previous one.
    public func retryAfter(_ counts: RateLimitCounts, at date: Date) -> TimeInterval {
        let (current, _) = windows(at: date)
        let windowSeconds = Double(window)
        let nextWindow = Double(current) + windowSeconds
        let room = Double(limit - 1 - counts.current)
        if room >= 0 {
            // previous × (1 − f) ≤ room  ⇔  f ≥ 1 − room / previous
            guard counts.previous > 0 else { return 0 }
            let fraction = max(0, 1 - room / Double(counts.previous))
            return max(0, Double(current) + fraction * windowSeconds - date.timeIntervalSince1970)
        }
        // In the next window: current × (1 − f) ≤ limit − 1.
        let fraction = max(0, 1 - Double(limit - 1) / Double(counts.current))
        return max(0, nextWindow + fraction * windowSeconds - date.timeIntervalSince1970)
    }
}

/// The attempts counted in a bucket's current fixed window (the new one included) and in the window before.
public struct RateLimitCounts: Sendable, Hashable {
    public var current: Int
    public var previous: Int

    public init(current: Int, previous: Int) {
        self.current = current
        self.previous = previous
    }
}

/// Refused: too many attempts in the bucket; `retryAfter` seconds until the next one would be allowed.
public struct RateLimited: Error, Sendable, Hashable {
    public var retryAfter: TimeInterval
    public var limit: RateLimit

    public init(retryAfter: TimeInterval, limit: RateLimit) {
        self.retryAfter = retryAfter
        self.limit = limit
    }
}

/// Where attempts are counted: shared by every process using the database.
public protocol RateLimitStore: Sendable {
    /// Counts one attempt in `bucket`'s window starting at `window` and returns its count (this attempt included)
    /// with the count of the window starting at `previous`; forgets the bucket's older windows.
    func countAttempt(bucket: String, window: Int64, previous: Int64) async throws -> RateLimitCounts
    /// Takes back one attempt of that window (a refused attempt, or a login that succeeded).
    func refundAttempt(bucket: String, window: Int64) async throws
}

extension RateLimitStore {
    /// Counts an attempt under `limit`, or refunds it and throws `RateLimited` when it is one too many (so that
    /// hammering a closed door does not keep it closed longer). Returns the window to refund on success, if wanted.
    @discardableResult
    public func attempt(_ bucket: String, under limit: RateLimit, at date: Date = Date()) async throws -> Int64 {
        let (current, previous) = limit.windows(at: date)
        let counts = try await countAttempt(bucket: bucket, window: current, previous: previous)
        guard limit.allows(counts, at: date) else {
            try await refundAttempt(bucket: bucket, window: current)
            let without = RateLimitCounts(current: counts.current - 1, previous: counts.previous)
            throw RateLimited(retryAfter: limit.retryAfter(without, at: date), limit: limit)
        }
        return current
    }
}
