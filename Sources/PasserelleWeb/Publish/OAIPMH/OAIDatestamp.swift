import Foundation
import PasserelleCore

/// OAI-PMH datestamps at the granularity declared in Identify, `YYYY-MM-DDThh:mm:ssZ` (UTC). Requests may also use
/// days (`YYYY-MM-DD`), which every repository must accept (spec §3.3.1).
enum OAIDatestamp {
    /// `2026-05-01T20:30:00Z`, the instant rounded down to its second (a record changed at 20:30:00.7 is in
    /// `until=2026-05-01T20:30:00Z`).
    static func format(_ date: Date) -> String {
        Date(timeIntervalSinceReferenceDate: date.timeIntervalSinceReferenceDate.rounded(.down)).ISO8601Format()
    }

    /// A `from` or `until` value, as the instants it covers.
    struct Bound: Hashable {
        enum Granularity: Hashable { case day, second }
        /// The first instant of the day or second.
        let start: Date
        /// The first instant after it.
        let end: Date
        let granularity: Granularity
    }

    /// The bound `text` names, or nil when it is neither granularity (fractions, offsets and impossible dates refused).
    static func parse(_ text: String) -> Bound? {
        let bytes = Array(text.utf8)
        if bytes.count == 10, let day = RFC3339.date(text) {
            return Bound(start: day, end: day.addingTimeInterval(86_400), granularity: .day)
        }
        // RFC 3339 would also take fractions, offsets and a lowercase t or z; OAI-PMH takes exactly this shape.
        guard bytes.count == 20, bytes[10] == UInt8(ascii: "T"), bytes[19] == UInt8(ascii: "Z"), let instant = RFC3339.dateTime(text) else {
            return nil
        }
        return Bound(start: instant, end: instant.addingTimeInterval(1), granularity: .second)
    }
}
