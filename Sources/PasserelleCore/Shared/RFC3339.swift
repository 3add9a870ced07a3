public import Foundation

/// Strict RFC 3339 dates and date-times, years 0001–9999.
///
/// Foundation's ISO 8601 parser normalises impossible values (`2026-02-30` becomes 2 March, `25:61:61` rolls
/// over) and accepts year 10000, which it then writes back as `10000-01-01T00:00:00Z`, not RFC 3339. Here every
/// field is range-checked against the calendar, so a date either means what it says or is refused.
public enum RFC3339 {
    /// `2026-05-01T20:30:00Z`, `2026-05-01t20:30:00.125+02:00`; nil for anything else, including leap
    /// seconds (`:60`, which `Date` cannot hold) and instants outside 0001-01-01T00:00:00Z…9999-12-31T23:59:59Z.
    public static func dateTime(_ text: String) -> Date? {
        var scanner = DigitScanner(Array(text.utf8))
        guard let (year, month, day) = scanner.fullDate(), scanner.take(["T", "t"]),
            let hour = scanner.number(2), hour <= 23, scanner.take([":"]),
            let minute = scanner.number(2), minute <= 59, scanner.take([":"]),
            let second = scanner.number(2), second <= 59
        else { return nil }
        var fraction = 0.0
        if scanner.take(["."]) {
            guard let digits = scanner.digits(max: 9) else { return nil }
            fraction = Double(digits.value) / pow(10, Double(digits.count))
        }
        let offsetMinutes: Int
        if scanner.take(["Z", "z"]) {
            offsetMinutes = 0
        } else {
            guard let sign = scanner.sign(), let offsetHours = scanner.number(2), offsetHours <= 23, scanner.take([":"]),
                let offsetMinute = scanner.number(2), offsetMinute <= 59
            else { return nil }
            offsetMinutes = sign * (offsetHours * 60 + offsetMinute)
        }
        guard scanner.atEnd else { return nil }
        let local = Double(daysSinceEpoch(year: year, month: month, day: day)) * 86_400
            + Double(hour * 3_600 + minute * 60 + second)
        let utc = local - Double(offsetMinutes * 60)
        guard utc >= earliest, utc < latestExclusive else { return nil }
        return Date(timeIntervalSince1970: utc + fraction)
    }

    /// `2026-05-01` as midnight UTC; nil when the date does not exist.
    public static func date(_ text: String) -> Date? {
        var scanner = DigitScanner(Array(text.utf8))
        guard let (year, month, day) = scanner.fullDate(), scanner.atEnd else { return nil }
        return Date(timeIntervalSince1970: Double(daysSinceEpoch(year: year, month: month, day: day)) * 86_400)
    }

    /// Whether `date` can be written as an RFC 3339 date-time (its UTC year is 0001–9999).
    public static func isRepresentable(_ date: Date) -> Bool {
        let seconds = date.timeIntervalSince1970
        return seconds >= earliest && seconds < latestExclusive
    }

    /// 0001-01-01T00:00:00Z and 10000-01-01T00:00:00Z in seconds since 1970.
    static let earliest = Double(daysSinceEpoch(year: 1, month: 1, day: 1)) * 86_400
    static let latestExclusive = Double(daysSinceEpoch(year: 10_000, month: 1, day: 1)) * 86_400

    static func isLeapYear(_ year: Int) -> Bool { year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) }

    static func daysInMonth(_ month: Int, year: Int) -> Int {
        switch month {
        case 2: isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days from 1970-01-01 in the proleptic Gregorian calendar (Howard Hinnant's `days_from_civil`).
    static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}

/// Reads fixed-width ASCII digits and separators, front to back.
private struct DigitScanner {
    let bytes: [UInt8]
    var index = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var atEnd: Bool { index == bytes.count }

    /// `YYYY-MM-DD` with the day checked against the month and year.
    mutating func fullDate() -> (Int, Int, Int)? {
        guard let year = number(4), year >= 1, take(["-"]), let month = number(2), (1...12).contains(month), take(["-"]),
            let day = number(2), day >= 1, day <= RFC3339.daysInMonth(month, year: year)
        else { return nil }
        return (year, month, day)
    }

    /// Exactly `width` digits.
    mutating func number(_ width: Int) -> Int? {
        guard index + width <= bytes.count else { return nil }
        var value = 0
        for byte in bytes[index..<index + width] {
            guard byte >= 0x30 && byte <= 0x39 else { return nil }
            value = value * 10 + Int(byte - 0x30)
        }
        index += width
        return value
    }

    /// One to `max` digits (a fraction of a second; more precision than `Date` keeps is refused, not cut).
    mutating func digits(max: Int) -> (value: Int, count: Int)? {
        var value = 0
        var count = 0
        while index < bytes.count, bytes[index] >= 0x30 && bytes[index] <= 0x39 {
            guard count < max else { return nil }
            value = value * 10 + Int(bytes[index] - 0x30)
            count += 1
            index += 1
        }
        return count == 0 ? nil : (value, count)
    }

    mutating func sign() -> Int? {
        if take(["+"]) { return 1 }
        if take(["-"]) { return -1 }
        return nil
    }

    mutating func take(_ options: [Unicode.Scalar]) -> Bool {
        guard index < bytes.count, options.contains(where: { UInt8($0.value) == bytes[index] }) else { return false }
        index += 1
        return true
    }
}
