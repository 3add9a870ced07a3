import Foundation

/// The occurrences of an `RRULE`, after RFC 5545 §3.3.10, computed in wall time: each period (year, month, week,
/// day, hour…) gives a set of days filtered and expanded by the BYxxx parts, then times, then BYSETPOS. Only times
/// the rule matches are given and counted by COUNT (as dateutil does); the caller adds DTSTART to the set when the
/// rule does not match it (RFC 5545 leaves that case undefined; the Python reference does the same). Expansion stops at UNTIL, COUNT, the horizon, or the
/// iteration caps (a rule that matches nothing, like the 30th of February, ends there instead of looping).
enum ICalExpansion {
    /// Periods walked at the most: 200 000 days is 547 years of a daily rule.
    static let maximumPeriods = 200_000
    /// Candidate times built at the most, over all periods (a yearly rule with 24 hours × 60 minutes × 366 days…).
    static let maximumCandidates = 2_000_000

    /// How far past the horizon a rule with COUNT or UNTIL is still expanded.
    static let boundedExtra = 3_652 * ICalCivil.day

    enum Bound: Sendable {
        /// An instant (UTC seconds): UNTIL written in UTC.
        case instant(Int)
        /// A wall time in the event's zone: UNTIL written as a local time, or a day (its end).
        case wall(Int)

        /// A rule's UNTIL: in UTC an instant; a day its last second; a local time a wall time of the event's zone.
        init?(_ until: ICalDateTime?) {
            guard let until else { return nil }
            self = until.isUTC ? .instant(until.wall) : .wall(until.isDate ? until.wall + ICalCivil.day - 1 : until.wall)
        }
    }

    struct Expanded: Sendable {
        /// Ascending wall times, at most `keep`: the latest ones when there were more.
        var walls: [Int] = []
        /// Occurrences dropped because there were more than `keep`.
        var dropped = 0
        /// The rule still had occurrences when the horizon stopped it (only known for bounded rules).
        var cutAtHorizon = false
        /// An iteration cap stopped it.
        var capped = false
    }

    static func expand(
        _ rule: ICalRecurrenceRule, start: Int, until: Bound?, horizon: Int, keep: Int, skipTo: Int? = nil, toInstant: (Int) -> Int
    ) -> Expanded {
        var result = Expanded()
        // The horizon bounds unbounded rules; a rule with COUNT or UNTIL runs ten years further (then stops, warned).
        let horizon = rule.count == nil && rule.until == nil ? horizon : horizon + boundedExtra
        var emitted = 0
        func emit(_ wall: Int) {
            result.walls.append(wall)
            emitted += 1
            if result.walls.count >= 2 * keep {
                let excess = result.walls.count - keep
                result.walls.removeFirst(excess)
                result.dropped += excess
            }
        }
        func beyondUntil(_ wall: Int) -> Bool {
            switch until {
            case .none: false
            case .instant(let limit)?: toInstant(wall) > limit
            case .wall(let limit)?: wall > limit
            }
        }
        let startDay = ICalCivil.floorDiv(start, ICalCivil.day)
        let startSecond = start - startDay * ICalCivil.day
        let (startYear, startMonth, startDate) = ICalCivil.date(days: startDay)
        var rule = rule
        // The defaults RFC 5545 takes from DTSTART when a rule names no day.
        if rule.byWeekNo.isEmpty, rule.byYearDay.isEmpty, rule.byMonthDay.isEmpty, rule.byDay.isEmpty {
            switch rule.frequency {
            case .yearly:
                if rule.byMonth.isEmpty { rule.byMonth = [startMonth] }
                rule.byMonthDay = [startDate]
            case .monthly: rule.byMonthDay = [startDate]
            case .weekly: rule.byDay = [.init(ordinal: 0, weekday: ICalCivil.weekday(days: startDay))]
            default: break
            }
        }
        let hours = rule.byHour.isEmpty ? [startSecond / 3_600] : rule.byHour.sorted()
        let minutes = rule.byMinute.isEmpty ? [startSecond / 60 % 60] : rule.byMinute.sorted()
        let seconds = rule.bySecond.isEmpty ? [startSecond % 60] : rule.bySecond.map { min($0, 59) }.sorted()

        let plainDays = Set(rule.byDay.filter { $0.ordinal == 0 || rule.frequency < .monthly }.map(\.weekday))
        let numberedDays = rule.frequency >= .monthly ? rule.byDay.filter { $0.ordinal != 0 } : []
        var candidates = 0
        // Without COUNT, periods are independent: those wholly before `skipTo` need not be walked.
        var period = 0
        if let skipTo, rule.count == nil, skipTo > start {
            let skipDay = ICalCivil.floorDiv(skipTo, ICalCivil.day)
            let (skipYear, skipMonth, _) = ICalCivil.date(days: skipDay)
            let units: Int = switch rule.frequency {
            case .yearly: skipYear - startYear
            case .monthly: (skipYear * 12 + skipMonth) - (startYear * 12 + startMonth)
            case .weekly: (skipDay - startDay) / 7 - 1
            case .daily: skipDay - startDay - 1
            case .hourly: (skipTo - start) / 3_600 - 1
            case .minutely: (skipTo - start) / 60 - 1
            case .secondly: skipTo - start - 1
            }
            period = max(0, units / rule.interval - 1)
        }
        let firstPeriod = period
        while true {
            guard period - firstPeriod < maximumPeriods, candidates < maximumCandidates else { result.capped = true; return result }
            // The days of this period, and for sub-daily rules the fixed part of the time.
            let days: [Int]
            var fixedHour: Int?, fixedMinute: Int?, fixedSecond: Int?
            let step = period * rule.interval
            switch rule.frequency {
            case .yearly:
                let year = startYear + step
                guard year <= 9_999 else { return result }
                let first = ICalCivil.days(year: year, month: 1, day: 1)
                days = Array(first..<(first + ICalCivil.daysIn(year: year)))
            case .monthly:
                let index = (startYear * 12 + startMonth - 1) + step
                let (year, month) = (index / 12, index % 12 + 1)
                guard year <= 9_999 else { return result }
                let first = ICalCivil.days(year: year, month: month, day: 1)
                days = Array(first..<(first + ICalCivil.daysIn(year: year, month: month)))
            case .weekly:
                let weekStart = startDay - (ICalCivil.weekday(days: startDay) - rule.weekStart + 7) % 7 + 7 * step
                days = Array(weekStart..<(weekStart + 7))
            case .daily:
                days = [startDay + step]
            case .hourly, .minutely, .secondly:
                let unit = rule.frequency == .hourly ? 3_600 : rule.frequency == .minutely ? 60 : 1
                let moment = (start / unit + step) * unit
                let day = ICalCivil.floorDiv(moment, ICalCivil.day)
                let second = moment - day * ICalCivil.day
                days = [day]
                fixedHour = second / 3_600
                if unit <= 60 { fixedMinute = second / 60 % 60 }
                if unit == 1 { fixedSecond = second % 60 }
            }
            guard let firstDay = days.first, firstDay * ICalCivil.day <= horizon + ICalCivil.day else {
                if rule.count != nil || rule.until != nil { result.cutAtHorizon = true }
                return result
            }
            let matching = matchingDays(days, rule, plainDays: plainDays, numberedDays: numberedDays)
            var times: [Int] = []
            if !matching.isEmpty {
                let hourSet = fixedHour.map { rule.byHour.isEmpty || rule.byHour.contains($0) ? [$0] : [] } ?? hours
                let minuteSet = fixedMinute.map { rule.byMinute.isEmpty || rule.byMinute.contains($0) ? [$0] : [] } ?? minutes
                let secondSet = fixedSecond.map { rule.bySecond.isEmpty || rule.bySecond.contains($0) ? [$0] : [] } ?? seconds
                let size = matching.count * hourSet.count * minuteSet.count * secondSet.count
                candidates += max(size, 1)
                guard size <= 100_000, candidates < maximumCandidates else { result.capped = true; return result }
                for day in matching {
                    for hour in hourSet { for minute in minuteSet { for second in secondSet {
                        times.append(day * ICalCivil.day + hour * 3_600 + minute * 60 + second)
                    } } }
                }
            } else {
                candidates += 1
            }
            if !rule.bySetPos.isEmpty, !times.isEmpty {
                var picked: [Int] = []
                for position in rule.bySetPos {
                    let index = position > 0 ? position - 1 : times.count + position
                    if times.indices.contains(index) { picked.append(times[index]) }
                }
                times = Array(Set(picked)).sorted()
            }
            for time in times where time >= start {
                if beyondUntil(time) { return result }
                if time > horizon {
                    if rule.count != nil || rule.until != nil { result.cutAtHorizon = true }
                    return result
                }
                emit(time)
                if let count = rule.count, emitted >= count { return result }
            }
            period += 1
        }
    }

    /// The days of a period that the BYxxx parts keep, in order.
    private static func matchingDays(
        _ days: [Int], _ rule: ICalRecurrenceRule, plainDays: Set<Int>, numberedDays: [ICalRecurrenceRule.WeekdayNumber]
    ) -> [Int] {
        // Numbered weekdays (1MO, -1FR): within the month for a monthly rule or a yearly one with BYMONTH, else the year.
        var numbered = Set<Int>()
        if !numberedDays.isEmpty, let first = days.first, let last = days.last {
            var ranges: [ClosedRange<Int>] = []
            if rule.frequency == .monthly || (rule.frequency == .yearly && !rule.byMonth.isEmpty) {
                var day = first
                while day <= last {
                    let (year, month, _) = ICalCivil.date(days: day)
                    let end = min(last, day + ICalCivil.daysIn(year: year, month: month) - 1)
                    if rule.frequency == .monthly || rule.byMonth.contains(month) { ranges.append(day...end) }
                    day = end + 1
                }
            } else {
                ranges = [first...last]
            }
            for range in ranges {
                for item in numberedDays {
                    let firstMatch = range.lowerBound + (item.weekday - ICalCivil.weekday(days: range.lowerBound) + 7) % 7
                    let lastMatch = range.upperBound - (ICalCivil.weekday(days: range.upperBound) - item.weekday + 7) % 7
                    let day = item.ordinal > 0 ? firstMatch + 7 * (item.ordinal - 1) : lastMatch + 7 * (item.ordinal + 1)
                    if range.contains(day) { numbered.insert(day) }
                }
            }
        }
        var weekNumbers: (year: Int, days: Set<Int>)?
        return days.filter { day in
            let (year, month, date) = ICalCivil.date(days: day)
            if !rule.byMonth.isEmpty, !rule.byMonth.contains(month) { return false }
            if !rule.byDay.isEmpty {
                if !plainDays.contains(ICalCivil.weekday(days: day)), !numbered.contains(day) { return false }
            }
            if !rule.byMonthDay.isEmpty {
                let length = ICalCivil.daysIn(year: year, month: month)
                if !rule.byMonthDay.contains(date), !rule.byMonthDay.contains(date - length - 1) { return false }
            }
            if !rule.byYearDay.isEmpty {
                let yearDay = day - ICalCivil.days(year: year, month: 1, day: 1) + 1
                if !rule.byYearDay.contains(yearDay), !rule.byYearDay.contains(yearDay - ICalCivil.daysIn(year: year) - 1) { return false }
            }
            if rule.frequency == .yearly, !rule.byWeekNo.isEmpty {
                if weekNumbers?.year != year { weekNumbers = (year, daysInWeeks(rule.byWeekNo, year: year, weekStart: rule.weekStart)) }
                if weekNumbers?.days.contains(day) != true { return false }
            }
            return true
        }
    }

    /// The first day of week 1 of `year`: the week (starting on `weekStart`) with at least four days in the year.
    static func firstWeek(_ year: Int, weekStart: Int) -> Int {
        let january1 = ICalCivil.days(year: year, month: 1, day: 1)
        let back = (ICalCivil.weekday(days: january1) - weekStart + 7) % 7
        return back <= 3 ? january1 - back : january1 - back + 7
    }

    /// The days of `year` that lie in the given week numbers (negative: from the year's last week), counting a
    /// day by the week it belongs to (late December can be in week 1 of the next year).
    static func daysInWeeks(_ numbers: [Int], year: Int, weekStart: Int) -> Set<Int> {
        var days = Set<Int>()
        let january1 = ICalCivil.days(year: year, month: 1, day: 1)
        let december31 = january1 + ICalCivil.daysIn(year: year) - 1
        for weekYear in [year - 1, year, year + 1] {
            let start = firstWeek(weekYear, weekStart: weekStart)
            let weeks = (firstWeek(weekYear + 1, weekStart: weekStart) - start) / 7
            for number in numbers {
                let week = number > 0 ? number : weeks + number + 1
                guard (1...weeks).contains(week) else { continue }
                let first = start + (week - 1) * 7
                for day in first..<(first + 7) where day >= january1 && day <= december31 { days.insert(day) }
            }
        }
        return days
    }
}
