public import Foundation
import PasserelleCore

/// An OAI-PMH UTC datestamp, in one of the protocol's two granularities: `YYYY-MM-DD` (day) or
/// `YYYY-MM-DDThh:mm:ssZ` (seconds). The text is kept as written, because a repository's `from` and `until` must be
/// sent back in its own granularity.
public struct OAIDatestamp: Sendable, Hashable, Comparable, CustomStringConvertible {
    public enum Granularity: String, Sendable, Hashable {
        case day = "YYYY-MM-DD"
        case seconds = "YYYY-MM-DDThh:mm:ssZ"
    }

    public let date: Date
    public let granularity: Granularity
    /// The datestamp as written (`2009-01-08`, `2011-09-05T12:51:52Z`).
    public let text: String

    /// A datestamp from its text, or nil when it is neither granularity (surrounding white space is ignored).
    public init?(_ raw: String) {
        let text = raw.trimmingWhiteSpace()
        let bytes = Array(text.utf8)
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                guard bytes[index] >= 0x30, bytes[index] <= 0x39 else { return nil }
                value = value * 10 + Int(bytes[index] - 0x30)
            }
            return value
        }
        guard bytes.count == 10 || bytes.count == 20, bytes[4] == 0x2D, bytes[7] == 0x2D,
            let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
            (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        var components = DateComponents(year: year, month: month, day: day, hour: 0, minute: 0, second: 0)
        if bytes.count == 20 {
            guard bytes[10] == 0x54, bytes[13] == 0x3A, bytes[16] == 0x3A, bytes[19] == 0x5A,
                let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19),
                hour < 24, minute < 60, second < 61
            else { return nil }
            (components.hour, components.minute, components.second) = (hour, minute, second)
        }
        guard let date = Self.calendar.date(from: components), Self.calendar.component(.day, from: date) == day else { return nil }
        self.date = date
        self.granularity = bytes.count == 10 ? .day : .seconds
        self.text = text
    }

    /// The datestamp of an instant in a granularity (the seconds one in UTC, as the protocol wants).
    public init(_ date: Date, granularity: Granularity) {
        let parts = Self.calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func two(_ value: Int?) -> String { String(format: "%02d", value ?? 0) }
        let day = String(format: "%04d", parts.year ?? 0) + "-" + two(parts.month) + "-" + two(parts.day)
        let text = granularity == .day ? day : day + "T" + two(parts.hour) + ":" + two(parts.minute) + ":" + two(parts.second) + "Z"
        self.date = Self.calendar.date(from: parts) ?? date
        self.granularity = granularity
        self.text = text
    }

    public var description: String { text }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.date < rhs.date }

    private static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()
}
