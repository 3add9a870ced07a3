import Foundation

/// An `RRULE` value read: `FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,1FR;UNTIL=…`. Lenient where producers are sloppy
/// (spaces after commas, empty list items, a trailing `;`), strict where a guess would invent dates (an unknown
/// FREQ, a number out of its range, a non-Gregorian `RSCALE`).
struct ICalRecurrenceRule: Sendable, Hashable {
    enum Frequency: Int, Sendable, Comparable {
        case secondly, minutely, hourly, daily, weekly, monthly, yearly
        static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
    }

    struct WeekdayNumber: Sendable, Hashable {
        /// 0 when the weekday has no ordinal (every Monday), else ±1…±53.
        let ordinal: Int
        /// 0 = Monday … 6 = Sunday.
        let weekday: Int
    }

    var frequency: Frequency
    var interval = 1
    var count: Int?
    /// As written; its type (day, UTC, local) is resolved against DTSTART by the expansion.
    var until: ICalDateTime?
    var bySecond: [Int] = []
    var byMinute: [Int] = []
    var byHour: [Int] = []
    var byDay: [WeekdayNumber] = []
    var byMonthDay: [Int] = []
    var byYearDay: [Int] = []
    var byWeekNo: [Int] = []
    var byMonth: [Int] = []
    var bySetPos: [Int] = []
    var weekStart = 0

    static let weekdays = ["MO": 0, "TU": 1, "WE": 2, "TH": 3, "FR": 4, "SA": 5, "SU": 6]

    enum Problem: Error, Equatable {
        case invalid(String)
        case unsupported(String)
    }

    static func parse(_ raw: String) -> Result<ICalRecurrenceRule, Problem> {
        var parts: [String: String] = [:]
        for part in raw.split(separator: ";") {
            let pair = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2, !pair[0].isEmpty else {
                if part.allSatisfy(\.isWhitespace) { continue }
                return .failure(.invalid("'\(part.prefix(40))' is not NAME=VALUE"))
            }
            let key = pair[0].uppercased()
            guard parts[key] == nil else { return .failure(.invalid("\(key) is given twice")) }
            parts[key] = pair[1]
        }
        if let scale = parts["RSCALE"], scale.uppercased() != "GREGORIAN" {
            return .failure(.unsupported("RSCALE=\(scale.prefix(20)): only Gregorian rules are expanded"))
        }
        if let skip = parts["SKIP"], skip.uppercased() != "OMIT" {
            return .failure(.unsupported("SKIP=\(skip.prefix(20)): only SKIP=OMIT (invalid dates left out) is expanded"))
        }
        let frequencies: [String: Frequency] = ["SECONDLY": .secondly, "MINUTELY": .minutely, "HOURLY": .hourly, "DAILY": .daily,
                                                "WEEKLY": .weekly, "MONTHLY": .monthly, "YEARLY": .yearly]
        guard let freqText = parts["FREQ"] else { return .failure(.invalid("no FREQ")) }
        guard let frequency = frequencies[freqText.uppercased()] else { return .failure(.invalid("FREQ=\(freqText.prefix(30)) is not a frequency")) }
        var rule = ICalRecurrenceRule(frequency: frequency)
        func integers(_ key: String, _ range: ClosedRange<Int>, allowNegative: Bool) -> Result<[Int], Problem> {
            guard let text = parts[key] else { return .success([]) }
            var values: [Int] = []
            for item in text.split(separator: ",") {
                let trimmed = item.trimmingCharacters(in: .whitespaces)
                if trimmed.isEmpty { continue }
                guard let value = Int(trimmed.hasPrefix("+") ? String(trimmed.dropFirst()) : trimmed),
                      range.contains(abs(value)) || (value == 0 && range.lowerBound == 0), allowNegative || value >= 0
                else { return .failure(.invalid("\(key)=\(text.prefix(40)): '\(trimmed.prefix(10))' is out of range")) }
                if !values.contains(value) { values.append(value) }
            }
            return .success(values)
        }
        do {
            rule.bySecond = try integers("BYSECOND", 0...60, allowNegative: false).get()
            rule.byMinute = try integers("BYMINUTE", 0...59, allowNegative: false).get()
            rule.byHour = try integers("BYHOUR", 0...23, allowNegative: false).get()
            rule.byMonthDay = try integers("BYMONTHDAY", 1...31, allowNegative: true).get()
            rule.byYearDay = try integers("BYYEARDAY", 1...366, allowNegative: true).get()
            rule.byWeekNo = try integers("BYWEEKNO", 1...53, allowNegative: true).get()
            rule.byMonth = try integers("BYMONTH", 1...12, allowNegative: false).get()
            rule.bySetPos = try integers("BYSETPOS", 1...366, allowNegative: true).get()
        } catch {
            return .failure(error)
        }
        if let text = parts["INTERVAL"] {
            guard let value = Int(text), value >= 1, value <= 10_000 else { return .failure(.invalid("INTERVAL=\(text.prefix(20)) is not a positive number")) }
            rule.interval = value
        }
        if let text = parts["COUNT"] {
            guard let value = Int(text), value >= 1 else { return .failure(.invalid("COUNT=\(text.prefix(20)) is not a positive number")) }
            rule.count = value
        }
        if let text = parts["UNTIL"] {
            guard let value = ICalDateTime.parse(text) else { return .failure(.invalid("UNTIL=\(text.prefix(30)) is not a date")) }
            rule.until = value
        }
        if let text = parts["WKST"] {
            guard let value = weekdays[text.uppercased()] else { return .failure(.invalid("WKST=\(text.prefix(10)) is not a weekday")) }
            rule.weekStart = value
        }
        if let text = parts["BYDAY"] {
            for item in text.split(separator: ",") {
                let trimmed = item.trimmingCharacters(in: .whitespaces).uppercased()
                if trimmed.isEmpty { continue }
                guard trimmed.count >= 2, let weekday = weekdays[String(trimmed.suffix(2))] else {
                    return .failure(.invalid("BYDAY=\(text.prefix(40)): '\(trimmed.prefix(10))' is not a weekday"))
                }
                let number = trimmed.dropLast(2)
                var ordinal = 0
                if !number.isEmpty {
                    guard let value = Int(number.hasPrefix("+") ? String(number.dropFirst()) : String(number)), (1...53).contains(abs(value)) else {
                        return .failure(.invalid("BYDAY=\(text.prefix(40)): '\(trimmed.prefix(10))' has an ordinal out of range"))
                    }
                    ordinal = value
                }
                rule.byDay.append(WeekdayNumber(ordinal: ordinal, weekday: weekday))
            }
        }
        return .success(rule)
    }
}
