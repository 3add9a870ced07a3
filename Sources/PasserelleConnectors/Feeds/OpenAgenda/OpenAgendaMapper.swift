import Foundation
import PasserelleCore

/// OpenAgenda events to offers. What is read (see `OpenAgendaRecord` for where each comes from in either shape):
/// - the title (required), description and long description in the six languages served (others dropped); the
///   long description's HTML or Markdown becomes text, after the short description unless it repeats it;
/// - `timings`: every timing's begin is an occurrence (`MappedEvent.occurrences`, sorted, at most
///   `Stock.maximumPerOffer`); the offer starts at the first begin and ends at the last end. Without timings, the
///   first and last dates of the export;
/// - `status`: cancelled (6) makes a withdrawn offer; postponed (4, to a date not yet known) too, with a warning;
///   moved online (3) an online offer; rescheduled (2, the timings are the new dates) and full (5) stay active;
/// - `attendanceMode`: offline (1), online (2), mixed (3); the online address is `onlineAccessLink`, else the
///   event's OpenAgenda page;
/// - the location → a venue (name, street, postcode, town, INSEE code, coordinates, website), its territory
///   derived as for every feed; `accessibility` (`mi`, `hi`, `vi`, `pi`, `ii`) → the venue's accessibility;
/// - keywords → a category when one maps clearly (`OpenAgendaKeywords`), else the default category, else the
///   event is rejected (`unknown-category`);
/// - `conditions`: amounts in euros (`5 €`, `de 5€ à 10 €`) and free entry (`gratuit`, `entrée libre`) → price;
/// - the first `registration` link → booking link (else the event's page for an on-site event, as JSON-LD does).
struct OpenAgendaMapper {
    let institutionID: InstitutionID
    let defaultCategory: CategoryID?
    let source: String
    let retrievedAt: Date

    static let idPrefix = "openagenda-"

    /// The record's id in its source: its `uid`, else its slug or page, else its title and first date.
    static func recordID(_ record: OpenAgendaRecord) -> String? {
        record.uid ?? record.slug ?? record.canonicalURL
            ?? record.titles[.fr].map { $0 + "@" + (record.timings?.first?.begin ?? record.firstBegin ?? "") }
    }

    func map(_ record: OpenAgendaRecord) -> Result<MappedEvent, RowReason> {
        var warnings: [RowReason] = []
        let title = FeedRecordBuilder.localized(record.titles, limit: 500, "title", &warnings)
        guard !title.isEmpty else { return .failure(RowReason(.missingField, "the event has no title")) }
        guard let category = OpenAgendaKeywords.category(record.keywords) ?? defaultCategory else {
            let shown = record.keywords.isEmpty ? "it has none" : "keywords: " + record.keywords.prefix(12).joined(separator: ", ")
            return .failure(RowReason(.unknownCategory, "no keyword names a category of the taxonomy (\(shown)); give a default category"))
        }
        let dates: Dates
        switch Self.dates(record, &warnings) {
        case .success(let found): dates = found
        case .failure(let reason): return .failure(reason)
        }

        let status = Self.status(record)
        var access = Self.attendance(record)
        switch status {
        case 3: access = .online
        case 4: warnings.append(RowReason(.eventPostponed, "postponed to a date not yet known: withdrawn until it is rescheduled"))
        case nil, 1, 2, 5, 6: break
        case let other?: warnings.append(RowReason(.fieldDropped, "unknown status \(other) '\(record.statusLabel ?? "")'; read as scheduled"))
        }
        let pageURL = FeedRecordBuilder.webURL(record.canonicalURL, "canonical url", &warnings)
        let onlineLink = FeedRecordBuilder.webURL(record.onlineAccessLink, "online access link", &warnings)
        var venue: Venue?
        if access != .online, var place = record.location {
            place.accessibility = Set(record.accessibility.compactMap { OpenAgendaKeywords.accessibility[$0] })
            if place.key.isEmpty { place.key = [place.name, place.street, place.city].compactMap { $0 }.joined(separator: "|") }
            venue = FeedRecordBuilder.venue(place, idPrefix: Self.idPrefix, institutionID: institutionID, source: source, retrievedAt: retrievedAt, warnings: &warnings)
        }
        // Without a stated mode, the event is where its data says it is: a place, an online link, or both.
        let resolved = access ?? FeedRecordBuilder.access(venue: venue, onlineURL: onlineLink) ?? .onSite
        if resolved != .online, venue == nil {
            return .failure(RowReason(.missingField, "an event at a venue needs a location with a name or a town"))
        }
        let onlineURL = resolved == .onSite ? nil : onlineLink ?? pageURL
        if resolved != .onSite, onlineURL == nil {
            return .failure(RowReason(.missingField, "an online event needs its online access link or its page"))
        }
        let registration = record.registration.first { $0.type == "link" }.flatMap { Clean.webURL($0.value) }

        let recordID = Self.recordID(record) ?? ""
        let offer = Offer(
            id: OfferID(trusted: FeedRecordBuilder.stableID(Self.idPrefix, institutionID, source, recordID)), institutionID: institutionID,
            venueID: resolved == .online ? nil : venue?.id, title: title, description: Self.description(record, &warnings), categoryID: category,
            access: resolved, onlineURL: onlineURL, bookingURL: registration ?? (resolved == .onSite ? pageURL : nil),
            price: OpenAgendaPrice.range(record.conditions[.fr] ?? record.conditions.sorted(by: { $0.key.rawValue < $1.key.rawValue }).first?.value),
            startsAt: dates.startsAt, endsAt: dates.endsAt,
            provenance: Provenance(source: source, recordID: String(recordID.prefix(256)), retrievedAt: retrievedAt),
            status: status == 6 || status == 4 ? .withdrawn : .active, updatedAt: retrievedAt
        )
        return FeedRecordBuilder.checked(offer, venue: resolved == .online ? nil : venue, warnings: warnings, occurrences: dates.occurrences)
    }

    // MARK: - Fields

    struct Dates {
        let startsAt: Date
        let endsAt: Date?
        let occurrences: [Date]
    }

    /// Every timing's begin, in any ISO 8601 notation (`+02:00`, `+0200`, `Z`, fractions; without an offset, Paris
    /// time); an end before its begin is left out. Without timings, the export's first begin and last end.
    static func dates(_ record: OpenAgendaRecord, _ warnings: inout [RowReason]) -> Result<Dates, RowReason> {
        var timings = record.timings ?? []
        if let problem = record.timingsProblem, !timings.isEmpty { warnings.append(RowReason(.fieldDropped, problem)) }
        if timings.isEmpty, let first = record.firstBegin { timings = [(first, record.lastEnd)] }
        guard !timings.isEmpty else {
            return .failure(record.timingsProblem.map { RowReason(.invalidValue, $0) } ?? RowReason(.missingField, "the event has no timings"))
        }
        var pairs: [(begin: Date, end: Date?)] = []
        var unreadable: [String] = [], badEnds = 0
        for timing in timings {
            guard let begin = SchemaOrgEventMapper.date(timing.begin) else {
                unreadable.append(timing.begin)
                continue
            }
            let end = timing.end.flatMap(SchemaOrgEventMapper.date).flatMap { $0 >= begin ? $0 : nil }
            if timing.end != nil, end == nil { badEnds += 1 }
            pairs.append((begin, end))
        }
        if badEnds > 0 { warnings.append(RowReason(.fieldDropped, "\(badEnds) timing end(s) not a date after their begin; left out")) }
        guard !pairs.isEmpty else {
            return .failure(RowReason(.invalidValue, "no timing has an ISO 8601 begin: '\(unreadable[0].prefix(40))'"))
        }
        if !unreadable.isEmpty {
            warnings.append(RowReason(.fieldDropped, "\(unreadable.count) timing(s) without an ISO 8601 begin left out: '\(unreadable[0].prefix(40))'"))
        }
        let starts = FeedRecordBuilder.occurrences(pairs.map(\.begin), &warnings)
        let first = pairs.map(\.begin).min()!
        let last = starts.last ?? first
        let ends = pairs.filter { $0.begin <= last }.compactMap(\.end)
        return .success(Dates(startsAt: first, endsAt: ends.max(), occurrences: starts))
    }

    /// The status code, from the code or, when only a label is given, from it.
    static func status(_ record: OpenAgendaRecord) -> Int? {
        if let code = record.status { return code }
        guard let label = record.statusLabel.map(Clean.foldKey) else { return nil }
        let labels: [(String, Int)] = [("annul", 6), ("cancel", 6), ("reprogramm", 2), ("reschedul", 2), ("report", 4), ("postpon", 4),
                                       ("en ligne", 3), ("online", 3), ("complet", 5), ("full", 5), ("programm", 1), ("schedul", 1)]
        return labels.first { label.contains($0.0) }?.1 ?? 0
    }

    /// The attendance mode, from the code or the label; nil when the record does not say.
    static func attendance(_ record: OpenAgendaRecord) -> OfferAccess? {
        switch record.attendanceMode {
        case 1: return .onSite
        case 2: return .online
        case 3: return .hybrid
        default: break
        }
        guard let label = record.attendanceLabel.map(Clean.foldKey) else { return nil }
        if label.contains("mixt") || label.contains("mixed") || label.contains("hybrid") { return .hybrid }
        if label.contains("en ligne") || label.contains("online") { return .online }
        if label.contains("sur place") || label.contains("offline") || label.contains("in situ") { return .onSite }
        return nil
    }

    /// Per language: the short description, then the long one as text unless it starts by repeating it.
    static func description(_ record: OpenAgendaRecord, _ warnings: inout [RowReason]) -> LocalizedText {
        var texts: [Language: String] = [:]
        for language in Language.allCases {
            let short = Clean.text(record.descriptions[language])
            let long = OpenAgendaHTML.text(record.longDescriptions[language] ?? "")
            texts[language] = long.isEmpty || long.hasPrefix(short) ? (long.isEmpty ? short : long) : short + " " + long
        }
        return FeedRecordBuilder.localized(texts, limit: 10_000, "description", &warnings)
    }
}

/// The text of an HTML (or Markdown) fragment: tags removed, the common entities decoded, white space folded.
/// Read on UTF-8 bytes: every mark is ASCII, so a multi-byte character is never mistaken for one.
enum OpenAgendaHTML {
    static func text(_ html: String) -> String {
        let bytes = Array(html.utf8)
        guard bytes.contains(where: { $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: "&") || $0 == UInt8(ascii: "*") || $0 == UInt8(ascii: "#") }) else {
            return Clean.text(html)
        }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = 0, lineStart = true
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "<"), let close = bytes[index...].firstIndex(of: UInt8(ascii: ">")) {
                out.append(UInt8(ascii: " "))
                index = close + 1
                continue
            }
            if byte == UInt8(ascii: "&"), let semicolon = bytes[index..<min(bytes.count, index + 10)].firstIndex(of: UInt8(ascii: ";")),
                let decoded = entity(String(decoding: bytes[(index + 1)..<semicolon], as: UTF8.self))
            {
                out += decoded.utf8
                index = semicolon + 1
                continue
            }
            // Markdown emphasis (`**`, `__`) and heading marks (the API v2's long descriptions) are marks, not text.
            let doubled = index + 1 < bytes.count && bytes[index + 1] == byte
            if (byte == UInt8(ascii: "*") || byte == UInt8(ascii: "_")) && doubled {
                index += 2
                continue
            }
            if byte == UInt8(ascii: "#") && lineStart {
                index += 1
                continue
            }
            lineStart = byte == UInt8(ascii: "\n") || (lineStart && byte == UInt8(ascii: " "))
            out.append(byte)
            index += 1
        }
        return Clean.text(String(decoding: out, as: UTF8.self))
    }

    private static func entity(_ name: String) -> String? {
        switch name {
        case "amp": return "&"
        case "lt": return "<"
        case "gt": return ">"
        case "quot": return "\""
        case "apos", "#39": return "'"
        case "nbsp": return " "
        default:
            let hex = name.hasPrefix("#x") || name.hasPrefix("#X")
            guard name.hasPrefix("#"), let value = UInt32(name.dropFirst(hex ? 2 : 1), radix: hex ? 16 : 10),
                let scalar = Unicode.Scalar(value)
            else { return nil }
            return String(Character(scalar))
        }
    }
}

/// A price from OpenAgenda's free-text conditions (`Entrée libre`, `5 €`, `de 5€ à 10 €`, `Tarifs : 12e / 14€`):
/// the euro amounts it names, from 0 when it also says the entry is free; free alone; nil when it says neither
/// (`Sur inscription`, `Entrée payante`).
enum OpenAgendaPrice {
    private static let amount = try! NSRegularExpression(pattern: #"(\d{1,6}(?:[.,]\d{1,2})?)\s*(?:€|euros?\b|EUR\b|e\b)"#, options: [.caseInsensitive])
    private static let freeWords = ["gratuit", "entree libre", "acces libre", "free"]

    static func range(_ conditions: String?) -> PriceRange? {
        guard let text = Clean.optional(conditions) else { return nil }
        let folded = Clean.foldKey(text)
        let free = freeWords.contains { folded.contains($0) }
        let matches = amount.matches(in: text, range: NSRange(text.startIndex..., in: text))
        let cents = matches.compactMap { match -> Int64? in
            guard let range = Range(match.range(at: 1), in: text), let euros = Clean.decimal(String(text[range])) else { return nil }
            let value = Int64((euros * 100).rounded())
            return value <= PriceRange.maximumCents ? value : nil
        }
        guard let high = cents.max() else { return free ? .free : nil }
        return PriceRange(minCents: free ? 0 : cents.min()!, maxCents: high)
    }
}
