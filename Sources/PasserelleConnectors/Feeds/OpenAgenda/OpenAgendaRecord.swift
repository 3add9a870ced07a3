import Foundation
import PasserelleCore

/// One OpenAgenda event as read from either shape, before it is mapped: the open-data export's flat fields
/// (`title_fr`, `location_city`, `timings` as a JSON string…) and the API v2's nested ones (`title: {fr}`,
/// `location: {city}`, `timings: [...]`) land in the same fields here, so one mapper serves both.
struct OpenAgendaRecord {
    var uid: String?
    var slug: String?
    var titles: [Language: String] = [:]
    var descriptions: [Language: String] = [:]
    var longDescriptions: [Language: String] = [:]
    var conditions: [Language: String] = [:]
    /// Keywords of every language, French first, as written.
    var keywords: [String] = []
    /// The event's timings (begin, end) as written; nil when the record has none.
    var timings: [(begin: String, end: String?)]?
    /// Why `timings` was present but unreadable.
    var timingsProblem: String?
    var firstBegin: String?
    var lastEnd: String?
    /// The status code (1 scheduled, 2 rescheduled, 3 moved online, 4 postponed, 5 full, 6 cancelled), or the
    /// label when only a label is given.
    var status: Int?
    var statusLabel: String?
    /// 1 offline, 2 online, 3 mixed.
    var attendanceMode: Int?
    var attendanceLabel: String?
    var onlineAccessLink: String?
    var canonicalURL: String?
    /// Registration means: `(type, value)` with type `link`, `email` or `phone`.
    var registration: [(type: String, value: String)] = []
    /// OpenAgenda's accessibility codes: `mi` motor, `hi` hearing, `vi` visual, `pi` psychic, `ii` intellectual.
    var accessibility: Set<String> = []
    var location: FeedPlace?

    // MARK: - The open-data export (flat fields)

    /// A record of the open-data export (Opendatasoft's `evenements-publics-openagenda`): `title_fr`,
    /// `location_name`, `timings` as a JSON string…
    static func flat(_ fields: [String: Any], geometry: [String: Any]?) -> OpenAgendaRecord {
        var record = OpenAgendaRecord()
        record.uid = OpenAgendaValue.string(fields["uid"])
        record.slug = OpenAgendaValue.string(fields["slug"])
        record.titles = perLanguage(fields, "title")
        record.descriptions = perLanguage(fields, "description")
        record.longDescriptions = perLanguage(fields, "longdescription")
        record.conditions = perLanguage(fields, "conditions")
        for key in OpenAgendaValue.frenchFirst(fields.keys.filter { $0.hasPrefix("keywords_") }, french: "keywords_fr") {
            record.keywords += OpenAgendaValue.list(fields[key])
        }
        record.readTimings(fields["timings"])
        record.firstBegin = OpenAgendaValue.string(fields["firstdate_begin"])
        record.lastEnd = OpenAgendaValue.string(fields["lastdate_end"])
        (record.status, record.statusLabel) = OpenAgendaValue.coded(fields["status"])
        (record.attendanceMode, record.attendanceLabel) = OpenAgendaValue.coded(fields["attendancemode"])
        record.onlineAccessLink = OpenAgendaValue.string(fields["onlineaccesslink"])
        record.canonicalURL = OpenAgendaValue.string(fields["canonicalurl"])
        record.registration = OpenAgendaValue.registration(fields["registration"])
        record.accessibility = Set(OpenAgendaValue.list(fields["accessibility"]).map { $0.lowercased() })
        if fields.keys.contains(where: { $0.hasPrefix("location_") }) {
            // The export's names are the API's, lowercased after `location_`.
            var place = self.place { fields["location_" + $0.lowercased()] }
            // `location_coordinates` is Opendatasoft's geo point, [latitude, longitude]; GeoJSON's is [longitude, latitude].
            if let pair = fields["location_coordinates"] as? [Any], pair.count == 2 {
                (place.latitude, place.longitude) = (OpenAgendaValue.number(pair[0]), OpenAgendaValue.number(pair[1]))
            } else if let pair = geometry?["coordinates"] as? [Any], pair.count == 2, place.latitude == nil {
                (place.latitude, place.longitude) = (OpenAgendaValue.number(pair[1]), OpenAgendaValue.number(pair[0]))
            }
            record.location = place
        }
        return record
    }

    /// `title_fr`, `title_en`… of a flat record: the six languages served; the others (`title_br`…) dropped.
    private static func perLanguage(_ fields: [String: Any], _ name: String) -> [Language: String] {
        var texts: [Language: String] = [:]
        for language in Language.allCases {
            if let text = OpenAgendaValue.string(fields[name + "_" + language.rawValue]) { texts[language] = text }
        }
        if texts.isEmpty, let text = OpenAgendaValue.string(fields[name]) { texts[.fr] = text }
        return texts
    }

    /// The street part of an address written whole (`22 rue Deparcieux 75014 Paris`): the postcode and the town
    /// at its end removed; nil when nothing else is left (`Paris`, `75017 Paris`).
    static func street(_ address: String?, postalCode: String?, city: String?) -> String? {
        guard var text = Clean.optional(address) else { return nil }
        // Either order is written (`… 75014 Paris`, `… Paris 75014`), sometimes with the country after.
        for part in ["France", city, postalCode, city].compactMap({ Clean.optional($0) }) {
            if text.count >= part.count, text.suffix(part.count).lowercased() == part.lowercased() { text = String(text.dropLast(part.count)) }
            while let last = text.last, " ,-".contains(last) { text.removeLast() }
        }
        let folded = Clean.foldKey(text)
        return folded.isEmpty || folded == Clean.foldKey(city ?? "") ? nil : text
    }

    /// The first five-digit group of an address (`PARIS 75018`), when the record has no postcode field.
    static func postcode(in address: String?) -> String? {
        guard let address else { return nil }
        var digits = ""
        for character in address + " " {
            if character.isASCII, character.isNumber { digits.append(character); continue }
            if digits.count == 5 { return digits }
            digits = ""
        }
        return nil
    }

    // MARK: - The API v2 (nested fields)

    /// An event of the OpenAgenda API v2 (`{"events": [...]}`): multilingual objects, `timings` an array,
    /// `location` an object, `accessibility` an object of flags.
    static func nested(_ event: [String: Any]) -> OpenAgendaRecord {
        var record = OpenAgendaRecord()
        record.uid = OpenAgendaValue.string(event["uid"])
        record.slug = OpenAgendaValue.string(event["slug"])
        record.titles = OpenAgendaValue.multilingual(event["title"])
        record.descriptions = OpenAgendaValue.multilingual(event["description"])
        record.longDescriptions = OpenAgendaValue.multilingual(event["longDescription"])
        record.conditions = OpenAgendaValue.multilingual(event["conditions"])
        if let keywords = event["keywords"] as? [String: Any] {
            for key in OpenAgendaValue.frenchFirst(Array(keywords.keys), french: "fr") { record.keywords += OpenAgendaValue.list(keywords[key]) }
        } else {
            record.keywords = OpenAgendaValue.list(event["keywords"])
        }
        record.readTimings(event["timings"])
        record.firstBegin = OpenAgendaValue.string((event["firstTiming"] as? [String: Any])?["begin"])
        record.lastEnd = OpenAgendaValue.string((event["lastTiming"] as? [String: Any])?["end"])
        (record.status, record.statusLabel) = OpenAgendaValue.coded(event["status"])
        (record.attendanceMode, record.attendanceLabel) = OpenAgendaValue.coded(event["attendanceMode"])
        record.onlineAccessLink = OpenAgendaValue.string(event["onlineAccessLink"])
        record.canonicalURL = OpenAgendaValue.string(event["canonicalUrl"]) ?? OpenAgendaValue.string(event["canonicalURL"])
        record.registration = OpenAgendaValue.registration(event["registration"])
        if let flags = event["accessibility"] as? [String: Any] {
            record.accessibility = Set(flags.compactMap { key, value in (value as? Bool) == true || OpenAgendaValue.number(value) == 1 ? key.lowercased() : nil })
        } else {
            record.accessibility = Set(OpenAgendaValue.list(event["accessibility"]).map { $0.lowercased() })
        }
        if let location = event["location"] as? [String: Any] { record.location = place { location[$0] } }
        return record
    }

    /// A location from its fields, named as the API v2 names them (`postalCode`, `countryCode`…).
    private static func place(_ field: (String) -> Any?) -> FeedPlace {
        var place = FeedPlace(key: OpenAgendaValue.string(field("uid")) ?? "")
        place.name = OpenAgendaValue.string(field("name"))
        place.city = OpenAgendaValue.string(field("city"))
        place.postalCode = OpenAgendaValue.string(field("postalCode")) ?? postcode(in: OpenAgendaValue.string(field("address")))
        place.street = street(OpenAgendaValue.string(field("address")), postalCode: place.postalCode, city: place.city)
        place.communeCode = OpenAgendaValue.string(field("insee"))
        place.departementName = OpenAgendaValue.string(field("department"))
        place.website = OpenAgendaValue.string(field("website"))
        if let country = OpenAgendaValue.string(field("countryCode")) { place.isFrench = country.uppercased() == "FR" }
        (place.latitude, place.longitude) = (OpenAgendaValue.number(field("latitude")), OpenAgendaValue.number(field("longitude")))
        return place
    }

    /// `timings`: an array of `{begin, end}`, or that array written as a JSON string (the open-data export).
    private mutating func readTimings(_ value: Any?) {
        guard let value, !(value is NSNull) else { return }
        var list = value
        if let text = value as? String {
            guard let parsed = try? JSONSerialization.jsonObject(with: Data(text.utf8)) else {
                timingsProblem = "timings are not JSON: '\(text.prefix(60))'"
                return
            }
            list = parsed
        }
        guard let array = list as? [Any] else {
            timingsProblem = "timings are not a list"
            return
        }
        timings = array.compactMap { item in
            guard let timing = item as? [String: Any], let begin = OpenAgendaValue.string(timing["begin"]) else { return nil }
            return (begin, OpenAgendaValue.string(timing["end"]))
        }
        if timings?.count != array.count { timingsProblem = "\(array.count - (timings?.count ?? 0)) of \(array.count) timings have no begin" }
    }
}

/// Readers for OpenAgenda's loosely typed values: numbers that may be strings, objects written as JSON text.
enum OpenAgendaValue {
    /// A non-blank string, or a whole number written as one (`uid` is a number in the API, a string in exports).
    static func string(_ value: Any?) -> String? {
        if let text = value as? String { return Clean.optional(text) }
        if let number = LenientJSON.number(value), number.rounded() == number, abs(number) < 1e15 { return String(Int64(number)) }
        return nil
    }

    static func number(_ value: Any?) -> Double? {
        if let number = LenientJSON.number(value), number.isFinite { return number }
        if let text = value as? String { return Clean.decimal(text) }
        return nil
    }

    /// Keys in a stable order, the French one first (French is the catalogue's reference language).
    static func frenchFirst(_ keys: [String], french: String) -> [String] {
        keys.sorted { ($0 == french ? "" : $0) < ($1 == french ? "" : $1) }
    }

    /// A list: an array of strings, or a text with `;` between the items (`pi;hi;mi`).
    static func list(_ value: Any?) -> [String] {
        if let array = value as? [Any] { return array.compactMap { string($0) } }
        if let text = value as? String { return text.split(separator: ";").compactMap { Clean.optional(String($0)) } }
        return []
    }

    /// `{"fr": "…", "en": "…"}` (the six languages kept), or a plain string (French).
    static func multilingual(_ value: Any?) -> [Language: String] {
        if let text = string(value) { return [.fr: text] }
        guard let object = value as? [String: Any] else { return [:] }
        var texts: [Language: String] = [:]
        for (key, text) in object {
            if let language = Language(rawValue: key.lowercased()), let text = string(text) { texts[language] = text }
        }
        return texts
    }

    /// A status or attendance mode: a number, `{"id": 1, "label": {...}}`, that object written as JSON text, or
    /// a label alone. Returns the code and the French (else English) label.
    static func coded(_ value: Any?) -> (Int?, String?) {
        var value = value
        if let text = value as? String, text.hasPrefix("{") { value = try? JSONSerialization.jsonObject(with: Data(text.utf8)) }
        if let object = value as? [String: Any] {
            let labels = multilingual(object["label"])
            return (number(object["id"]).flatMap { $0.rounded() == $0 && abs($0) < 100 ? Int($0) : nil }, labels[.fr] ?? labels[.en])
        }
        if let code = LenientJSON.number(value), code.rounded() == code, abs(code) < 100 { return (Int(code), nil) }
        if let text = string(value) { return (Int(text), Int(text) == nil ? text : nil) }
        return (nil, nil)
    }

    /// `[{"type": "link", "value": "…"}]`, or that list as JSON text.
    static func registration(_ value: Any?) -> [(type: String, value: String)] {
        var value = value
        if let text = value as? String { value = try? JSONSerialization.jsonObject(with: Data(text.utf8)) }
        guard let items = value as? [Any] else { return [] }
        return items.compactMap { item in
            guard let object = item as? [String: Any], let text = string(object["value"]) else { return nil }
            return ((string(object["type"]) ?? "link").lowercased(), text)
        }
    }
}
