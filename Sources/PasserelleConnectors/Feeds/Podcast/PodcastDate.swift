import Foundation

/// Publication dates as feeds write them. RFC 822 read the lenient way Python's `email.utils.parsedate_tz` reads
/// it (podcastparser's reader): the day name optional, day and month in either order, full month names, a
/// two-digit year, `.` between the time's parts, zone names (`GMT`, `EST`, `PDT`…) or offsets; without a zone
/// (or with `-0000`, "zone unknown") it is UTC, as podcastparser reads it on a server (it takes the machine's
/// local time). Else ISO 8601 (Atom's dates) as the JSON-LD reader reads it: a day, or a date and time with an
/// optional fraction and `Z` or an offset, Paris time without one. Nil when unreadable.
enum PodcastDate {
    static func parse(_ raw: String) -> Date? {
        let text = PodcastText.strip(raw)
        guard !text.isEmpty else { return nil }
        return rfc822(text) ?? SchemaOrgEventMapper.date(text)
    }

    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
                                 "january", "february", "march", "april", "may", "june", "july", "august", "september",
                                 "october", "november", "december"]
    private static let days: Set<String> = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    private static let zones: [String: Int] = ["UT": 0, "UTC": 0, "GMT": 0, "Z": 0, "AST": -400, "ADT": -300, "EST": -500, "EDT": -400,
                                               "CST": -600, "CDT": -500, "MST": -700, "MDT": -600, "PST": -800, "PDT": -700]

    /// A port of `email._parseaddr._parsedate_tz`, step for step.
    static func rfc822(_ text: String) -> Date? {
        var data = text.split(whereSeparator: { $0.isWhitespace }).map(String.init)
        guard !data.isEmpty else { return nil }
        if data[0].hasSuffix(",") || days.contains(data[0].lowercased()) {
            data.removeFirst()
        } else if let comma = data[0].lastIndex(of: ",") {
            data[0] = String(data[0][data[0].index(after: comma)...])
        }
        if data.count == 3 {
            let stuff = data[0].split(separator: "-", omittingEmptySubsequences: false).map(String.init)
            if stuff.count == 3 { data = stuff + data[1...] }
        }
        if data.count == 4 {
            let s = data[3]
            if let sign = s.firstIndex(where: { $0 == "+" }) ?? s.firstIndex(where: { $0 == "-" }), sign > s.startIndex {
                data[3...] = [String(s[..<sign]), String(s[sign...])]
            } else {
                data.append("")
            }
        }
        guard data.count >= 5 else { return nil }
        var (dd, mm, yy, tm, tz) = (data[0], data[1].lowercased(), data[2], data[3], data[4])
        guard !dd.isEmpty, !mm.isEmpty, !yy.isEmpty else { return nil }
        if !months.contains(mm) {
            (dd, mm) = (mm, dd.lowercased())
            guard months.contains(mm) else { return nil }
        }
        var month = months.firstIndex(of: mm)! + 1
        if month > 12 { month -= 12 }
        if dd.hasSuffix(",") { dd.removeLast() }
        if let colon = yy.firstIndex(of: ":"), colon > yy.startIndex { (yy, tm) = (tm, yy) }
        if yy.hasSuffix(",") {
            yy.removeLast()
            guard !yy.isEmpty else { return nil }
        }
        if let first = yy.first, !first.isNumber { (yy, tz) = (tz, yy) }
        if tm.hasSuffix(",") { tm.removeLast() }
        var clock = tm.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        if clock.count == 1, tm.contains(".") { clock = tm.split(separator: ".", omittingEmptySubsequences: false).map(String.init) }
        guard clock.count == 2 || clock.count == 3 else { return nil }
        if clock.count == 2 { clock.append("0") }
        guard var year = PodcastText.integer(yy), let day = PodcastText.integer(dd), let hour = PodcastText.integer(clock[0]),
            let minute = PodcastText.integer(clock[1]), let second = PodcastText.integer(clock[2])
        else { return nil }
        if year < 100 { year += year > 68 ? 1_900 : 2_000 }
        var offset = zones[tz.uppercased()] ?? Int(tz)
        if offset == 0, tz.hasPrefix("-") { offset = nil }
        let seconds = offset.map { value in (value < 0 ? -1 : 1) * ((abs(value) / 100) * 3_600 + (abs(value) % 100) * 60) } ?? 0
        return utc(year: year, month: month, day: day, hour: hour, minute: minute, second: second).map { $0.addingTimeInterval(-Double(seconds)) }
    }

    /// Seconds since 1970 the way Python's `calendar.timegm` counts them: the day of the month and the time are
    /// added as numbers, so 31 February is 2 or 3 March (as podcastparser reads it), but the month must exist.
    /// Years are kept to 1…9999, the range a Python date has.
    private static func utc(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) -> Date? {
        guard (1...9_999).contains(year), (1...12).contains(month), abs(day) < 100_000, abs(hour) < 1_000_000,
            abs(minute) < 1_000_000, abs(second) < 1_000_000_000
        else { return nil }
        // Days from 1970-01-01 to the first of the month (Howard Hinnant's days_from_civil).
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        let days = era * 146_097 + dayOfEra - 719_468 + day - 1
        return Date(timeIntervalSince1970: Double(((days * 24 + hour) * 60 + minute) * 60 + second))
    }
}
