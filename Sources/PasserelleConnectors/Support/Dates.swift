import Foundation

/// Calendar dates of the sources, read in UTC so that ids and timestamps never depend on the machine's zone.
enum Dates {
    /// A `yyyy-MM-dd` day at midnight UTC, or nil.
    static func day(_ text: String) -> Date? {
        let parts = text.split(separator: "-")
        guard parts.count == 3, let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]) else { return nil }
        return utc(year: year, month: month, day: day)
    }

    /// A UTC instant from its parts, or nil when they do not form a date.
    static func utc(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0) -> Date? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let components = DateComponents(year: year, month: month, day: day, hour: hour, minute: minute)
        guard components.isValidDate(in: calendar) else { return nil }
        return calendar.date(from: components)
    }
}
