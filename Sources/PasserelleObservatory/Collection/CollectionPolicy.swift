public import Foundation

/// The explicit limits of collection, from the CNIL audience-measurement exemption and the service's capacity.
public struct CollectionPolicy: Sendable, Hashable {
    /// Raw events older than this many months are purged (CNIL: at most 25).
    public var retentionMonths = 25
    /// A day's salt is deleted this long after the day starts (48 h: the day and the next, for late events).
    public var saltLifetime: TimeInterval = 48 * 3_600
    /// Most events in one server-to-server batch.
    public var maximumBatch = 1_000
    /// Events accepted but not yet written, across all beacons; past it the beacon answers 503 with Retry-After.
    public var queueCapacity = 50_000
    /// Events older than this when received are refused: 40 days, so a batch sent late still reaches its month's
    /// release (made three days after the month ends) and any day of the previous month can always be sent.
    public var oldestAccepted: TimeInterval = 24 * 3_600 * 40
    /// Events dated further in the future than this are refused (clock skew allowance).
    public var futureSkew: TimeInterval = 5 * 60

    /// The defaults.
    public init() {}

    /// The oldest instant raw events may still be kept at `now`.
    public func retentionCutoff(now: Date) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar.date(byAdding: .month, value: -retentionMonths, to: now) ?? now
    }

    /// The oldest day whose salt may still exist at `now`.
    public func oldestLiveSaltDay(now: Date) -> CollectionDay {
        CollectionDay(now.addingTimeInterval(-saltLifetime)).next
    }
}

extension CollectionDay {
    /// The day after.
    public var next: CollectionDay { CollectionDay(number: number + 1) }
}
