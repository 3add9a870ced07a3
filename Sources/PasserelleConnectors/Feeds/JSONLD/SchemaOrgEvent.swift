public import Foundation
public import PasserelleCore

/// One record read from a feed (a schema.org event, a calendar event, a podcast episode…), mapped to the
/// catalogue: the offer, its venue when it has a physical place, the work it shows (a podcast, a film) when the
/// feed names one, its dated occurrences when it repeats, and what was dropped or mended on the way (warnings: the
/// record still loads).
public struct MappedEvent: Sendable, Hashable {
    public var offer: Offer
    public var venue: Venue?
    public var warnings: [RowReason]
    /// The work the offer presents; saved before the offer, whose `workID` names it.
    public var work: Work?
    /// The starts of every occurrence of a repeating event (an iCalendar `RRULE` expanded), each a dated stock of
    /// the one offer; empty for a single-dated offer, whose date is `offer.startsAt`. At most `Stock.maximumPerOffer`.
    public var occurrences: [Date]

    public init(offer: Offer, venue: Venue? = nil, warnings: [RowReason] = [], work: Work? = nil, occurrences: [Date] = []) {
        self.offer = offer
        self.venue = venue
        self.warnings = warnings
        self.work = work
        self.occurrences = occurrences
    }
}

/// schema.org `Event` and its subtypes to offers. What is read:
/// - `@type` (a string or several; `http://schema.org/` and `schema:` prefixes accepted) chooses the category;
///   a plain `Event` takes the importer's default category, or is rejected without one;
/// - `name` (required; a string or `{@language, @value}` values in the six languages), `description`;
/// - `startDate` (required: an event without a start is not a dated offer), `endDate`, ISO 8601; a time without
///   an offset is Paris time;
/// - `eventStatus`: `EventCancelled` makes the offer withdrawn (never active), `EventMovedOnline` online;
/// - `eventAttendanceMode` (offline, online, mixed), else what `location` says;
/// - `location`: a `Place` (name, `PostalAddress` or text, `GeoCoordinates`), a `VirtualLocation` (its url), text,
///   or several; a French postcode gives the département and the région;
/// - `offers` (`Offer`, `AggregateOffer` or several): `price`, `lowPrice`/`highPrice` in EUR (another currency
///   is dropped with a warning), its `url` as the booking link.
struct SchemaOrgEventMapper {
    let institutionID: InstitutionID
    /// The category of a plain `Event` (nil: such events are rejected).
    let defaultCategory: CategoryID?
    /// Where the records come from (`JSONLDFeed.sourceKey`), written into each record's provenance.
    let source: String
    let retrievedAt: Date

    static let categories: [String: CategoryID] = SchemaOrgVocabulary.eventCategories
    /// Event types that are not cultural offers: reported, not imported.
    static let notCultural: Set<String> = ["SportsEvent", "BusinessEvent", "FoodEvent", "SaleEvent", "SocialEvent", "Hackathon", "DeliveryEvent"]

    /// The short schema.org type names of a node (`["MusicEvent"]`).
    static func types(_ node: [String: Any]) -> [String] {
        let raw: [Any] = (node["@type"] as? [Any]) ?? (node["@type"].map { [$0] } ?? [])
        return raw.compactMap { $0 as? String }.map { type in
            for prefix in ["http://schema.org/", "https://schema.org/", "schema:"] where type.hasPrefix(prefix) { return String(type.dropFirst(prefix.count)) }
            return type
        }
    }

    static func isEvent(_ node: [String: Any]) -> Bool {
        types(node).contains { $0 == "Event" || $0.hasSuffix("Event") || categories[$0] != nil }
    }

    /// The record's id in its source: `@id`, else `url` or name with the start (agendas publish one event per
    /// date, all with the show's url).
    static func recordID(_ node: [String: Any]) -> String? {
        if let id = node["@id"] as? String { return id }
        guard let base = (node["url"] as? String) ?? (node["name"] as? String) else { return nil }
        return base + "@" + ((node["startDate"] as? String) ?? "")
    }

    /// A string property's values: one string, or an array of strings (other values are left out).
    static func strings(_ value: Any?) -> [String] {
        if let text = value as? String { return [text] }
        return (value as? [Any])?.compactMap { $0 as? String } ?? []
    }

    func map(_ node: [String: Any]) -> Result<MappedEvent, RowReason> {
        var warnings: [RowReason] = []
        let types = Self.types(node)
        if let other = types.first(where: Self.notCultural.contains) {
            return .failure(RowReason(.unknownCategory, "a \(other) is not a cultural offer"))
        }
        // The exact category a Passerelle publishes (`additionalType`) first, then the schema.org type's.
        let named = Self.strings(node["additionalType"]).lazy.compactMap(SchemaOrgVocabulary.category(fromAdditionalType:)).first
        guard let category = named ?? types.lazy.compactMap({ Self.categories[$0] }).first ?? defaultCategory else {
            return .failure(RowReason(.unknownCategory, "a plain Event has no category; give a subtype (MusicEvent, TheaterEvent…) or a default category"))
        }
        let title = Self.text(node["name"])
        guard !title.isEmpty else { return .failure(RowReason(.missingField, "the event has no name")) }
        guard let startText = node["startDate"] as? String else { return .failure(RowReason(.missingField, "the event has no startDate")) }
        guard let startsAt = Self.date(startText) else { return .failure(RowReason(.invalidValue, "startDate '\(startText.prefix(40))' is not an ISO 8601 date")) }
        var endsAt: Date?
        if let endText = node["endDate"] as? String {
            if let end = Self.date(endText), end >= startsAt { endsAt = end } else {
                warnings.append(RowReason(.fieldDropped, "endDate '\(endText.prefix(40))' is not a date after startDate; left out"))
            }
        }
        let recordID = Self.recordID(node) ?? title
        let provenance = Provenance(source: source, recordID: String(recordID.prefix(256)), retrievedAt: retrievedAt)
        // The institution is part of the key: two institutions importing the same page get their own records.
        let id = OfferID(trusted: StableID.make("jsonld-", String(StableID.fnv1a64(institutionID.rawValue + "\u{1F}" + source + "\u{1F}" + recordID), radix: 16)))

        let locations: [Any] = (node["location"] as? [Any]) ?? (node["location"].map { [$0] } ?? [])
        var place: [String: Any]?, placeName: String?, virtualURL: URL?
        for location in locations {
            if let object = location as? [String: Any] {
                if Self.types(object).contains("VirtualLocation") { virtualURL = virtualURL ?? Clean.webURL(object["url"] as? String) } else { place = place ?? object }
            } else if let name = location as? String, !Clean.text(name).isEmpty {
                placeName = placeName ?? Clean.text(name)
            }
        }
        var access: OfferAccess = virtualURL != nil ? (place != nil || placeName != nil ? .hybrid : .online) : .onSite
        switch Self.short(node["eventAttendanceMode"]) {
        case "OnlineEventAttendanceMode": access = .online
        case "MixedEventAttendanceMode": access = .hybrid
        case "OfflineEventAttendanceMode": access = .onSite
        default: break
        }
        let status = Self.short(node["eventStatus"])
        if status == "EventMovedOnline" { access = .online }
        let pageURL = Clean.webURL(node["url"] as? String)
        // A location given as text only ("Salle des fêtes") is a venue known by its name.
        let venue = access == .online ? nil : (place ?? placeName.map { ["name": $0] }).flatMap { mapVenue($0, &warnings) }
        if access != .online, venue == nil {
            return .failure(RowReason(.missingField, "an event at a venue needs a location with a name or a town"))
        }
        let (price, bookingURL) = Self.offers(node["offers"], &warnings)
        let offer = Offer(
            id: id, institutionID: institutionID, venueID: venue?.id, title: LocalizedText(Self.localized(node["name"])),
            description: LocalizedText(Self.localized(node["description"])), categoryID: category, access: access,
            onlineURL: access == .onSite ? nil : (virtualURL ?? pageURL), bookingURL: bookingURL ?? (access == .onSite ? pageURL : nil),
            price: price, startsAt: startsAt, endsAt: endsAt, provenance: provenance,
            status: status == "EventCancelled" ? .withdrawn : .active, updatedAt: retrievedAt
        )
        if offer.access != .onSite, offer.onlineURL == nil {
            return .failure(RowReason(.missingField, "an online event needs a url (its VirtualLocation's or its own)"))
        }
        if let problems = EntityCheck.problems([("venue", venue?.validationIssues() ?? []), ("offer", offer.validationIssues())]) {
            return .failure(RowReason(.invalidEntity, problems))
        }
        return .success(MappedEvent(offer: offer, venue: venue, warnings: warnings))
    }

    // MARK: - Fields

    private func mapVenue(_ place: [String: Any], _ warnings: inout [RowReason]) -> Venue? {
        var address: Address?
        var country: String?
        if let postal = place["address"] as? [String: Any] {
            country = (postal["addressCountry"] as? String) ?? ((postal["addressCountry"] as? [String: Any])?["name"] as? String)
            let city = Clean.text(postal["addressLocality"] as? String)
            if !city.isEmpty {
                let french = country.map { ["FR", "FRA", "FRANCE"].contains($0.uppercased()) } ?? true
                address = Address(street: Clean.optional(postal["streetAddress"] as? String),
                                  postalCode: french ? Clean.postalCode(postal["postalCode"] as? String) : nil, city: city)
            }
        } else if let text = place["address"] as? String, !Clean.text(text).isEmpty {
            address = Address(city: Clean.text(text))
        }
        let name = Clean.text(place["name"] as? String).isEmpty ? address?.city ?? "" : Clean.text(place["name"] as? String)
        guard !name.isEmpty else {
            warnings.append(RowReason(.fieldDropped, "the Place has neither a name nor a town; the offer has no venue"))
            return nil
        }
        var coordinates: GeoPoint?
        if let geo = place["geo"] as? [String: Any], let latitude = Self.number(geo["latitude"]), let longitude = Self.number(geo["longitude"]) {
            if (-90...90).contains(latitude), (-180...180).contains(longitude) { coordinates = GeoPoint(latitude: latitude, longitude: longitude) } else {
                warnings.append(RowReason(.fieldDropped, "coordinates \(latitude),\(longitude) are out of range; left out"))
            }
        }
        let departement = Territory.departement(postalCode: address?.postalCode)
        let key = (place["@id"] as? String) ?? (place["url"] as? String) ?? (name + "|" + (address?.city ?? ""))
        return Venue(
            id: VenueID(trusted: StableID.make("jsonld-", String(StableID.fnv1a64(institutionID.rawValue + "\u{1F}" + source + "\u{1F}place\u{1F}" + key), radix: 16))),
            institutionID: institutionID, name: name, kind: .other, address: address,
            departementCode: departement?.id, regionCode: departement?.regionCode, coordinates: coordinates,
            website: Clean.webURL((place["url"] as? String) ?? (place["sameAs"] as? String)),
            provenance: Provenance(source: source, recordID: String(key.prefix(256)), retrievedAt: retrievedAt)
        )
    }

    /// The price range in euro cents and the booking link of `offers`.
    static func offers(_ value: Any?, _ warnings: inout [RowReason]) -> (PriceRange?, URL?) {
        let list: [[String: Any]] = (value as? [[String: Any]]) ?? ((value as? [String: Any]).map { [$0] } ?? [])
        var prices: [Int64] = []
        var url: URL?
        for offer in list {
            url = url ?? Clean.webURL(offer["url"] as? String)
            let currency = (offer["priceCurrency"] as? String)?.uppercased() ?? "EUR"
            let amounts = ["price", "lowPrice", "highPrice"].compactMap { number(offer[$0]) }
            guard !amounts.isEmpty else { continue }
            guard currency == "EUR" else {
                warnings.append(RowReason(.fieldDropped, "a price in \(currency) is not a euro price; left out"))
                continue
            }
            for amount in amounts where amount >= 0 && amount * 100 <= Double(PriceRange.maximumCents) { prices.append(Int64((amount * 100).rounded())) }
        }
        guard let low = prices.min(), let high = prices.max() else { return (nil, url) }
        return (PriceRange(minCents: low, maxCents: high), url)
    }

    /// A number given as a number or as text (`"12.50"`, `"12,50"`); text with a currency sign (`"$35"`) is not one.
    static func number(_ value: Any?) -> Double? {
        if let number = LenientJSON.number(value) { return number }
        if let text = value as? String { return Clean.decimal(text) }
        return nil
    }

    /// `EventCancelled` from `https://schema.org/EventCancelled`, `schema:EventCancelled` or a `{@id}` object.
    static func short(_ value: Any?) -> String? {
        let text = (value as? String) ?? ((value as? [String: Any])?["@id"] as? String)
        return text.map { String($0.split(separator: "/").last ?? "").replacingOccurrences(of: "schema:", with: "") }
    }

    /// A text value: a string, a `{@value}` object, or the first of a list.
    static func text(_ value: Any?) -> String {
        localized(value)[.fr] ?? localized(value).values.sorted().first ?? ""
    }

    /// A text per language: a plain string is French (the catalogue's language of reference); `{@language, @value}`
    /// values in the six languages are kept under theirs.
    static func localized(_ value: Any?) -> [Language: String] {
        var texts: [Language: String] = [:]
        let items: [Any] = (value as? [Any]) ?? (value.map { [$0] } ?? [])
        for item in items {
            if let string = item as? String {
                let clean = Clean.text(string)
                if !clean.isEmpty, texts[.fr] == nil { texts[.fr] = clean }
            } else if let object = item as? [String: Any], let string = object["@value"] as? String {
                let code = (object["@language"] as? String)?.prefix(2).lowercased()
                let language = code.flatMap { Language(rawValue: String($0)) } ?? .fr
                let clean = Clean.text(string)
                if !clean.isEmpty, texts[language] == nil { texts[language] = clean }
            }
        }
        if texts[.fr] == nil, let any = texts.sorted(by: { $0.key.rawValue < $1.key.rawValue }).first { texts[.fr] = any.value }
        return texts
    }

    /// ISO 8601: a day (`2017-06-12`), or a date-time with or without seconds and offset (`-0400`, `+01:00`, `Z`);
    /// without an offset, Paris time. Read by hand: a regular expression and a calendar per call cost more than
    /// the rest of an event's mapping.
    static func date(_ text: String) -> Date? {
        let bytes = Array(text.trimmingCharacters(in: .whitespaces).utf8)
        func digits(_ start: Int, _ count: Int) -> Int? {
            guard start + count <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[start..<(start + count)] {
                guard (48...57).contains(byte) else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        guard bytes.count >= 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
            let year = digits(0, 4), let month = digits(5, 2), let day = digits(8, 2), (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        var hour = 0, minute = 0, second = 0, offset: Int?
        var index = 10
        if index < bytes.count {
            guard bytes[index] == UInt8(ascii: "T") || bytes[index] == UInt8(ascii: " "), let h = digits(11, 2), bytes.count > 13,
                bytes[13] == UInt8(ascii: ":"), let m = digits(14, 2), h < 24, m < 60
            else { return nil }
            (hour, minute, index) = (h, m, 16)
            if index < bytes.count, bytes[index] == UInt8(ascii: ":") {
                guard let s = digits(17, 2), s < 61 else { return nil }
                second = s
                index = 19
                if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
                    index += 1
                    while index < bytes.count, (48...57).contains(bytes[index]) { index += 1 }
                }
            }
            if index < bytes.count {
                let sign = bytes[index]
                if sign == UInt8(ascii: "Z"), index == bytes.count - 1 {
                    offset = 0
                } else if sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
                    let colon = index + 3 < bytes.count && bytes[index + 3] == UInt8(ascii: ":")
                    guard let oh = digits(index + 1, 2), let om = digits(index + (colon ? 4 : 3), 2),
                        index + (colon ? 6 : 5) == bytes.count, oh < 24, om < 60
                    else { return nil }
                    offset = (sign == UInt8(ascii: "-") ? -1 : 1) * (oh * 3_600 + om * 60)
                } else {
                    return nil
                }
            }
        }
        let components = DateComponents(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
        if let offset {
            guard let utc = utcCalendar.date(from: components), utcCalendar.component(.day, from: utc) == day else { return nil }
            return utc.addingTimeInterval(-Double(offset))
        }
        guard let local = parisCalendar.date(from: components), parisCalendar.component(.day, from: local) == day else { return nil }
        return local
    }

    private static let utcCalendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 0)!
        return calendar
    }()

    private static let parisCalendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/Paris")!
        return calendar
    }()
}
