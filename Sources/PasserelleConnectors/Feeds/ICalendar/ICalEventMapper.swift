import Foundation
import PasserelleCore

/// A VEVENT (with its overriding instances) to an offer. What is read:
/// - SUMMARY (required; several with LANGUAGE parameters give the title's languages), DESCRIPTION;
/// - the dates, by `ICalScheduler`;
/// - STATUS:CANCELLED makes the offer withdrawn;
/// - LOCATION: a place's name (a French postcode and town at its end give the address and territory), or an
///   online event when it is a web address; GEO its coordinates; URL the booking link (the online link of an
///   event without a LOCATION);
/// - CATEGORIES, when one names a category of the taxonomy (its id, a label in one of the six languages, or a
///   common synonym), else the importer's default category.
struct ICalEventMapper {
    let institutionID: InstitutionID
    let defaultCategory: CategoryID?
    let source: String
    let retrievedAt: Date

    /// The key an event is known by in its source: UID (with RECURRENCE-ID for an instance on its own), else its
    /// summary and start.
    static func recordID(_ event: ICalComponent) -> String? {
        if let uid = event.first("UID")?.value.trimmingCharacters(in: .whitespaces), !uid.isEmpty {
            if let recurrence = event.first("RECURRENCE-ID")?.value.trimmingCharacters(in: .whitespaces) { return uid + "@" + recurrence }
            return uid
        }
        guard let summary = event.first("SUMMARY")?.value else { return nil }
        return summary + "@" + (event.first("DTSTART")?.value ?? "")
    }

    func map(_ event: ICalComponent, schedule: ICalSchedule, recordID: String) -> Result<MappedEvent, RowReason> {
        var warnings = schedule.warnings
        let title = Self.localized(event.all("SUMMARY"), limit: 500, &warnings)
        guard !title.isEmpty else { return .failure(RowReason(.missingField, "the event has no SUMMARY")) }
        let description = Self.localized(event.all("DESCRIPTION"), limit: 10_000, &warnings)
        let categories = event.all("CATEGORIES").flatMap { ICalText.list($0.value) }.map(Clean.text).filter { !$0.isEmpty }
        guard let category = categories.lazy.compactMap(Self.category).first ?? defaultCategory else {
            let named = categories.isEmpty ? "it has no CATEGORIES" : "its CATEGORIES (\(categories.joined(separator: ", ").prefix(80))) name none"
            return .failure(RowReason(.unknownCategory, "the event has no category of the taxonomy: \(named), and the import has no default category"))
        }
        let id = OfferID(trusted: StableID.make("ical-", String(StableID.fnv1a64(institutionID.rawValue + "\u{1F}" + source + "\u{1F}" + recordID), radix: 16)))
        let provenance = Provenance(source: source, recordID: String(recordID.prefix(256)), retrievedAt: retrievedAt)
        let location = Clean.text(event.first("LOCATION").map { ICalText.unescaped($0.value) })
        let link = Clean.webURL(event.first("URL").map { ICalText.unescaped($0.value) })
        if event.first("URL") != nil, link == nil { warnings.append(RowReason(.fieldDropped, "URL is not a web address; left out")) }
        var venue: Venue?, access = OfferAccess.onSite, onlineURL: URL?
        let lowered = location.lowercased()
        if lowered.hasPrefix("http://") || lowered.hasPrefix("https://"), let url = Clean.webURL(location) {
            (access, onlineURL) = (.online, url)
        } else if !location.isEmpty {
            venue = mapVenue(location, geo: event.first("GEO")?.value, &warnings)
        } else if let link {
            (access, onlineURL) = (.online, link)
        } else {
            return .failure(RowReason(.missingField, "the event has neither a LOCATION (a place) nor a URL (an online event)"))
        }
        let starts = schedule.starts
        let offer = Offer(
            id: id, institutionID: institutionID, venueID: venue?.id, title: LocalizedText(title), description: LocalizedText(description),
            categoryID: category, access: access, onlineURL: onlineURL, bookingURL: access == .onSite ? link : nil,
            startsAt: starts.first.map { Date(timeIntervalSince1970: TimeInterval($0)) }, endsAt: Date(timeIntervalSince1970: TimeInterval(schedule.lastEnd)),
            provenance: provenance, status: Self.isCancelled(event) ? .withdrawn : .active, updatedAt: retrievedAt
        )
        if let problems = EntityCheck.problems([("venue", venue?.validationIssues() ?? []), ("offer", offer.validationIssues())]) {
            return .failure(RowReason(.invalidEntity, problems))
        }
        let occurrences = schedule.starts.count > 1 ? schedule.starts.map { Date(timeIntervalSince1970: TimeInterval($0)) } : []
        return .success(MappedEvent(offer: offer, venue: venue, warnings: warnings, occurrences: occurrences))
    }

    static func isCancelled(_ event: ICalComponent) -> Bool {
        event.first("STATUS")?.value.trimmingCharacters(in: .whitespaces).uppercased() == "CANCELLED"
    }

    /// CLASS:PRIVATE and CLASS:CONFIDENTIAL: not for the public catalogue.
    static func isPrivate(_ event: ICalComponent) -> String? {
        guard let value = event.first("CLASS")?.value.trimmingCharacters(in: .whitespaces).uppercased(), value == "PRIVATE" || value == "CONFIDENTIAL" else { return nil }
        return value
    }

    /// Texts by their LANGUAGE parameter (none: French), cleaned and cut at `limit` with a warning.
    static func localized(_ lines: [ICalLine], limit: Int, _ warnings: inout [RowReason]) -> [Language: String] {
        var texts: [Language: String] = [:]
        for line in lines {
            var text = Clean.text(ICalText.unescaped(line.value))
            guard !text.isEmpty else { continue }
            let language = line.parameter("LANGUAGE").flatMap { Language(rawValue: String($0.prefix(2)).lowercased()) } ?? .fr
            guard texts[language] == nil else { continue }
            if let short = Clean.shortened(text, to: limit) {
                warnings.append(RowReason(.fieldShortened, "\(line.name) was longer than \(limit) characters; shortened"))
                text = short
            }
            texts[language] = text
        }
        if texts[.fr] == nil, let any = texts.sorted(by: { $0.key.rawValue < $1.key.rawValue }).first { texts[.fr] = any.value }
        return texts
    }

    /// The taxonomy's categories by folded id and label, with a few synonyms that calendars use.
    static let categoryNames: [String: CategoryID] = {
        var names: [String: CategoryID] = [:]
        for category in Taxonomy.all where !category.isSector {
            names[Clean.foldKey(category.id.rawValue)] = category.id
            for label in category.labels.values where names[Clean.foldKey(label)] == nil { names[Clean.foldKey(label)] = category.id }
        }
        let synonyms = [
            "theatre": "live-performance.theatre", "theater": "live-performance.theatre", "concert": "music.concert", "concerts": "music.concert",
            "film": "cinema.screening", "cinema": "cinema.screening", "projection": "cinema.screening", "exposition": "heritage.exhibition",
            "exhibition": "heritage.exhibition", "expo": "heritage.exhibition", "conference": "practices.talk", "talk": "practices.talk",
            "atelier": "practices.workshop", "workshop": "practices.workshop", "visite guidee": "heritage.guided-tour",
            "guided tour": "heritage.guided-tour", "danse": "live-performance.dance", "dance": "live-performance.dance",
            "opera": "live-performance.opera", "festival": "festivals.multidisciplinary",
        ]
        for (name, id) in synonyms { names[name] = CategoryID(trusted: id) }
        return names
    }()

    static func category(_ name: String) -> CategoryID? { categoryNames[Clean.foldKey(name)] }

    /// A place known by its LOCATION text: `Name, street, 75001 Paris` gives an address when it ends with a French
    /// postcode and a town; GEO (`lat;lon`) its coordinates.
    private func mapVenue(_ location: String, geo: String?, _ warnings: inout [RowReason]) -> Venue {
        var name = location, address: Address?
        let parts = location.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        if parts.count >= 2, let last = parts.last {
            let words = last.split(separator: " ", maxSplits: 1).map(String.init)
            if words.count == 2, words[0].count == 5, words[0].allSatisfy({ $0.isASCII && $0.isNumber }), let code = Clean.postalCode(words[0]) {
                address = Address(street: parts.count >= 3 ? parts[1..<(parts.count - 1)].joined(separator: ", ") : nil, postalCode: code, city: words[1])
                name = parts[0]
            }
        }
        var coordinates: GeoPoint?
        if let geo {
            let numbers = geo.split(whereSeparator: { $0 == ";" || $0 == "," }).map { Double($0.trimmingCharacters(in: .whitespaces)) }
            if numbers.count == 2, let latitude = numbers[0], let longitude = numbers[1], (-90...90).contains(latitude), (-180...180).contains(longitude) {
                coordinates = GeoPoint(latitude: latitude, longitude: longitude)
            } else {
                warnings.append(RowReason(.fieldDropped, "GEO '\(geo.prefix(40))' is not latitude;longitude; left out"))
            }
        }
        let departement = Territory.departement(postalCode: address?.postalCode)
        let key = location
        return Venue(
            id: VenueID(trusted: StableID.make("ical-", String(StableID.fnv1a64(institutionID.rawValue + "\u{1F}" + source + "\u{1F}place\u{1F}" + key), radix: 16))),
            institutionID: institutionID, name: name, kind: .other, address: address,
            departementCode: departement?.id, regionCode: departement?.regionCode, coordinates: coordinates,
            provenance: Provenance(source: source, recordID: String(key.prefix(256)), retrievedAt: retrievedAt)
        )
    }
}
