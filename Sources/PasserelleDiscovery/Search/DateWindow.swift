public import Foundation

/// The date shortcuts a visitor picks ("today", "this weekend"), as instants in France's time zone.
public enum DateWindow: String, Sendable, Hashable, CaseIterable {
    case today, tomorrow, weekend, week, month

    /// Metropolitan France's civil time: a visitor's "today" ends at midnight in Paris, not in UTC.
    public static let timeZone = TimeZone(identifier: "Europe/Paris")!

    /// The window's first and last instants, seen from `now`:
    /// - `today`, `tomorrow`: that civil day;
    /// - `weekend`: from Saturday 00:00 to Sunday 23:59:59 (from now when it is already the weekend);
    /// - `week`, `month`: from now to the end of the 7th or 30th day.
    public func interval(from now: Date) -> (from: Date, to: Date) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = Self.timeZone
        let startOfToday = calendar.startOfDay(for: now)
        func endOfDay(_ offset: Int) -> Date {
            calendar.date(byAdding: .day, value: offset + 1, to: startOfToday)!.addingTimeInterval(-1)
        }
        switch self {
        case .today:
            return (now, endOfDay(0))
        case .tomorrow:
            return (calendar.date(byAdding: .day, value: 1, to: startOfToday)!, endOfDay(1))
        case .weekend:
            // Gregorian weekdays: 1 is Sunday, 7 is Saturday.
            let weekday = calendar.component(.weekday, from: now)
            if weekday == 1 { return (now, endOfDay(0)) }
            if weekday == 7 { return (now, endOfDay(1)) }
            let untilSaturday = 7 - weekday
            return (calendar.date(byAdding: .day, value: untilSaturday, to: startOfToday)!, endOfDay(untilSaturday + 1))
        case .week:
            return (now, endOfDay(6))
        case .month:
            return (now, endOfDay(29))
        }
    }
}
