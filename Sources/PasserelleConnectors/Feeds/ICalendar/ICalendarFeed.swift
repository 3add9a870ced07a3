public import Foundation
public import PasserelleCore

extension RowReason.Code {
    /// A CLASS:PRIVATE or CLASS:CONFIDENTIAL calendar event: not published, and its text is not kept.
    public static let privateEvent = Self(rawValue: "private-event")
    /// A recurrence the reader does not expand (a non-Gregorian RSCALE).
    public static let unsupportedRecurrence = Self(rawValue: "unsupported-recurrence")
    /// A series cut to its latest `Stock.maximumPerOffer` occurrences, at the horizon, or by the iteration caps.
    public static let recurrenceCapped = Self(rawValue: "recurrence-capped")
    /// Every occurrence of a series is excluded (EXDATE) or cancelled.
    public static let noOccurrence = Self(rawValue: "no-occurrence")
    /// A TZID that is neither a known zone nor defined by the calendar's VTIMEZONEs: the time is read as Paris time.
    public static let unknownTZID = Self(rawValue: "unknown-tzid")
}

/// Reads the events of an iCalendar document (RFC 5545): every VEVENT of every VCALENDAR, with its recurrences
/// expanded into dated occurrences, mapped by `ICalEventMapper`. One bad event never stops the others; a document
/// that is too large, not UTF-8 or not a calendar is refused whole. See the ICalendarImport article.
public enum ICalendarFeed {
    public static let maximumDocumentBytes = 16 * 1_024 * 1_024
    /// An unfolded content line (an inline attachment can be long).
    public static let maximumLineBytes = 75_000
    /// Components read from one document: past it, the rest is reported, not read.
    public static let maximumComponents = 100_000
    /// Components nested deeper are skipped (VCALENDAR > VEVENT > VALARM is 3).
    public static let maximumDepth = 16
    /// Unbounded rules are expanded up to this long after the document was retrieved.
    public static let horizon: TimeInterval = 366 * 86_400

    /// The name a source goes by in its records' provenance (see `FeedSourceKey`).
    public static func sourceKey(_ location: String) -> String { FeedSourceKey.make(kind: "ical", location: location) }

    /// The errors that refuse a document as a whole.
    public enum Refusal: Error, Sendable, Equatable, CustomStringConvertible {
        case tooLarge(bytes: Int)
        case notUTF8
        case notACalendar

        public var description: String {
            switch self {
            case .tooLarge(let bytes): "the document has \(bytes) bytes; at most \(ICalendarFeed.maximumDocumentBytes) are read"
            case .notUTF8: "the document is not valid UTF-8"
            case .notACalendar: "the document is not an iCalendar: it has no BEGIN:VCALENDAR (nor a bare BEGIN:VEVENT)"
            }
        }
    }

    /// Components that may stand alone in a file without a VCALENDAR around them (a bare VEVENT, as exported
    /// one at a time): read as if they were inside one, with a warning.
    static let bareComponents: Set<String> = ["VEVENT", "VTODO", "VJOURNAL", "VFREEBUSY", "VTIMEZONE", "VAVAILABILITY", "VALARM"]
    /// Components in a VCALENDAR that are not events and not there to support them: counted as other nodes.
    static let supportComponents: Set<String> = ["VTIMEZONE"]

    public static func read(
        _ data: Data, source: String, institutionID: InstitutionID, defaultCategory: CategoryID?, retrievedAt: Date = Date()
    ) throws(Refusal) -> FeedRead {
        guard data.count <= maximumDocumentBytes else { throw .tooLarge(bytes: data.count) }
        let bytes = [UInt8](data)
        let document: ICalDocument
        do { document = try ICalDocument.read(bytes) } catch { throw .notUTF8 }
        var read = FeedRead()
        let (calendars, bareLine) = calendars(document)
        if let bareLine {
            read.warnings.append(RejectedRecord(block: 0, line: bareLine, recordID: nil,
                                                reason: RowReason(.malformedRow, "components without a VCALENDAR around them; read as one calendar"), raw: ""))
        }
        guard !calendars.isEmpty else { throw .notACalendar }
        read.otherNodes += document.roots.count { $0.name != "VCALENDAR" && !bareComponents.contains($0.name) }
        for problem in document.problems {
            let reason = RowReason(document.truncated && problem.message.hasPrefix("more than") ? .invalidValue : .malformedRow, problem.message)
            read.warnings.append(RejectedRecord(block: 0, line: problem.line, recordID: nil, reason: reason, raw: ""))
        }
        let mapper = ICalEventMapper(institutionID: institutionID, defaultCategory: defaultCategory, source: source, retrievedAt: retrievedAt)
        let horizon = Int(retrievedAt.timeIntervalSince1970 + Self.horizon)
        var seen = Set<OfferID>()
        for calendar in calendars {
            for bad in calendar.badLines {
                read.warnings.append(RejectedRecord(block: 0, line: bad.line, recordID: nil, reason: RowReason(.malformedRow, "line \(bad.line): \(bad.message)"), raw: ""))
            }
            read.otherNodes += calendar.children.count { $0.name != "VEVENT" && !supportComponents.contains($0.name) }
            for zone in calendar.children where zone.name == "VTIMEZONE" {
                for message in zoneProblems(zone) {
                    read.warnings.append(RejectedRecord(block: 0, line: zone.line, recordID: zone.first("TZID")?.value, reason: RowReason(.invalidValue, message), raw: ""))
                }
            }
        }
        walk(calendars, horizon: horizon) { event, scheduler, plan in
            read.blocks += 1
            let position = read.blocks
            guard !plan.isAttachedOverride(event) else { return }
            let recordID = ICalEventMapper.recordID(event)
            func reject(_ reason: RowReason, keepText: Bool = true) {
                let raw = keepText ? String(String(decoding: bytes[event.start..<max(event.start, event.end)], as: UTF8.self).prefix(RejectedRecord.maximumRawLength)) : ""
                read.rejected.append(RejectedRecord(block: position, line: event.line, recordID: recordID, reason: reason, raw: raw))
            }
            if let level = ICalEventMapper.isPrivate(event) {
                reject(RowReason(.privateEvent, "a CLASS:\(level) event is not published; its text is not kept"), keepText: false)
                return
            }
            if let problem = structuralProblem(event) {
                reject(problem)
                return
            }
            let schedule: ICalSchedule
            switch scheduler.schedule(event, overrides: plan.overrides(of: event)) {
            case .failure(let reason): reject(reason); return
            case .success(let value): schedule = value
            }
            switch mapper.map(event, schedule: schedule, recordID: recordID ?? "block-\(position)") {
            case .failure(let reason): reject(reason)
            case .success(let mapped):
                guard seen.insert(mapped.offer.id).inserted else {
                    reject(RowReason(.duplicateID, "another VEVENT of the document has the same UID"))
                    return
                }
                for warning in mapped.warnings {
                    read.warnings.append(RejectedRecord(block: position, line: event.line, recordID: recordID, reason: warning, raw: ""))
                }
                read.events.append(mapped)
            }
        }
        return read
    }

    /// The document's VCALENDARs, and its bare components (a VEVENT without a VCALENDAR) wrapped in one more,
    /// with the line of the first of those.
    static func calendars(_ document: ICalDocument) -> (calendars: [ICalComponent], bareLine: Int?) {
        var calendars = document.roots.filter { $0.name == "VCALENDAR" }
        let bare = document.roots.filter { bareComponents.contains($0.name) }
        guard let first = bare.first else { return (calendars, nil) }
        let wrapper = ICalComponent(name: "VCALENDAR", line: first.line, start: first.start)
        wrapper.children = bare
        wrapper.isClosed = true
        calendars.append(wrapper)
        return (calendars, first.line)
    }

    /// Every VEVENT of the calendars in order, with the scheduler of its calendar (its own VTIMEZONEs, found
    /// before or after the events) and the calendar's series plan.
    static func walk(_ calendars: [ICalComponent], horizon: Int, _ body: (ICalComponent, ICalScheduler, ICalSeriesPlan) -> Void) {
        for calendar in calendars {
            var definitions: [String: ICalComponent] = [:]
            for zone in calendar.children where zone.name == "VTIMEZONE" {
                if let tzid = zone.first("TZID")?.value.trimmingCharacters(in: .whitespaces), definitions[tzid] == nil { definitions[tzid] = zone }
            }
            let scheduler = ICalScheduler(zones: ICalZoneResolver(definitions: definitions), horizon: horizon)
            let events = calendar.children.filter { $0.name == "VEVENT" }
            let plan = ICalSeriesPlan(events)
            for event in events { body(event, scheduler, plan) }
        }
    }

    /// The dates of every event that is not an instance of another's series, by record id: what the reader
    /// makes of a calendar's times before any offer is built (for tests against a reference implementation).
    static func schedules(_ data: Data, retrievedAt: Date) -> [(recordID: String, schedule: Result<ICalSchedule, RowReason>)] {
        guard let document = try? ICalDocument.read([UInt8](data)) else { return [] }
        var result: [(String, Result<ICalSchedule, RowReason>)] = []
        walk(calendars(document).calendars, horizon: Int(retrievedAt.timeIntervalSince1970 + horizon)) { event, scheduler, plan in
            guard !plan.isAttachedOverride(event) else { return }
            result.append((ICalEventMapper.recordID(event) ?? "?", scheduler.schedule(event, overrides: plan.overrides(of: event))))
        }
        return result
    }

    /// What is wrong in a VTIMEZONE: unreadable lines, offsets that are not UTC offsets (`+5744`).
    static func zoneProblems(_ zone: ICalComponent) -> [String] {
        let tzid = String((zone.first("TZID")?.value ?? "?").prefix(60))
        var problems = zone.badLines.map { "VTIMEZONE \(tzid), line \($0.line): \($0.message)" }
        for observance in zone.children {
            problems += observance.badLines.map { "VTIMEZONE \(tzid), line \($0.line): \($0.message)" }
            for line in observance.properties where line.name == "TZOFFSETTO" || line.name == "TZOFFSETFROM" {
                if ICalDefinedZone.utcOffset(line.value) == nil { problems.append("VTIMEZONE \(tzid), line \(line.line): \(line.name) '\(line.value.prefix(20))' is not a UTC offset") }
            }
        }
        return problems
    }

    /// Properties whose loss would change what the event is: a line that names one and cannot be read rejects
    /// the event; any other unreadable line is dropped with a warning by the caller.
    static let essential: Set<String> = ["DTSTART", "DTEND", "DURATION", "RRULE", "RDATE", "EXDATE", "SUMMARY", "UID", "RECURRENCE-ID", "STATUS", "CLASS", "END"]

    static func structuralProblem(_ event: ICalComponent) -> RowReason? {
        guard event.isClosed else { return RowReason(.malformedRow, "the VEVENT has no END:VEVENT") }
        if let bad = event.badLines.first(where: { $0.name.map(essential.contains) ?? true }) {
            return RowReason(.malformedRow, "line \(bad.line): \(bad.message)")
        }
        return nil
    }
}

/// Which VEVENTs are instances overriding another's series: same UID, a RECURRENCE-ID, and a master (an event
/// with that UID and no RECURRENCE-ID) in the same calendar. An instance without its master stands alone.
struct ICalSeriesPlan {
    private var overridesByUID: [String: [ICalComponent]] = [:]
    private var masters = Set<String>()

    init(_ events: [ICalComponent]) {
        for event in events {
            guard let uid = event.first("UID")?.value.trimmingCharacters(in: .whitespaces), !uid.isEmpty else { continue }
            if event.first("RECURRENCE-ID") != nil { overridesByUID[uid, default: []].append(event) } else { masters.insert(uid) }
        }
    }

    func isAttachedOverride(_ event: ICalComponent) -> Bool {
        guard event.first("RECURRENCE-ID") != nil, let uid = event.first("UID")?.value.trimmingCharacters(in: .whitespaces) else { return false }
        return masters.contains(uid)
    }

    func overrides(of event: ICalComponent) -> [ICalComponent] {
        guard event.first("RECURRENCE-ID") == nil, let uid = event.first("UID")?.value.trimmingCharacters(in: .whitespaces) else { return [] }
        return overridesByUID[uid] ?? []
    }
}
