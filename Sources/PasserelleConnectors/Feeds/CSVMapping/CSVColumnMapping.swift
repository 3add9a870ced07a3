import Foundation

/// How to read one institution's CSV file of events: a JSON file the institution (or its developer) writes once,
/// saying how the file is written and which column holds what. Only `columns.title` is required; see the
/// `CSVMappingImport` article for an example.
public struct CSVColumnMapping: Codable, Sendable, Hashable {
    /// The character a number's decimals follow.
    public enum DecimalSeparator: String, Codable, Sendable, Hashable {
        /// `12.50`; a comma is then a thousands separator (`1,250.00`).
        case point
        /// `12,50`; a point is then a thousands separator (`1.250,00`).
        case comma
    }

    /// The file's text encoding. A UTF-8 byte-order mark is accepted (and skipped) in every case.
    public enum TextEncoding: String, Codable, Sendable, Hashable, CaseIterable {
        case utf8 = "utf-8"
        /// What Excel saves as "CSV" on a French Windows.
        case windows1252 = "windows-1252"
        case latin1 = "iso-8859-1"

        /// Also `UTF8`, `cp1252`, `latin1`, `latin-1`, in any case.
        public init(from decoder: any Decoder) throws {
            let raw = try decoder.singleValueContainer().decode(String.self)
            switch raw.lowercased().replacingOccurrences(of: "_", with: "-") {
            case "utf-8", "utf8": self = .utf8
            case "windows-1252", "cp1252", "win-1252", "windows1252": self = .windows1252
            case "iso-8859-1", "iso8859-1", "latin1", "latin-1": self = .latin1
            default:
                throw DecodingError.dataCorrupted(DecodingError.Context(
                    codingPath: decoder.codingPath, debugDescription: "unknown encoding '\(raw)': expected utf-8, windows-1252 or iso-8859-1"))
            }
        }
    }

    /// Which column holds what: each value is a column name as the header writes it (trimmed).
    public struct Columns: Codable, Sendable, Hashable {
        /// The record's id in the institution's own system: the offer's id is derived from it, so a row keeps its
        /// offer from one import to the next. Without it, the title, start and venue name stand for it.
        public var id: String?
        /// The title per language code (`{"fr": "Titre", "en": "Title"}`); a single column name is French.
        public var title: [String: String]
        public var description: [String: String]?
        /// The start; without it, offers are undated (a permanent visit, a season's festival).
        public var start: String?
        public var end: String?
        /// The category value, looked up in the mapping's `categories` table (or a taxonomy id itself).
        public var category: String?
        public var venueName: String?
        public var venueAddress: String?
        public var venuePostcode: String?
        public var venueCity: String?
        public var latitude: String?
        public var longitude: String?
        /// One column holding `lat, lon` (or `lat;lon`), instead of `latitude` and `longitude`.
        public var coordinates: String?
        /// A price in euros (`12,50`, `12.50 €`, `gratuit`); with `priceMax`, the lowest of a range.
        public var price: String?
        public var priceMax: String?
        public var bookingURL: String?
        /// An online address: with a venue, the event is hybrid; without, online.
        public var onlineURL: String?
        /// The languages the event is given in, as ISO 639 codes separated by `;` or `,` (`fr;en`).
        public var languages: String?

        public init(
            id: String? = nil, title: [String: String], description: [String: String]? = nil, start: String? = nil, end: String? = nil,
            category: String? = nil, venueName: String? = nil, venueAddress: String? = nil, venuePostcode: String? = nil,
            venueCity: String? = nil, latitude: String? = nil, longitude: String? = nil, coordinates: String? = nil, price: String? = nil,
            priceMax: String? = nil, bookingURL: String? = nil, onlineURL: String? = nil, languages: String? = nil
        ) {
            self.id = id
            self.title = title
            self.description = description
            self.start = start
            self.end = end
            self.category = category
            self.venueName = venueName
            self.venueAddress = venueAddress
            self.venuePostcode = venuePostcode
            self.venueCity = venueCity
            self.latitude = latitude
            self.longitude = longitude
            self.coordinates = coordinates
            self.price = price
            self.priceMax = priceMax
            self.bookingURL = bookingURL
            self.onlineURL = onlineURL
            self.languages = languages
        }

        private enum CodingKeys: String, CodingKey {
            case id, title, description, start, end, category, venueName, venueAddress, venuePostcode, venueCity, latitude, longitude
            case coordinates, price, priceMax, bookingURL, onlineURL, languages
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            func perLanguage(_ key: CodingKeys) throws -> [String: String]? {
                if let single = try? container.decodeIfPresent(String.self, forKey: key) { return ["fr": single] }
                return try container.decodeIfPresent([String: String].self, forKey: key)
            }
            self.init(
                id: try container.decodeIfPresent(String.self, forKey: .id), title: try perLanguage(.title) ?? [:],
                description: try perLanguage(.description), start: try container.decodeIfPresent(String.self, forKey: .start),
                end: try container.decodeIfPresent(String.self, forKey: .end), category: try container.decodeIfPresent(String.self, forKey: .category),
                venueName: try container.decodeIfPresent(String.self, forKey: .venueName),
                venueAddress: try container.decodeIfPresent(String.self, forKey: .venueAddress),
                venuePostcode: try container.decodeIfPresent(String.self, forKey: .venuePostcode),
                venueCity: try container.decodeIfPresent(String.self, forKey: .venueCity),
                latitude: try container.decodeIfPresent(String.self, forKey: .latitude), longitude: try container.decodeIfPresent(String.self, forKey: .longitude),
                coordinates: try container.decodeIfPresent(String.self, forKey: .coordinates), price: try container.decodeIfPresent(String.self, forKey: .price),
                priceMax: try container.decodeIfPresent(String.self, forKey: .priceMax), bookingURL: try container.decodeIfPresent(String.self, forKey: .bookingURL),
                onlineURL: try container.decodeIfPresent(String.self, forKey: .onlineURL), languages: try container.decodeIfPresent(String.self, forKey: .languages)
            )
        }

        /// Every column the mapping names, with the field it is for, in a stable order.
        var named: [(field: String, column: String)] {
            var list: [(String, String?)] = [("id", id)]
            list += title.sorted { $0.key < $1.key }.map { ("title/\($0.key)", $0.value) }
            list += (description ?? [:]).sorted { $0.key < $1.key }.map { ("description/\($0.key)", $0.value) }
            list += [("start", start), ("end", end), ("category", category), ("venueName", venueName), ("venueAddress", venueAddress),
                     ("venuePostcode", venuePostcode), ("venueCity", venueCity), ("latitude", latitude), ("longitude", longitude),
                     ("coordinates", coordinates), ("price", price), ("priceMax", priceMax), ("bookingURL", bookingURL),
                     ("onlineURL", onlineURL), ("languages", languages)]
            return list.compactMap { field, column in column.map { (field, $0) } }
        }
    }

    /// One ASCII character (`,`, `;`, `|`), or `tab`.
    public var separator: String
    public var decimal: DecimalSeparator
    public var encoding: TextEncoding
    /// Tried in order on every date: patterns of `yyyy MM dd HH mm ss SSS XXX` and literals (`dd/MM/yyyy HH:mm`,
    /// `yyyy-MM-dd'T'HH:mm`), or `iso8601` for every ISO 8601 form. A pattern without a time gives midnight for a
    /// start and the end of the day for an end.
    public var dateFormats: [String]
    /// The zone of dates written without an offset (an IANA name).
    public var timeZone: String
    public var columns: Columns
    /// The category of each value of the category column (`"Musique": "music.concert"`), compared without case,
    /// accents or punctuation.
    public var categories: [String: String]

    public init(
        columns: Columns, separator: String = ",", decimal: DecimalSeparator = .point, encoding: TextEncoding = .utf8,
        dateFormats: [String] = ["iso8601"], timeZone: String = "Europe/Paris", categories: [String: String] = [:]
    ) {
        self.columns = columns
        self.separator = separator
        self.decimal = decimal
        self.encoding = encoding
        self.dateFormats = dateFormats
        self.timeZone = timeZone
        self.categories = categories
    }

    private enum CodingKeys: String, CodingKey {
        case separator, decimal, encoding, dateFormats, timeZone, columns, categories
    }

    /// Every member but `columns` may be left out: the defaults are those of `init`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            columns: try container.decode(Columns.self, forKey: .columns),
            separator: try container.decodeIfPresent(String.self, forKey: .separator) ?? ",",
            decimal: try container.decodeIfPresent(DecimalSeparator.self, forKey: .decimal) ?? .point,
            encoding: try container.decodeIfPresent(TextEncoding.self, forKey: .encoding) ?? .utf8,
            dateFormats: try container.decodeIfPresent([String].self, forKey: .dateFormats) ?? ["iso8601"],
            timeZone: try container.decodeIfPresent(String.self, forKey: .timeZone) ?? "Europe/Paris",
            categories: try container.decodeIfPresent([String: String].self, forKey: .categories) ?? [:]
        )
    }
}
