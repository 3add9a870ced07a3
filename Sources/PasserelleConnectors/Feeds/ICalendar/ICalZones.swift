import Foundation

/// The zone a wall time is read in: UTC, a zone of the system's database, or one the calendar defines itself in a
/// `VTIMEZONE`. A wall time that does not exist (skipped by a daylight-saving change) takes the offset in force
/// before the change, and one that happens twice is the first of the two (RFC 5545 §3.3.5).
enum ICalZone {
    case utc
    case system(TimeZone)
    case defined(ICalDefinedZone)

    static var paris: ICalZone { .system(parisZone) }
    private static let parisZone = TimeZone(identifier: "Europe/Paris")!

    func offset(atInstant instant: Int) -> Int {
        switch self {
        case .utc: 0
        case .system(let zone): zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(instant)))
        case .defined(let zone): zone.offset(atInstant: instant)
        }
    }

    func instant(wall: Int) -> Int {
        if case .utc = self { return wall }
        let before = offset(atInstant: wall - ICalCivil.day), after = offset(atInstant: wall + ICalCivil.day)
        // The earlier of the valid readings: the larger offset first.
        for candidate in [max(before, after), min(before, after)] where offset(atInstant: wall - candidate) == candidate {
            return wall - candidate
        }
        return wall - before
    }

    func wall(instant: Int) -> Int { instant + offset(atInstant: instant) }
}

/// A zone from a `VTIMEZONE`: its observances' onsets (DTSTART, RRULE, RDATE, read in the offset they start
/// from) are transitions to their TZOFFSETTO; before the first, the earliest TZOFFSETFROM applies. Onsets are
/// computed a year at a time when an instant of that year is asked for (a zone defined from 1850 with yearly rules
/// costs nothing for the years no event uses), and kept for the rest of the read.
final class ICalDefinedZone {
    struct Observance {
        let start: Int
        let from: Int
        let to: Int
        let rules: [ICalRecurrenceRule]
        /// RDATE onsets, as wall times.
        let dates: [Int]
    }

    let id: String
    private let observances: [Observance]
    private let initialOffset: Int
    private let firstYear: Int
    /// Transitions (instant, offset) by the year of their instant.
    private var years: [Int: [(instant: Int, offset: Int)]] = [:]

    /// Nil when no observance can be read (no TZOFFSETTO, no DTSTART).
    init?(_ component: ICalComponent) {
        id = component.first("TZID").map { $0.value } ?? ""
        var observances: [Observance] = []
        for observance in component.children where observance.name == "STANDARD" || observance.name == "DAYLIGHT" {
            guard let to = observance.first("TZOFFSETTO").flatMap({ Self.utcOffset($0.value) }),
                  let start = observance.first("DTSTART").flatMap({ ICalDateTime.parse($0.value) }) else { continue }
            let from = observance.first("TZOFFSETFROM").flatMap { Self.utcOffset($0.value) } ?? to
            let rules = observance.all("RRULE").compactMap { try? ICalRecurrenceRule.parse($0.value).get() }
            var dates: [Int] = []
            for line in observance.all("RDATE") {
                for item in line.value.split(separator: ",") {
                    if let date = ICalDateTime.parse(String(item.split(separator: "/").first ?? "")) { dates.append(date.isUTC ? date.wall + from : date.wall) }
                }
            }
            observances.append(Observance(start: start.wall, from: from, to: to, rules: rules, dates: dates))
        }
        guard let earliest = observances.min(by: { $0.start - $0.from < $1.start - $1.from }) else { return nil }
        self.observances = observances
        initialOffset = earliest.from
        firstYear = ICalCivil.date(days: ICalCivil.floorDiv(earliest.start - earliest.from, ICalCivil.day)).year
    }

    func offset(atInstant instant: Int) -> Int {
        var year = ICalCivil.date(days: ICalCivil.floorDiv(instant, ICalCivil.day)).year
        // The latest transition at or before the instant: in its year, else in an earlier one.
        while year >= firstYear {
            if let last = transitions(year).last(where: { $0.instant <= instant }) { return last.offset }
            year -= 1
        }
        return initialOffset
    }

    private func transitions(_ year: Int) -> [(instant: Int, offset: Int)] {
        if let known = years[year] { return known }
        let first = ICalCivil.days(year: year, month: 1, day: 1) * ICalCivil.day
        let last = ICalCivil.days(year: year + 1, month: 1, day: 1) * ICalCivil.day - 1
        var found: [(instant: Int, offset: Int)] = []
        for observance in observances {
            var onsets = [observance.start] + observance.dates
            for rule in observance.rules {
                onsets += ICalExpansion.expand(rule, start: observance.start, until: ICalExpansion.Bound(rule.until), horizon: last + ICalCivil.day, keep: 400,
                                              skipTo: first - ICalCivil.day, toInstant: { $0 - observance.from }).walls
            }
            for onset in Set(onsets) where (first...last).contains(onset - observance.from) { found.append((onset - observance.from, observance.to)) }
        }
        found.sort { $0.instant < $1.instant }
        years[year] = found
        return found
    }

    /// `+0100`, `-0500`, `+013045` (seconds, as in old zones), or `+5744` refused (minutes over 59).
    static func utcOffset(_ raw: String) -> Int? {
        let text = raw.trimmingCharacters(in: .whitespaces)
        guard let sign = text.first, sign == "+" || sign == "-" else { return nil }
        let digits = text.dropFirst()
        guard digits.count == 4 || digits.count == 6, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        let numbers = digits.map { Int(String($0))! }
        let hours = numbers[0] * 10 + numbers[1], minutes = numbers[2] * 10 + numbers[3]
        let seconds = digits.count == 6 ? numbers[4] * 10 + numbers[5] : 0
        guard hours < 24, minutes < 60, seconds < 60 else { return nil }
        return (sign == "-" ? -1 : 1) * (hours * 3_600 + minutes * 60 + seconds)
    }
}

/// Finds the zone a `TZID` names: an Olson name of the system's database, a Windows name Outlook writes (a small
/// table), the calendar's own `VTIMEZONE`, or the Olson name at the end of a prefixed one
/// (`/mozilla.org/20070129_1/America/New_York`). One resolver per calendar, which caches what it built.
final class ICalZoneResolver {
    private let definitions: [String: ICalComponent]
    private var cache: [String: ICalZone?] = [:]

    init(definitions: [String: ICalComponent]) { self.definitions = definitions }

    /// Windows zone names (Outlook, Exchange) to the Olson zone of their main city.
    static let windows: [String: String] = [
        "Romance Standard Time": "Europe/Paris", "W. Europe Standard Time": "Europe/Berlin", "GMT Standard Time": "Europe/London",
        "Central Europe Standard Time": "Europe/Budapest", "Central European Standard Time": "Europe/Warsaw",
        "E. Europe Standard Time": "Europe/Chisinau", "FLE Standard Time": "Europe/Kiev", "GTB Standard Time": "Europe/Bucharest",
        "Greenwich Standard Time": "Atlantic/Reykjavik", "Russian Standard Time": "Europe/Moscow", "Morocco Standard Time": "Africa/Casablanca",
        "Eastern Standard Time": "America/New_York", "Central Standard Time": "America/Chicago", "Mountain Standard Time": "America/Denver",
        "Pacific Standard Time": "America/Los_Angeles", "US Mountain Standard Time": "America/Phoenix", "Alaskan Standard Time": "America/Anchorage",
        "Hawaiian Standard Time": "Pacific/Honolulu", "Atlantic Standard Time": "America/Halifax", "Canada Central Standard Time": "America/Regina",
        "E. South America Standard Time": "America/Sao_Paulo", "SA Western Standard Time": "America/La_Paz", "SA Eastern Standard Time": "America/Cayenne",
        "Tokyo Standard Time": "Asia/Tokyo", "China Standard Time": "Asia/Shanghai", "India Standard Time": "Asia/Kolkata",
        "Singapore Standard Time": "Asia/Singapore", "SE Asia Standard Time": "Asia/Bangkok", "Arabian Standard Time": "Asia/Dubai",
        "AUS Eastern Standard Time": "Australia/Sydney", "New Zealand Standard Time": "Pacific/Auckland", "Mauritius Standard Time": "Indian/Mauritius",
        "UTC": "UTC", "Coordinated Universal Time": "UTC",
    ]

    func zone(_ tzid: String) -> ICalZone? {
        if let cached = cache[tzid] { return cached }
        let zone = resolve(tzid)
        cache[tzid] = .some(zone)
        return zone
    }

    private func resolve(_ tzid: String) -> ICalZone? {
        let name = tzid.trimmingCharacters(in: .whitespaces)
        if ["UTC", "GMT", "Z", "Etc/UTC", "Etc/GMT"].contains(name) { return .utc }
        // Only names that look like Olson ones go to the system (it accepts odd abbreviations otherwise).
        if name.contains("/"), !name.hasPrefix("/"), !name.contains(" "), let zone = TimeZone(identifier: name) { return .system(zone) }
        if let olson = Self.windows[name], let zone = TimeZone(identifier: olson) { return olson == "UTC" ? .utc : .system(zone) }
        if let definition = definitions[name], let zone = ICalDefinedZone(definition) { return .defined(zone) }
        let parts = name.split(separator: "/")
        for length in [3, 2] where parts.count > length {
            if let zone = TimeZone(identifier: parts.suffix(length).joined(separator: "/")) { return .system(zone) }
        }
        return nil
    }
}
