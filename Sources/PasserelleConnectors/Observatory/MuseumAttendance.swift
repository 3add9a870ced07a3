public import Foundation
import PasserelleCore

/// One museum's attendance for one year, from the ministry's "Fréquentation des Musées de France" (2001–2021).
public struct MuseumAttendance: Sendable, Hashable {
    /// The museum's reference in the file (`ref_musee`): the contributing unit of every table.
    public let museum: String
    /// The year of the figure.
    public let year: Int
    /// The 2016 région's INSEE code (a pre-2016 région is mapped to the one that absorbed it); nil for an overseas
    /// collectivity such as Saint-Pierre-et-Miquelon, which belongs to no région.
    public let regionCode: String?
    /// The département's INSEE code, or nil when the file's name for it matches no département.
    public let departementCode: String?
    /// Paying plus free entries.
    public let total: Int64
    /// The museum's Muséofile identifier (e.g. `M0967`) when the line gives it (later years mostly do).
    public var museofileID: String? = nil
}

/// A line of the attendance file left out, kept with its reason and its raw text for review.
public struct RejectedAttendanceLine: Sendable, Hashable {
    /// The 1-based line in the file.
    public let line: Int
    /// Why it was left out.
    public let reason: String
    /// The line's fields, joined by the file's separator.
    public let raw: String
}

/// Reads the yearly attendance file. The file spells régions and départements several ways over twenty years
/// (upper case, no accents, pre-2016 régions, "ILE ET VILAINE"): each spelling is resolved to an INSEE code, and a
/// line that cannot be (or has no total, e.g. a museum counted jointly with another) is kept aside with its reason.
public enum MuseumAttendanceReader {
    /// Where the file sits under the real-data root.
    public static let relativePath = "culture-gouv-opendata/frequentation-des-musees-de-france.csv"
    /// Largest accepted file (the real one is about 3 MB).
    public static let maximumBytes = 64 * 1_024 * 1_024

    /// The records and the rejected lines, or an error naming the file when it cannot be read at all.
    public static func read(realdata root: URL) throws(ConnectorError) -> (records: [MuseumAttendance], rejected: [RejectedAttendanceLine]) {
        let file: SourceFile
        switch SourceFile.read(root: root, relativePath: relativePath, sourceName: "frequentation-musees") {
        case .success(let read): file = read
        case .failure(let problem): throw ConnectorError(.missingSource, problem.message)
        }
        guard let (header, records) = file.csv(delimiter: ";") else { throw ConnectorError(.unreadableSource, "\(relativePath) is empty") }
        let missing = header.missing(["ref_musee", "annee", "regions", "nomdep", "total"])
        guard missing.isEmpty else { throw ConnectorError(.unreadableSource, "\(relativePath) lacks columns \(missing.joined(separator: ", "))") }
        var accepted = [MuseumAttendance](), rejected = [RejectedAttendanceLine]()
        for record in records where !record.isBlank {
            switch parse(record, header: header) {
            case .success(let attendance): accepted.append(attendance)
            case .failure(let problem):
                rejected.append(RejectedAttendanceLine(line: record.line, reason: problem.message, raw: record.fields.joined(separator: ";")))
            }
        }
        return (accepted, rejected)
    }

    static func parse(_ record: CSVRecord, header: CSVHeader) -> Result<MuseumAttendance, FileProblem> {
        if let problem = header.shapeProblem(of: record) { return .failure(FileProblem(message: problem)) }
        let museum = header.value("ref_musee", in: record)
        guard !museum.isEmpty else { return .failure(FileProblem(message: "no museum reference")) }
        guard let year = Int(header.value("annee", in: record)), (1900...2100).contains(year) else {
            return .failure(FileProblem(message: "invalid year '\(header.value("annee", in: record))'"))
        }
        let totalText = header.value("total", in: record)
        guard let total = Int64(totalText), total >= 0 else {
            return .failure(FileProblem(message: totalText.isEmpty ? "no total attendance" : "invalid total '\(totalText)'"))
        }
        let regionName = header.value("regions", in: record)
        let departement = Territory.departement(named: departementAliases[header.value("nomdep", in: record).uppercased()] ?? header.value("nomdep", in: record))
        let region = Region.named(regionName)?.id ?? formerRegions[fold(regionName)] ?? departement?.regionCode
        guard region != nil || departement != nil else {
            return .failure(FileProblem(message: "neither région '\(regionName)' nor département '\(header.value("nomdep", in: record))' is known"))
        }
        let museofile = header.value("id_museofile", in: record).trimmingCharacters(in: .whitespaces)
        return .success(MuseumAttendance(
            museum: museum, year: year, regionCode: region, departementCode: departement?.id, total: total,
            museofileID: museofile.isEmpty ? nil : museofile))
    }

    /// Pre-2016 régions (folded names) mapped to the 2016 région that absorbed them.
    static let formerRegions: [String: String] = Dictionary(uniqueKeysWithValues: [
        ("alsace", "44"), ("lorraine", "44"), ("champagne ardennes", "44"), ("champagne ardenne", "44"),
        ("aquitaine", "75"), ("limousin", "75"), ("poitou charentes", "75"),
        ("auvergne", "84"), ("rhone alpes", "84"), ("bourgogne", "27"), ("franche comte", "27"),
        ("basse normandie", "28"), ("haute normandie", "28"), ("nord pas de calais", "32"), ("picardie", "32"),
        ("languedoc roussillon", "76"), ("midi pyrenees", "76"), ("centre", "24"),
    ])

    /// Lowercase, no accents, hyphens and apostrophes as spaces.
    static func fold(_ name: String) -> String {
        let folded = name.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: Locale(identifier: "fr_FR"))
        return folded.split(whereSeparator: { " -'’".contains($0) }).joined(separator: " ")
    }

    /// Misspellings of département names found in the file.
    static let departementAliases: [String: String] = [
        "ILE ET VILAINE": "Ille-et-Vilaine",
    ]
}
