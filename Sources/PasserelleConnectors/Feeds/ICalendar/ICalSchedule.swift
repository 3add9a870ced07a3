import Foundation
import PasserelleCore

/// When an event happens: its first start and end, and for a series every occurrence's start (RRULE, RDATE,
/// EXDATE and overriding VEVENTs with the same UID and a RECURRENCE-ID), as instants in UTC seconds.
struct ICalSchedule {
    /// Ascending starts; one element for a single event.
    var starts: [Int]
    /// The end of the last occurrence.
    var lastEnd: Int
    var isSeries: Bool
    var warnings: [RowReason] = []
}

/// Reads the dates of a VEVENT in its zone and expands its recurrences.
struct ICalScheduler {
    let zones: ICalZoneResolver
    /// Unbounded rules are expanded up to this instant.
    let horizon: Int
    let keep = Stock.maximumPerOffer

    /// A date property in its zone: `Z` is UTC, `TZID` the zone it names, a day or a floating time `floating`
    /// (Paris, or the series' zone for a RECURRENCE-ID or EXDATE written without one).
    func date(_ raw: String, _ line: ICalLine, floating: ICalZone, _ warnings: inout [RowReason]) -> (ICalDateTime, ICalZone)? {
        guard let value = ICalDateTime.parse(raw) else { return nil }
        if value.isUTC { return (value, .utc) }
        if value.isDate { return (value, floating) }
        guard let tzid = line.parameter("TZID") else { return (value, floating) }
        if let zone = zones.zone(tzid) { return (value, zone) }
        let message = "TZID '\(tzid.prefix(60))' is neither a known zone nor defined in the calendar; read as Paris time"
        if !warnings.contains(where: { $0.message == message }) { warnings.append(RowReason(.unknownTZID, message)) }
        return (value, .paris)
    }

    func schedule(_ event: ICalComponent, overrides: [ICalComponent]) -> Result<ICalSchedule, RowReason> {
        var warnings: [RowReason] = []
        guard let startLine = event.first("DTSTART") else { return .failure(RowReason(.missingField, "the event has no DTSTART")) }
        guard let (start, zone) = date(startLine.value, startLine, floating: .paris, &warnings) else {
            return .failure(RowReason(.invalidValue, "DTSTART '\(startLine.value.prefix(40))' is not a date or date-time"))
        }
        let startInstant = zone.instant(wall: start.wall)
        let isFloating = !start.isDate && !start.isUTC && startLine.parameter("TZID") == nil
        let end: (Int) -> Int
        switch duration(event, start: start, zone: zone, &warnings) {
        case .failure(let reason): return .failure(reason)
        case .success(let make): end = make
        }
        let rules = event.all("RRULE"), rdates = event.all("RDATE"), exdates = event.all("EXDATE")
        if !event.all("EXRULE").isEmpty { warnings.append(RowReason(.fieldDropped, "EXRULE (deprecated since RFC 5545) is not read")) }
        guard !rules.isEmpty || !rdates.isEmpty || !overrides.isEmpty else {
            return .success(ICalSchedule(starts: [startInstant], lastEnd: end(start.wall), isSeries: false, warnings: warnings))
        }
        // Occurrence start instant → its end.
        // DTSTART is always the first occurrence (RFC 5545 §3.8.5.3), RRULE or not.
        var occurrences: [Int: Int] = [startInstant: end(start.wall)]
        let horizonWall = zone.wall(instant: horizon)
        var dropped = 0
        for line in rules {
            let rule: ICalRecurrenceRule
            switch ICalRecurrenceRule.parse(line.value) {
            case .success(let value): rule = value
            case .failure(.invalid(let detail)): return .failure(RowReason(.invalidValue, "RRULE: \(detail)"))
            case .failure(.unsupported(let detail)): return .failure(RowReason(.unsupportedRecurrence, "RRULE: \(detail)"))
            }
            let expanded = ICalExpansion.expand(rule, start: start.wall, until: ICalExpansion.Bound(rule.until), horizon: horizonWall, keep: keep,
                                                toInstant: { zone.instant(wall: $0) })
            for wall in expanded.walls { occurrences[zone.instant(wall: wall)] = end(wall) }
            dropped += expanded.dropped
            if expanded.capped {
                warnings.append(RowReason(.recurrenceCapped, "RRULE \(line.value.prefix(80)) was stopped after \(ICalExpansion.maximumPeriods) periods or \(ICalExpansion.maximumCandidates) candidate dates"))
            }
            if expanded.cutAtHorizon {
                warnings.append(RowReason(.recurrenceCapped, "occurrences after \(Self.day(horizon + ICalExpansion.boundedExtra)) (eleven years after reading) are not read"))
            }
        }
        for line in rdates {
            for item in ICalText.list(line.value) where !item.trimmingCharacters(in: .whitespaces).isEmpty {
                // A PERIOD (start/end or start/duration): its start.
                let text = String(item.split(separator: "/").first ?? "")
                guard let (value, itemZone) = date(text, line, floating: zone, &warnings) else {
                    warnings.append(RowReason(.fieldDropped, "RDATE '\(item.prefix(40))' is not a date; left out"))
                    continue
                }
                let instant = itemZone.instant(wall: value.wall)
                occurrences[instant] = end(zone.wall(instant: instant))
            }
        }
        for line in exdates {
            for item in ICalText.list(line.value) where !item.trimmingCharacters(in: .whitespaces).isEmpty {
                guard let (value, itemZone) = date(item, line, floating: zone, &warnings) else {
                    warnings.append(RowReason(.fieldDropped, "EXDATE '\(item.prefix(40))' is not a date; left out"))
                    continue
                }
                remove(value, itemZone, from: &occurrences, seriesZone: zone, isDateSeries: start.isDate, isFloatingSeries: isFloating)
            }
        }
        for override in overrides {
            guard let idLine = override.first("RECURRENCE-ID"), let (id, idZone) = date(idLine.value, idLine, floating: zone, &warnings) else { continue }
            remove(id, idZone, from: &occurrences, seriesZone: zone, isDateSeries: start.isDate, isFloatingSeries: isFloating)
            if override.first("STATUS")?.value.trimmingCharacters(in: .whitespaces).uppercased() == "CANCELLED" { continue }
            var moved = idZone.instant(wall: id.wall)
            var overrideEnd = end(zone.wall(instant: moved))
            if let line = override.first("DTSTART"), let (value, valueZone) = date(line.value, line, floating: zone, &warnings) {
                moved = valueZone.instant(wall: value.wall)
                if case .success(let make) = duration(override, start: value, zone: valueZone, &warnings), override.first("DTEND") != nil || override.first("DURATION") != nil {
                    overrideEnd = make(value.wall)
                } else {
                    overrideEnd = end(zone.wall(instant: moved))
                }
            }
            occurrences[moved] = overrideEnd
        }
        var starts = occurrences.keys.sorted()
        if starts.count > keep {
            dropped += starts.count - keep
            starts.removeFirst(starts.count - keep)
        }
        if dropped > 0 {
            warnings.append(RowReason(.recurrenceCapped, "the series has more than \(keep) occurrences; the \(keep) latest are kept (\(dropped) earlier ones dropped)"))
        }
        guard let last = starts.last else {
            return .failure(RowReason(.noOccurrence, "every occurrence of the series is excluded or cancelled"))
        }
        return .success(ICalSchedule(starts: starts, lastEnd: occurrences[last] ?? last, isSeries: true, warnings: warnings))
    }

    /// EXDATE or RECURRENCE-ID: the occurrence at that instant, or for a day every occurrence on that day.
    private func remove(_ value: ICalDateTime, _ zone: ICalZone, from occurrences: inout [Int: Int], seriesZone: ICalZone, isDateSeries: Bool, isFloatingSeries: Bool) {
        if value.isDate && !isDateSeries {
            let day = ICalCivil.floorDiv(value.wall, ICalCivil.day)
            for instant in occurrences.keys where ICalCivil.floorDiv(seriesZone.wall(instant: instant), ICalCivil.day) == day {
                occurrences[instant] = nil
            }
        } else {
            occurrences[zone.instant(wall: value.wall)] = nil
            // A floating series excluded in UTC (`EXDATE:19960402T010000Z` for `DTSTART:19960401T010000`): the
            // producer meant the same wall time, as the Python reference reads it.
            if isFloatingSeries, value.isUTC { occurrences[seriesZone.instant(wall: value.wall)] = nil }
        }
    }

    /// How an occurrence's end follows from its start wall time: DTEND (the same exact length for every
    /// occurrence; whole days for a day event), DURATION (days keep the wall time), else a day for a day event and
    /// no length for a timed one.
    private func duration(_ event: ICalComponent, start: ICalDateTime, zone: ICalZone, _ warnings: inout [RowReason]) -> Result<(Int) -> Int, RowReason> {
        let startInstant = zone.instant(wall: start.wall)
        if let line = event.first("DTEND") {
            guard let (end, endZone) = date(line.value, line, floating: zone, &warnings) else {
                return .failure(RowReason(.invalidValue, "DTEND '\(line.value.prefix(40))' is not a date or date-time"))
            }
            if start.isDate {
                let days = ICalCivil.floorDiv(end.wall - start.wall, ICalCivil.day)
                if days >= 0 { return .success { zone.instant(wall: $0 + max(days, 1) * ICalCivil.day) } }
            } else {
                let length = endZone.instant(wall: end.wall) - startInstant
                if length >= 0 { return .success { zone.instant(wall: $0) + length } }
            }
            warnings.append(RowReason(.fieldDropped, "DTEND '\(line.value.prefix(40))' is before DTSTART; left out"))
        } else if let line = event.first("DURATION") {
            guard let length = ICalDuration.parse(line.value) else {
                return .failure(RowReason(.invalidValue, "DURATION '\(line.value.prefix(40))' is not a duration of at most \(ICalDuration.maximumDays) days"))
            }
            if length.days >= 0, length.seconds >= 0 {
                return .success { zone.instant(wall: $0 + length.days * ICalCivil.day) + length.seconds }
            }
            warnings.append(RowReason(.fieldDropped, "DURATION '\(line.value.prefix(40))' is negative; left out"))
        }
        if start.isDate { return .success { zone.instant(wall: $0 + ICalCivil.day) } }
        return .success { zone.instant(wall: $0) }
    }

    static func day(_ instant: Int) -> String {
        let (year, month, day) = ICalCivil.date(days: ICalCivil.floorDiv(instant, ICalCivil.day))
        return String(format: "%04d-%02d-%02d", year, month, day)
    }
}
