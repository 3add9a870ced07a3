import Foundation

/// Civil-calendar arithmetic on wall times counted in seconds from 1970-01-01T00:00 (proleptic Gregorian, no
/// zone): recurrences are expanded in these numbers, then converted to instants by the event's zone.
enum ICalCivil {
    static let day = 86_400

    /// Days from 1970-01-01 (Howard Hinnant's algorithm).
    static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func date(days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// 0 = Monday … 6 = Sunday.
    static func weekday(days: Int) -> Int { ((days + 3) % 7 + 7) % 7 }

    static func isLeap(_ year: Int) -> Bool { year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) }
    static func daysIn(year: Int) -> Int { isLeap(year) ? 366 : 365 }
    static func daysIn(year: Int, month: Int) -> Int {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    static func floorDiv(_ a: Int, _ b: Int) -> Int { a >= 0 ? a / b : -((-a + b - 1) / b) }
}

/// A DATE or DATE-TIME value as written: its wall time, whether it is a day, and whether it is UTC (`Z`).
struct ICalDateTime: Sendable, Hashable {
    let wall: Int
    let isDate: Bool
    let isUTC: Bool

    /// `19970714`, `19970714T133000`, `19970714T173000Z`. Years 1…9999; impossible dates (Feb 30) refused.
    static func parse(_ raw: String) -> ICalDateTime? {
        let bytes = Array(raw.trimmingCharacters(in: .whitespaces).utf8)
        func digits(_ start: Int, _ count: Int) -> Int? {
            guard start + count <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[start..<(start + count)] {
                guard (48...57).contains(byte) else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        guard bytes.count >= 8, let year = digits(0, 4), let month = digits(4, 2), let day = digits(6, 2), year >= 1,
              (1...12).contains(month), day >= 1, day <= ICalCivil.daysIn(year: year, month: month)
        else { return nil }
        let days = ICalCivil.days(year: year, month: month, day: day)
        if bytes.count == 8 { return ICalDateTime(wall: days * ICalCivil.day, isDate: true, isUTC: false) }
        guard bytes.count == 15 || (bytes.count == 16 && (bytes[15] == UInt8(ascii: "Z") || bytes[15] == UInt8(ascii: "z"))),
              bytes[8] == UInt8(ascii: "T") || bytes[8] == UInt8(ascii: "t"),
              let hour = digits(9, 2), let minute = digits(11, 2), let second = digits(13, 2), hour < 24, minute < 60, second <= 60
        else { return nil }
        // A leap second is read as the last second of its minute.
        let seconds = hour * 3_600 + minute * 60 + min(second, 59)
        return ICalDateTime(wall: days * ICalCivil.day + seconds, isDate: false, isUTC: bytes.count == 16)
    }
}

/// A DURATION: nominal days (a day keeps the wall time across a daylight-saving change) and exact seconds.
struct ICalDuration: Sendable, Hashable {
    var days: Int
    var seconds: Int

    /// The longest duration read: past it the value is a mistake (`P999999999999999999W`).
    static let maximumDays = 3_660

    /// `P1W`, `P15DT5H0M20S`, `PT1H30M`, `-P1D`; each number at most 7 digits.
    static func parse(_ raw: String) -> ICalDuration? {
        var text = Substring(raw.trimmingCharacters(in: .whitespaces).uppercased())
        var sign = 1
        if text.hasPrefix("+") { text = text.dropFirst() } else if text.hasPrefix("-") { sign = -1; text = text.dropFirst() }
        guard text.hasPrefix("P") else { return nil }
        text = text.dropFirst()
        // `sawUnit`: a unit since the start or since T (`P1DT` has none after T).
        var days = 0, seconds = 0, inTime = false, number = "", sawUnit = false
        for character in text {
            if character.isASCII, character.isNumber {
                number.append(character)
                guard number.count <= 7 else { return nil }
                continue
            }
            if character == "T" {
                guard !inTime, number.isEmpty else { return nil }
                inTime = true
                sawUnit = false
                continue
            }
            guard let value = Int(number) else { return nil }
            number = ""
            sawUnit = true
            switch (character, inTime) {
            case ("W", false): days += value * 7
            case ("D", false): days += value
            case ("H", true): seconds += value * 3_600
            case ("M", true): seconds += value * 60
            case ("S", true): seconds += value
            default: return nil
            }
        }
        guard number.isEmpty, sawUnit else { return nil }
        guard days + seconds / ICalCivil.day <= maximumDays else { return nil }
        return ICalDuration(days: sign * days, seconds: sign * seconds)
    }
}
