public import PasserelleCore

/// Where a venue is, as the catalogue knows it: the rows a `PlaceDirectory` is built from.
public struct VenuePlace: Sendable, Hashable {
    public let city: String
    public let postalCode: String?
    public let departementCode: String?
    public let point: GeoPoint

    public init(city: String, postalCode: String?, departementCode: String?, point: GeoPoint) {
        self.city = city
        self.postalCode = postalCode
        self.departementCode = departementCode
        self.point = point
    }
}

/// A town the catalogue has venues in: its name as the venues spell it most, its département, the centre of its
/// venues, and how many there are.
public struct Place: Sendable, Hashable {
    public let name: String
    public let departementCode: String?
    public let centre: GeoPoint
    public let venues: Int
}

/// "Near a town" without a map, a geocoder or JavaScript: a visitor types a town or a postcode, and the directory
/// answers with the centre of the catalogue's venues there. Built from the venues themselves, so it knows every
/// town that has something to offer and no other, and needs no third-party service.
///
/// A name is matched folded (case, accents, hyphens and apostrophes ignored: "saint etienne" is Saint-Étienne).
/// Homonyms (the 7 Saint-Denis) are told apart by a département code typed after the name ("Saint-Denis 93" or
/// "Saint-Denis (974)"); without one, the town with the most venues comes first and the others are offered.
public struct PlaceDirectory: Sendable {
    /// The longest text a lookup reads.
    public static let maximumTextLength = 100

    private let byName: [String: [Place]]
    private let byPostalCode: [String: [Place]]

    public init(_ venues: [VenuePlace]) {
        struct Sums { var latitude = 0.0, longitude = 0.0, count = 0, spellings: [String: Int] = [:], postalCodes: Set<String> = [] }
        var sums: [Key: Sums] = [:]
        for venue in venues {
            let name = Self.fold(venue.city)
            guard !name.isEmpty else { continue }
            // "Paris 15e Arrondissement" is also Paris: the town's own entry gathers its arrondissements.
            let town = Self.townOfArrondissement(name)
            // Its postcode stays with the arrondissement, which is the more precise answer to it.
            for (key, spelling, postalCode) in [(Key(name: name, departementCode: venue.departementCode), venue.city, venue.postalCode)]
                + (town.map { [(Key(name: $0, departementCode: venue.departementCode), Self.capitalised($0), nil)] } ?? []) {
                sums[key, default: Sums()].latitude += venue.point.latitude
                sums[key, default: Sums()].longitude += venue.point.longitude
                sums[key, default: Sums()].count += 1
                sums[key, default: Sums()].spellings[spelling, default: 0] += 1
                if let postalCode { sums[key, default: Sums()].postalCodes.insert(postalCode) }
            }
        }
        var byName: [String: [Place]] = [:], byPostalCode: [String: [Place]] = [:]
        for (key, sum) in sums {
            let spelling = sum.spellings.max { ($0.value, $1.key) < ($1.value, $0.key) }!.key
            let place = Place(name: spelling, departementCode: key.departementCode,
                              centre: GeoPoint(latitude: sum.latitude / Double(sum.count), longitude: sum.longitude / Double(sum.count)),
                              venues: sum.count)
            byName[key.name, default: []].append(place)
            for code in sum.postalCodes { byPostalCode[code, default: []].append(place) }
        }
        self.byName = byName.mapValues(Self.ordered)
        self.byPostalCode = byPostalCode.mapValues(Self.ordered)
    }

    /// The towns `text` may name, best first: empty when none.
    public func lookup(_ text: String) -> [Place] {
        let text = String(text.prefix(Self.maximumTextLength))
        let words = SearchText.words(text)
        guard !words.isEmpty else { return [] }
        if words.count == 1, words[0].count == 5, words[0].allSatisfy(\.isNumber) { return byPostalCode[words[0]] ?? [] }
        // A trailing département code ("lyon 69", "saint denis 974", "ajaccio 2a") narrows homonyms.
        if words.count > 1, let code = words.last.map({ $0.uppercased() }), Departement.code(code) != nil {
            let named = byName[words.dropLast().joined(separator: " ")] ?? []
            let inDepartement = named.filter { $0.departementCode == code }
            if !inDepartement.isEmpty { return inDepartement }
            if !named.isEmpty { return named }
        }
        return byName[words.joined(separator: " ")] ?? []
    }

    private struct Key: Hashable {
        let name: String
        let departementCode: String?
    }

    static func fold(_ text: String) -> String { SearchText.words(text).joined(separator: " ") }

    /// "paris 15e arrondissement" → "paris"; nil for any other name.
    static func townOfArrondissement(_ folded: String) -> String? {
        let words = folded.split(separator: " ")
        guard words.count >= 3, words.last == "arrondissement" else { return nil }
        let number = words[words.count - 2]
        guard number.first?.isNumber == true, number.hasSuffix("e") || number.hasSuffix("er") else { return nil }
        return words.dropLast(2).joined(separator: " ")
    }

    /// A spelling for a town known only through its arrondissements ("paris" → "Paris").
    private static func capitalised(_ folded: String) -> String {
        folded.split(separator: " ").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined(separator: " ")
    }

    private static func ordered(_ places: [Place]) -> [Place] {
        places.sorted { ($0.venues, $1.departementCode ?? "") > ($1.venues, $0.departementCode ?? "") }
    }
}
