/// A French département (or overseas collectivity), by its INSEE code, with the région it belongs to.
public struct Departement: Sendable, Hashable, Codable, Identifiable {
    public let id: String
    public let name: String
    /// Nil for the overseas collectivities (COM), which belong to no région.
    public let regionCode: String?

    /// The 101 départements and the 6 inhabited overseas collectivities.
    public static let all: [Departement] = [
        Departement(id: "01", name: "Ain", regionCode: "84"),
        Departement(id: "02", name: "Aisne", regionCode: "32"),
        Departement(id: "03", name: "Allier", regionCode: "84"),
        Departement(id: "04", name: "Alpes-de-Haute-Provence", regionCode: "93"),
        Departement(id: "05", name: "Hautes-Alpes", regionCode: "93"),
        Departement(id: "06", name: "Alpes-Maritimes", regionCode: "93"),
        Departement(id: "07", name: "Ardèche", regionCode: "84"),
        Departement(id: "08", name: "Ardennes", regionCode: "44"),
        Departement(id: "09", name: "Ariège", regionCode: "76"),
        Departement(id: "10", name: "Aube", regionCode: "44"),
        Departement(id: "11", name: "Aude", regionCode: "76"),
        Departement(id: "12", name: "Aveyron", regionCode: "76"),
        Departement(id: "13", name: "Bouches-du-Rhône", regionCode: "93"),
        Departement(id: "14", name: "Calvados", regionCode: "28"),
        Departement(id: "15", name: "Cantal", regionCode: "84"),
        Departement(id: "16", name: "Charente", regionCode: "75"),
        Departement(id: "17", name: "Charente-Maritime", regionCode: "75"),
        Departement(id: "18", name: "Cher", regionCode: "24"),
        Departement(id: "19", name: "Corrèze", regionCode: "75"),
        Departement(id: "2A", name: "Corse-du-Sud", regionCode: "94"),
        Departement(id: "2B", name: "Haute-Corse", regionCode: "94"),
        Departement(id: "21", name: "Côte-d'Or", regionCode: "27"),
        Departement(id: "22", name: "Côtes-d'Armor", regionCode: "53"),
        Departement(id: "23", name: "Creuse", regionCode: "75"),
        Departement(id: "24", name: "Dordogne", regionCode: "75"),
        Departement(id: "25", name: "Doubs", regionCode: "27"),
        Departement(id: "26", name: "Drôme", regionCode: "84"),
        Departement(id: "27", name: "Eure", regionCode: "28"),
        Departement(id: "28", name: "Eure-et-Loir", regionCode: "24"),
        Departement(id: "29", name: "Finistère", regionCode: "53"),
        Departement(id: "30", name: "Gard", regionCode: "76"),
        Departement(id: "31", name: "Haute-Garonne", regionCode: "76"),
        Departement(id: "32", name: "Gers", regionCode: "76"),
        Departement(id: "33", name: "Gironde", regionCode: "75"),
        Departement(id: "34", name: "Hérault", regionCode: "76"),
        Departement(id: "35", name: "Ille-et-Vilaine", regionCode: "53"),
        Departement(id: "36", name: "Indre", regionCode: "24"),
        Departement(id: "37", name: "Indre-et-Loire", regionCode: "24"),
        Departement(id: "38", name: "Isère", regionCode: "84"),
        Departement(id: "39", name: "Jura", regionCode: "27"),
        Departement(id: "40", name: "Landes", regionCode: "75"),
        Departement(id: "41", name: "Loir-et-Cher", regionCode: "24"),
        Departement(id: "42", name: "Loire", regionCode: "84"),
        Departement(id: "43", name: "Haute-Loire", regionCode: "84"),
        Departement(id: "44", name: "Loire-Atlantique", regionCode: "52"),
        Departement(id: "45", name: "Loiret", regionCode: "24"),
        Departement(id: "46", name: "Lot", regionCode: "76"),
        Departement(id: "47", name: "Lot-et-Garonne", regionCode: "75"),
        Departement(id: "48", name: "Lozère", regionCode: "76"),
        Departement(id: "49", name: "Maine-et-Loire", regionCode: "52"),
        Departement(id: "50", name: "Manche", regionCode: "28"),
        Departement(id: "51", name: "Marne", regionCode: "44"),
        Departement(id: "52", name: "Haute-Marne", regionCode: "44"),
        Departement(id: "53", name: "Mayenne", regionCode: "52"),
        Departement(id: "54", name: "Meurthe-et-Moselle", regionCode: "44"),
        Departement(id: "55", name: "Meuse", regionCode: "44"),
        Departement(id: "56", name: "Morbihan", regionCode: "53"),
        Departement(id: "57", name: "Moselle", regionCode: "44"),
        Departement(id: "58", name: "Nièvre", regionCode: "27"),
        Departement(id: "59", name: "Nord", regionCode: "32"),
        Departement(id: "60", name: "Oise", regionCode: "32"),
        Departement(id: "61", name: "Orne", regionCode: "28"),
        Departement(id: "62", name: "Pas-de-Calais", regionCode: "32"),
        Departement(id: "63", name: "Puy-de-Dôme", regionCode: "84"),
        Departement(id: "64", name: "Pyrénées-Atlantiques", regionCode: "75"),
        Departement(id: "65", name: "Hautes-Pyrénées", regionCode: "76"),
        Departement(id: "66", name: "Pyrénées-Orientales", regionCode: "76"),
        Departement(id: "67", name: "Bas-Rhin", regionCode: "44"),
        Departement(id: "68", name: "Haut-Rhin", regionCode: "44"),
        Departement(id: "69", name: "Rhône", regionCode: "84"),
        Departement(id: "70", name: "Haute-Saône", regionCode: "27"),
        Departement(id: "71", name: "Saône-et-Loire", regionCode: "27"),
        Departement(id: "72", name: "Sarthe", regionCode: "52"),
        Departement(id: "73", name: "Savoie", regionCode: "84"),
        Departement(id: "74", name: "Haute-Savoie", regionCode: "84"),
        Departement(id: "75", name: "Paris", regionCode: "11"),
        Departement(id: "76", name: "Seine-Maritime", regionCode: "28"),
        Departement(id: "77", name: "Seine-et-Marne", regionCode: "11"),
        Departement(id: "78", name: "Yvelines", regionCode: "11"),
        Departement(id: "79", name: "Deux-Sèvres", regionCode: "75"),
        Departement(id: "80", name: "Somme", regionCode: "32"),
        Departement(id: "81", name: "Tarn", regionCode: "76"),
        Departement(id: "82", name: "Tarn-et-Garonne", regionCode: "76"),
        Departement(id: "83", name: "Var", regionCode: "93"),
        Departement(id: "84", name: "Vaucluse", regionCode: "93"),
        Departement(id: "85", name: "Vendée", regionCode: "52"),
        Departement(id: "86", name: "Vienne", regionCode: "75"),
        Departement(id: "87", name: "Haute-Vienne", regionCode: "75"),
        Departement(id: "88", name: "Vosges", regionCode: "44"),
        Departement(id: "89", name: "Yonne", regionCode: "27"),
        Departement(id: "90", name: "Territoire de Belfort", regionCode: "27"),
        Departement(id: "91", name: "Essonne", regionCode: "11"),
        Departement(id: "92", name: "Hauts-de-Seine", regionCode: "11"),
        Departement(id: "93", name: "Seine-Saint-Denis", regionCode: "11"),
        Departement(id: "94", name: "Val-de-Marne", regionCode: "11"),
        Departement(id: "95", name: "Val-d'Oise", regionCode: "11"),
        Departement(id: "971", name: "Guadeloupe", regionCode: "01"),
        Departement(id: "972", name: "Martinique", regionCode: "02"),
        Departement(id: "973", name: "Guyane", regionCode: "03"),
        Departement(id: "974", name: "La Réunion", regionCode: "04"),
        Departement(id: "976", name: "Mayotte", regionCode: "06"),
        Departement(id: "975", name: "Saint-Pierre-et-Miquelon", regionCode: nil),
        Departement(id: "977", name: "Saint-Barthélemy", regionCode: nil),
        Departement(id: "978", name: "Saint-Martin", regionCode: nil),
        Departement(id: "986", name: "Wallis-et-Futuna", regionCode: nil),
        Departement(id: "987", name: "Polynésie française", regionCode: nil),
        Departement(id: "988", name: "Nouvelle-Calédonie", regionCode: nil),
    ]

    private static let byCode = Dictionary(uniqueKeysWithValues: all.map { ($0.id, $0) })

    public static func code(_ code: String) -> Departement? { byCode[code] }

    public var region: Region? { regionCode.flatMap(Region.code) }

    /// The département of a commune's INSEE code ("75056" → 75, "2A004" → 2A, "97411" → 974)
    /// or of a postal code ("20000" → nil: Corsican postal codes do not say which of 2A or 2B).
    public static func of(communeCode code: String) -> Departement? {
        guard code.count == 5 else { return nil }
        if code.hasPrefix("97") || code.hasPrefix("98") { return byCode[String(code.prefix(3))] }
        return byCode[String(code.prefix(2))]
    }

    /// The département of a postal code, where the code says it unambiguously.
    public static func of(postalCode code: String) -> Departement? {
        guard code.count == 5, code.allSatisfy(\.isASCII), code.allSatisfy(\.isNumber) else { return nil }
        if code.hasPrefix("20") { return nil }
        return of(communeCode: code)
    }

    /// Finds a département by name, ignoring case, accents, hyphens and apostrophes.
    public static func named(_ name: String) -> Departement? {
        byFoldedName[NameKey.fold(name)]
    }

    /// Folded once: importers look names up for every row.
    private static let byFoldedName: [String: Departement] = {
        var index = Dictionary(all.map { (NameKey.fold($0.name), $0) }, uniquingKeysWith: { first, _ in first })
        index["reunion"] = byCode["974"]
        index["metropole de lyon"] = byCode["69"]
        return index
    }()
}
