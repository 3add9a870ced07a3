/// A French région, by its INSEE code (2016 nomenclature, in force since).
public struct Region: Sendable, Hashable, Codable, Identifiable {
    public let id: String
    public let name: String

    /// The 18 régions: 13 in metropolitan France and 5 overseas.
    public static let all: [Region] = [
        Region(id: "01", name: "Guadeloupe"), Region(id: "02", name: "Martinique"),
        Region(id: "03", name: "Guyane"), Region(id: "04", name: "La Réunion"),
        Region(id: "06", name: "Mayotte"), Region(id: "11", name: "Île-de-France"),
        Region(id: "24", name: "Centre-Val de Loire"), Region(id: "27", name: "Bourgogne-Franche-Comté"),
        Region(id: "28", name: "Normandie"), Region(id: "32", name: "Hauts-de-France"),
        Region(id: "44", name: "Grand Est"), Region(id: "52", name: "Pays de la Loire"),
        Region(id: "53", name: "Bretagne"), Region(id: "75", name: "Nouvelle-Aquitaine"),
        Region(id: "76", name: "Occitanie"), Region(id: "84", name: "Auvergne-Rhône-Alpes"),
        Region(id: "93", name: "Provence-Alpes-Côte d'Azur"), Region(id: "94", name: "Corse"),
    ]

    private static let byCode = Dictionary(uniqueKeysWithValues: all.map { ($0.id, $0) })

    public static func code(_ code: String) -> Region? { byCode[code] }

    /// Finds a région by name, ignoring case, accents, hyphens and apostrophes ("Ile de France", "PACA" excepted).
    public static func named(_ name: String) -> Region? {
        let key = NameKey.fold(name)
        return byFoldedName[key] ?? aliases[key]
    }

    /// Folded once: importers look names up for every row.
    private static let byFoldedName = Dictionary(uniqueKeysWithValues: all.map { (NameKey.fold($0.name), $0) })

    private static let aliases: [String: Region] = [
        "paca": byCode["93"]!, "provence alpes cote dazur": byCode["93"]!, "reunion": byCode["04"]!,
        "centre": byCode["24"]!, "centre val de loire": byCode["24"]!,
    ]
}
