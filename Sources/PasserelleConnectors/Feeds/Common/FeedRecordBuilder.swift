import Foundation
import PasserelleCore

/// What a feed record says of its physical place, as read, before it becomes a venue.
struct FeedPlace: Sendable {
    /// The place's own id in its source when it has one, else something that names it (name and town).
    var key: String
    var name: String?
    var street: String?
    var postalCode: String?
    var city: String?
    /// The commune's INSEE code, when the source gives it.
    var communeCode: String?
    var departementName: String?
    /// False when the source says the place is abroad: its postcode is then not a French one.
    var isFrench = true
    var latitude: Double?
    var longitude: Double?
    var website: String?
    var accessibility: Set<AccessibilityFeature> = []
}

/// The pieces every event feed builds alike (the OpenAgenda and CSV-mapping connectors), with the conventions of
/// `SchemaOrgEventMapper`: ids stable across reads and distinct per institution and source, venues with their
/// territory derived from the postcode, texts bounded as Core wants, every entity validated.
enum FeedRecordBuilder {
    /// `prefix` + a hash of the institution, the source and the record's key: the same record read again gets the
    /// same id; two institutions (or two feeds) importing it get their own.
    static func stableID(_ prefix: String, _ institutionID: InstitutionID, _ source: String, _ key: String) -> String {
        StableID.make(prefix, String(StableID.fnv1a64(institutionID.rawValue + "\u{1F}" + source + "\u{1F}" + key), radix: 16))
    }

    /// The venue of a place, or nil (with a warning) when it has neither a name nor a town. The département comes
    /// from the commune code, the postcode and the département's name (the one at least two agree on); the région
    /// from the département; out-of-range coordinates are dropped with a warning.
    static func venue(
        _ place: FeedPlace, idPrefix: String, institutionID: InstitutionID, source: String, retrievedAt: Date, warnings: inout [RowReason]
    ) -> Venue? {
        let city = Clean.text(place.city)
        let postalCode = place.isFrench ? Clean.postalCode(place.postalCode) : nil
        let name = Clean.optional(place.name) ?? (city.isEmpty ? nil : city)
        guard let name else {
            warnings.append(RowReason(.fieldDropped, "the place has neither a name nor a town; the offer has no venue"))
            return nil
        }
        let address = city.isEmpty ? nil : Address(street: Clean.optional(place.street), postalCode: postalCode, city: city)
        let territory = place.isFrench
            ? Territory.resolve(communeCode: Clean.optional(place.communeCode), postalCode: postalCode, departementName: Clean.text(place.departementName))
            : Territory.Resolved(departement: nil, communeCode: nil, outvoted: [])
        if let departement = territory.departement, !territory.outvoted.isEmpty {
            warnings.append(RowReason(.conflictingFields, territory.outvoted.joined(separator: ", ") + " ignored: the other fields say \(departement.id)"))
        }
        var coordinates: GeoPoint?
        if let latitude = place.latitude, let longitude = place.longitude {
            switch Clean.point(latitude: latitude, longitude: longitude, raw: "\(latitude), \(longitude)") {
            case .success(let point): coordinates = point
            case .failure(let problem): warnings.append(RowReason(.fieldDropped, problem.message + "; left out"))
            }
        }
        var website: URL?
        if let raw = Clean.optional(place.website) {
            website = Clean.webURL(raw)
            if website == nil { warnings.append(RowReason(.fieldDropped, "the place's website '\(raw.prefix(80))' is not a web address; left out")) }
        }
        return Venue(
            id: VenueID(trusted: stableID(idPrefix, institutionID, source, "place\u{1F}" + place.key)), institutionID: institutionID,
            name: shortened(name, to: 300, "venue name", &warnings), kind: .other, address: address,
            communeCode: territory.communeCode, departementCode: territory.departement?.id, regionCode: territory.departement?.regionCode,
            coordinates: coordinates, accessibility: place.accessibility, website: website,
            provenance: Provenance(source: source, recordID: String(place.key.prefix(256)), retrievedAt: retrievedAt)
        )
    }

    /// The texts of the six languages, each cut at a word boundary to `limit` characters (with a warning); a text
    /// with no French value takes the English one, else the first there is, as French (the catalogue's reference).
    static func localized(_ texts: [Language: String], limit: Int, _ field: String, _ warnings: inout [RowReason]) -> LocalizedText {
        var values: [Language: String] = [:]
        for (language, raw) in texts {
            let text = Clean.text(raw)
            if !text.isEmpty { values[language] = shortened(text, to: limit, "\(field) (\(language.rawValue))", &warnings) }
        }
        if values[.fr] == nil, let fallback = Language.fr.fallbackOrder().lazy.compactMap({ values[$0] }).first { values[.fr] = fallback }
        return LocalizedText(values)
    }

    /// The text, cut to `limit` characters with a `fieldShortened` warning when longer.
    static func shortened(_ text: String, to limit: Int, _ field: String, _ warnings: inout [RowReason]) -> String {
        guard let short = Clean.shortened(text, to: limit) else { return text }
        warnings.append(RowReason(.fieldShortened, "\(field) cut from \(text.count) to \(short.count) characters"))
        return short
    }

    /// A web address, or nil with a warning naming the field when the value is not one.
    static func webURL(_ raw: String?, _ field: String, _ warnings: inout [RowReason]) -> URL? {
        guard let text = Clean.optional(raw) else { return nil }
        if let url = Clean.webURL(text) { return url }
        warnings.append(RowReason(.fieldDropped, "\(field) '\(text.prefix(80))' is not a web address; left out"))
        return nil
    }

    /// The access an event has from what it offers: a venue, an online address, or both.
    static func access(venue: Venue?, onlineURL: URL?) -> OfferAccess? {
        switch (venue != nil, onlineURL != nil) {
        case (true, true): .hybrid
        case (true, false): .onSite
        case (false, true): .online
        case (false, false): nil
        }
    }

    /// The mapped event once Core accepts both entities, else the reason naming each failing field.
    static func checked(_ offer: Offer, venue: Venue?, warnings: [RowReason], occurrences: [Date] = []) -> Result<MappedEvent, RowReason> {
        if let problems = EntityCheck.problems([("venue", venue?.validationIssues() ?? []), ("offer", offer.validationIssues())]) {
            return .failure(RowReason(.invalidEntity, problems))
        }
        return .success(MappedEvent(offer: offer, venue: venue, warnings: warnings, occurrences: occurrences))
    }

    /// The starts kept as an offer's dated occurrences: sorted, without repeats, at most `Stock.maximumPerOffer`
    /// (the rest dropped with a warning); empty for a single date, which `offer.startsAt` already says.
    static func occurrences(_ starts: [Date], _ warnings: inout [RowReason]) -> [Date] {
        var sorted = Array(Set(starts)).sorted()
        if sorted.count > Stock.maximumPerOffer {
            warnings.append(RowReason(.fieldDropped, "\(sorted.count) dates; the first \(Stock.maximumPerOffer) kept, the offer's most"))
            sorted = Array(sorted.prefix(Stock.maximumPerOffer))
        }
        return sorted.count > 1 ? sorted : []
    }

    /// A record's text for review, at most `RejectedRecord.maximumRawLength` characters.
    static func raw(_ text: String) -> String { String(text.prefix(RejectedRecord.maximumRawLength)) }
}

extension Territory {
    /// A place's département from the candidates a source gives, most precise first (commune code, postcode,
    /// département name): the one at least two agree on, else the most precise present. The commune is kept only
    /// when it lies in that département; `outvoted` names the candidates that said otherwise.
    struct Resolved {
        let departement: Departement?
        let communeCode: String?
        let outvoted: [String]
    }

    static func resolve(communeCode: String?, postalCode: String?, departementName: String) -> Resolved {
        let commune = communeCode.flatMap { Identifiers.isCommuneCode($0) && Departement.of(communeCode: $0) != nil ? $0 : nil }
        let candidates: [(source: String, departement: Departement?)] = [
            ("commune \(commune ?? "")", commune.flatMap { Departement.of(communeCode: $0) }),
            ("postal code \(postalCode ?? "")", departement(postalCode: postalCode)),
            ("département '\(departementName)'", departement(named: departementName)),
        ]
        let chosen = majority(candidates.map(\.departement))
        let outvoted = candidates.filter { $0.departement != nil && $0.departement != chosen }.map { "\($0.source) (\($0.departement!.id))" }
        return Resolved(departement: chosen, communeCode: commune.flatMap { Departement.of(communeCode: $0) == chosen ? $0 : nil }, outvoted: outvoted)
    }
}
