public import Foundation
import PasserelleCore

/// A calendar month (`YYYY-MM`, UTC): the period of a release and of its privacy ledger.
public struct ReleasePeriod: Sendable, Hashable, Comparable, CustomStringConvertible, Codable {
    /// The year, 2000…2999.
    public let year: Int
    /// The month, 1…12.
    public let month: Int

    /// Parses `YYYY-MM`; nil for anything else (`2026-13`, `2026-1`, `26-01`).
    public init?(_ text: String) {
        guard let (year, month) = YearMonth.parse(text) else { return nil }
        self.year = year
        self.month = month
    }

    /// The month containing `date`.
    public init(containing date: Date) {
        let parts = Self.calendar.dateComponents([.year, .month], from: date)
        year = parts.year!
        month = parts.month!
    }

    /// `YYYY-MM`.
    public var description: String { String(format: "%04d-%02d", year, month) }

    /// The first day of the month.
    public var firstDay: CollectionDay { CollectionDay(Self.calendar.date(from: DateComponents(year: year, month: month, day: 1))!) }

    /// The last day of the month.
    public var lastDay: CollectionDay { next.firstDay.previous }

    /// The month after.
    public var next: ReleasePeriod { month == 12 ? ReleasePeriod(validYear: year + 1, month: 1) : ReleasePeriod(validYear: year, month: month + 1) }

    /// The month before.
    public var previous: ReleasePeriod { month == 1 ? ReleasePeriod(validYear: year - 1, month: 12) : ReleasePeriod(validYear: year, month: month - 1) }

    /// True once the month is over at `now` (a release covers a whole month).
    public func isOver(at now: Date) -> Bool { next.firstDay.start <= now }

    /// Chronological order.
    public static func < (a: ReleasePeriod, b: ReleasePeriod) -> Bool { (a.year, a.month) < (b.year, b.month) }

    /// Encoded as `YYYY-MM`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    /// Decoded from `YYYY-MM`.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let period = ReleasePeriod(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a month YYYY-MM: \(text)"))
        }
        self = period
    }

    private init(validYear: Int, month: Int) {
        year = validYear
        self.month = month
    }

    private static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()
}
