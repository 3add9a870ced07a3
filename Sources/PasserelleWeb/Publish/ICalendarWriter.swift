import Foundation
import PasserelleCore

/// One event of a published calendar: an offer, or one dated stock of a series.
struct CalendarEvent {
    /// Globally unique and stable across downloads (`offer-id@host` or `stock-id@host`), so calendar apps update
    /// the event instead of adding it twice.
    let uid: String
    let start: Date
    let end: Date?
    let summary: String
    let description: String?
    let location: String?
    let geo: GeoPoint?
    let url: String
    let categories: [String]
    /// When the offer was last changed (`DTSTAMP`, `LAST-MODIFIED`): a download of an unchanged catalogue is the
    /// same bytes, so its ETag holds.
    let modified: Date
}

/// RFC 5545 text for a calendar: CRLF line ends, lines folded at 75 octets without splitting a UTF-8 sequence,
/// text values escaped (`\\`, `\;`, `\,`, `\n`), instants in UTC.
struct ICalendarWriter {
    private var lines: [String] = []

    static func calendar(name: String, events: [CalendarEvent]) -> String {
        var writer = ICalendarWriter()
        writer.line("BEGIN:VCALENDAR")
        writer.line("VERSION:2.0")
        writer.line("PRODID:-//Passerelle//Calendar 1.0//FR")
        writer.line("CALSCALE:GREGORIAN")
        writer.line("METHOD:PUBLISH")
        writer.line("X-WR-CALNAME:" + escape(name))
        for event in events { writer.add(event) }
        writer.line("END:VCALENDAR")
        return writer.lines.map(fold).joined(separator: "\r\n") + "\r\n"
    }

    private mutating func add(_ event: CalendarEvent) {
        line("BEGIN:VEVENT")
        line("UID:" + Self.escape(event.uid))
        line("DTSTAMP:" + Self.utc(event.modified))
        line("LAST-MODIFIED:" + Self.utc(event.modified))
        line("DTSTART:" + Self.utc(event.start))
        if let end = event.end, end > event.start { line("DTEND:" + Self.utc(end)) }
        line("SUMMARY:" + Self.escape(event.summary))
        if let description = event.description, !description.isEmpty { line("DESCRIPTION:" + Self.escape(description)) }
        if let location = event.location { line("LOCATION:" + Self.escape(location)) }
        if let geo = event.geo { line("GEO:\(geo.latitude);\(geo.longitude)") }
        if !event.categories.isEmpty { line("CATEGORIES:" + event.categories.map(Self.escape).joined(separator: ",")) }
        line("URL:" + event.url)
        line("STATUS:CONFIRMED")
        line("TRANSP:OPAQUE")
        line("END:VEVENT")
    }

    private mutating func line(_ text: String) { lines.append(text) }

    /// TEXT escaping (RFC 5545 §3.3.11); a CR is dropped, a line feed becomes `\n`.
    static func escape(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": result += "\\\\"
            case ";": result += "\\;"
            case ",": result += "\\,"
            case "\n": result += "\\n"
            case "\r": continue
            default:
                // Other control characters are not allowed in a content line.
                if scalar.value < 0x20 && scalar != "\t" { continue }
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// Lines longer than 75 octets continue on lines that start with a space (RFC 5545 §3.1).
    static func fold(_ line: String) -> String {
        guard line.utf8.count > 75 else { return line }
        var parts: [String] = []
        var current = ""
        var octets = 0
        for character in line {
            let size = character.utf8.count
            // The first line holds 75 octets, the next ones 74 after their leading space.
            if octets + size > (parts.isEmpty ? 75 : 74) {
                parts.append(current)
                current = ""
                octets = 0
            }
            current.append(character)
            octets += size
        }
        parts.append(current)
        return parts.joined(separator: "\r\n ")
    }

    /// `20260501T183000Z`.
    static func utc(_ date: Date) -> String {
        let parts = Calendar.utc.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func two(_ value: Int?) -> String { String(format: "%02d", value ?? 0) }
        return String(format: "%04d", parts.year ?? 0) + two(parts.month) + two(parts.day) + "T" + two(parts.hour) + two(parts.minute) + two(parts.second) + "Z"
    }
}

extension Calendar {
    /// The Gregorian calendar in UTC.
    static let utc: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()
}
