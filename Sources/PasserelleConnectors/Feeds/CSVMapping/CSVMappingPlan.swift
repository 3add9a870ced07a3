import Foundation
import PasserelleCore

/// A `CSVColumnMapping` checked against itself and a file's header, ready to map that file's rows.
struct CSVMappingPlan {
    let mapping: CSVColumnMapping
    let header: CSVHeader
    let formats: [CSVMappingDateFormat]
    let calendar: Calendar
    /// The mapping's category table, its values folded.
    let categories: [String: CategoryID]
    let titles: [(Language, String)]
    let descriptions: [(Language, String)]
    let institutionID: InstitutionID
    let defaultCategory: CategoryID?
    let source: String
    let retrievedAt: Date

    static let idPrefix = "csv-"

    /// The separator as a parser delimiter: one ASCII character other than a quote or a line end, or `tab`.
    static func delimiter(_ separator: String) throws(CSVFeed.Refusal) -> Character {
        let value: Character? = ["tab", "\\t", "\t"].contains(separator.lowercased()) ? "\t" : (separator.count == 1 ? separator.first : nil)
        guard let value, value.isASCII, !"\"\r\n".contains(value) else {
            throw .invalidMapping(["separator '\(separator)' is not one ASCII character (',', ';', '|' or 'tab')"])
        }
        return value
    }

    init(_ mapping: CSVColumnMapping, header: CSVHeader, institutionID: InstitutionID, defaultCategory: CategoryID?, source: String,
         retrievedAt: Date) throws(CSVFeed.Refusal) {
        var problems: [String] = []
        var formats: [CSVMappingDateFormat] = []
        for pattern in mapping.dateFormats.flatMap({ $0.lowercased() == "iso8601" ? CSVMappingDateFormat.iso8601 : [$0] }) {
            switch CSVMappingDateFormat.compile(pattern) {
            case .success(let format): formats.append(format)
            case .failure(let problem): problems.append(problem.message)
            }
        }
        if formats.isEmpty, mapping.columns.start != nil { problems.append("dates are mapped but no date format is given") }
        var calendar = Calendar(identifier: .gregorian)
        if let zone = TimeZone(identifier: mapping.timeZone) { calendar.timeZone = zone } else { problems.append("unknown time zone '\(mapping.timeZone)'") }
        var categories: [String: CategoryID] = [:]
        for (value, id) in mapping.categories {
            let category = CategoryID(trusted: id)
            if Taxonomy.category(category) == nil { problems.append("category '\(id)' (for '\(value)') is not in the taxonomy") }
            categories[Clean.foldKey(value)] = category
        }
        func languages(_ columns: [String: String], _ field: String) -> [(Language, String)] {
            columns.sorted { $0.key < $1.key }.compactMap { code, column in
                guard let language = Language(rawValue: code.lowercased()) else {
                    problems.append("\(field) language '\(code)' is not one of fr, en, de, es, it, pl")
                    return nil
                }
                return (language, column)
            }
        }
        let titles = languages(mapping.columns.title, "title"), descriptions = languages(mapping.columns.description ?? [:], "description")
        if titles.isEmpty { problems.append("no title column is named (columns.title)") }
        if mapping.columns.coordinates != nil, mapping.columns.latitude != nil || mapping.columns.longitude != nil {
            problems.append("coordinates are named twice: give either coordinates or latitude and longitude")
        }
        if (mapping.columns.latitude == nil) != (mapping.columns.longitude == nil) { problems.append("latitude and longitude go together") }
        guard problems.isEmpty else { throw .invalidMapping(problems) }
        let missing = header.missing(mapping.columns.named.map(\.column))
        guard missing.isEmpty else { throw .missingColumns(Array(NSOrderedSet(array: missing)).compactMap { $0 as? String }, header: header.names) }
        (self.mapping, self.header, self.formats, self.calendar, self.categories) = (mapping, header, formats, calendar, categories)
        (self.titles, self.descriptions) = (titles, descriptions)
        (self.institutionID, self.defaultCategory, self.source, self.retrievedAt) = (institutionID, defaultCategory, source, retrievedAt)
    }

    private func value(_ column: String?, _ record: CSVRecord) -> String {
        column.map { Clean.text(header.value($0, in: record)) } ?? ""
    }

    /// The row's id in the institution's system, when the mapping names the column and the row fills it.
    func recordID(_ record: CSVRecord) -> String? { Clean.optional(value(mapping.columns.id, record)) }

    func map(_ record: CSVRecord) -> Result<MappedEvent, RowReason> {
        var warnings: [RowReason] = []
        let columns = mapping.columns
        if let column = columns.id, recordID(record) == nil { return .failure(RowReason(.missingField, "the id (column '\(column)') is blank")) }
        let title = FeedRecordBuilder.localized(Dictionary(titles.map { ($0, value($1, record)) }, uniquingKeysWith: { a, _ in a }), limit: 500, "title", &warnings)
        guard !title.isEmpty else { return .failure(RowReason(.missingField, "the title (column " + titles.map { "'\($0.1)'" }.joined(separator: ", ") + ") is blank")) }

        var startsAt: Date?, endsAt: Date?
        if let column = columns.start {
            let text = value(column, record)
            guard !text.isEmpty else { return .failure(RowReason(.missingField, "the start (column '\(column)') is blank")) }
            guard let start = date(text, endOfDay: false) else {
                return .failure(RowReason(.invalidValue, "start '\(text.prefix(40))' matches none of the date formats " + formats.map(\.pattern).prefix(4).joined(separator: ", ")))
            }
            startsAt = start
        }
        if let column = columns.end, case let text = value(column, record), !text.isEmpty {
            if let end = date(text, endOfDay: true), end >= (startsAt ?? end) { endsAt = end } else {
                warnings.append(RowReason(.fieldDropped, "end '\(text.prefix(40))' is not a date after the start; left out"))
            }
        }

        let category: CategoryID
        let categoryText = value(columns.category, record)
        if let found = categories[Clean.foldKey(categoryText)] ?? (Taxonomy.category(CategoryID(trusted: categoryText)) != nil ? CategoryID(trusted: categoryText) : nil) {
            category = found
        } else if let defaultCategory {
            if !categoryText.isEmpty { warnings.append(RowReason(.fieldDropped, "category '\(categoryText.prefix(60))' is not in the mapping's table; the default category is used")) }
            category = defaultCategory
        } else {
            return .failure(RowReason(.unknownCategory, categoryText.isEmpty ? "the row has no category and there is no default category"
                : "category '\(categoryText.prefix(60))' is not in the mapping's table, and there is no default category"))
        }

        let venue = self.venue(record, &warnings)
        let onlineURL = FeedRecordBuilder.webURL(value(columns.onlineURL, record), "online url", &warnings)
        guard let access = FeedRecordBuilder.access(venue: venue, onlineURL: onlineURL) else {
            return .failure(RowReason(.missingField, "the row has neither a venue (a name or a town) nor an online url"))
        }
        let recordKey = recordID(record) ?? [title[.fr] ?? "", value(columns.start, record), venue?.name ?? ""].joined(separator: "@")
        let offer = Offer(
            id: OfferID(trusted: FeedRecordBuilder.stableID(Self.idPrefix, institutionID, source, recordKey)), institutionID: institutionID,
            venueID: venue?.id, title: title,
            description: FeedRecordBuilder.localized(Dictionary(descriptions.map { ($0, value($1, record)) }, uniquingKeysWith: { a, _ in a }), limit: 10_000, "description", &warnings),
            categoryID: category, access: access, onlineURL: onlineURL,
            bookingURL: FeedRecordBuilder.webURL(value(columns.bookingURL, record), "booking url", &warnings), price: price(record, &warnings),
            startsAt: startsAt, endsAt: endsAt, languages: languages(record, &warnings),
            provenance: Provenance(source: source, recordID: String(recordKey.prefix(256)), retrievedAt: retrievedAt), updatedAt: retrievedAt
        )
        return FeedRecordBuilder.checked(offer, venue: venue, warnings: warnings)
    }

    /// The first date format that reads `text`; a format without a time read as an end means the end of that day.
    private func date(_ text: String, endOfDay: Bool) -> Date? {
        for format in formats {
            guard let date = format.date(text, in: calendar) else { continue }
            return endOfDay && !format.hasTime ? calendar.date(byAdding: DateComponents(day: 1, second: -1), to: date) : date
        }
        return nil
    }

    private func venue(_ record: CSVRecord, _ warnings: inout [RowReason]) -> Venue? {
        let columns = mapping.columns
        var place = FeedPlace(key: "")
        place.name = value(columns.venueName, record)
        place.street = value(columns.venueAddress, record)
        place.postalCode = value(columns.venuePostcode, record)
        place.city = value(columns.venueCity, record)
        guard !(place.name ?? "").isEmpty || !(place.city ?? "").isEmpty else { return nil }
        place.key = Clean.foldKey([place.name, place.street, place.postalCode, place.city].compactMap { $0 }.joined(separator: "|"))
        if let column = columns.coordinates, case let text = value(column, record), !text.isEmpty {
            switch Clean.latitudeLongitude(text) {
            case .success(let point): (place.latitude, place.longitude) = (point?.latitude, point?.longitude)
            case .failure(let problem): warnings.append(RowReason(.fieldDropped, problem.message + "; left out"))
            }
        } else if let latitudeColumn = columns.latitude, let longitudeColumn = columns.longitude {
            let (latitude, longitude) = (value(latitudeColumn, record), value(longitudeColumn, record))
            if !latitude.isEmpty || !longitude.isEmpty {
                if let lat = CSVMappingNumber.parse(latitude, mapping.decimal), let lon = CSVMappingNumber.parse(longitude, mapping.decimal) {
                    (place.latitude, place.longitude) = (lat, lon)
                } else {
                    warnings.append(RowReason(.fieldDropped, "unreadable coordinates: '\(latitude.prefix(30))', '\(longitude.prefix(30))'; left out"))
                }
            }
        }
        return FeedRecordBuilder.venue(place, idPrefix: Self.idPrefix, institutionID: institutionID, source: source, retrievedAt: retrievedAt, warnings: &warnings)
    }

    private func price(_ record: CSVRecord, _ warnings: inout [RowReason]) -> PriceRange? {
        let low = value(mapping.columns.price, record), high = value(mapping.columns.priceMax, record)
        guard !low.isEmpty || !high.isEmpty else { return nil }
        let lowCents = low.isEmpty ? nil : CSVMappingNumber.cents(low, mapping.decimal)
        let highCents = high.isEmpty ? nil : CSVMappingNumber.cents(high, mapping.decimal)
        if (!low.isEmpty && lowCents == nil) || (!high.isEmpty && highCents == nil) {
            warnings.append(RowReason(.fieldDropped, "price '\(low.prefix(30))' / '\(high.prefix(30))' is not an amount in euros; left out"))
            return nil
        }
        let bounds = [lowCents, highCents].compactMap { $0 }
        guard let minimum = bounds.min(), let maximum = bounds.max() else { return nil }
        return PriceRange(minCents: minimum, maxCents: maximum)
    }

    private func languages(_ record: CSVRecord, _ warnings: inout [RowReason]) -> [String] {
        let codes = value(mapping.columns.languages, record).lowercased().split(whereSeparator: { ";, /".contains($0) }).map(String.init)
        let valid = codes.filter(Identifiers.isLanguageCode)
        if valid.count < codes.count { warnings.append(RowReason(.fieldDropped, "languages other than ISO 639 codes left out: " + codes.filter { !Identifiers.isLanguageCode($0) }.joined(separator: ", "))) }
        return Array(NSOrderedSet(array: valid).compactMap { $0 as? String }.prefix(20))
    }
}
