import Foundation
import PasserelleCore
import PasserellePrivacy
import Testing

/// Locates the shared real data (env `PASSERELLE_REALDATA` overrides `../shared/realdata`).
enum RealData {
    static var root: URL {
        if let path = ProcessInfo.processInfo.environment["PASSERELLE_REALDATA"] { return URL(fileURLWithPath: path) }
        // `swift test` runs in the package root; the shared data sits next to it.
        let packageRoot = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        return packageRoot.deletingLastPathComponent().appendingPathComponent("shared/realdata")
    }

    static let museumsFile = root.appendingPathComponent("culture-gouv-opendata/frequentation-des-musees-de-france.csv")
    static var museumsAvailable: Bool { FileManager.default.fileExists(atPath: museumsFile.path) }
    static var museumsMissing: Comment { Comment(rawValue: "missing \(museumsFile.deletingLastPathComponent().path) (set PASSERELLE_REALDATA)") }

    /// Semicolon CSV with quoted fields that may hold separators and newlines.
    static func parseCSV(_ text: String, separator: Character = ";") -> [[String]] {
        var records = [[String]](), field = "", record = [String](), quoted = false
        var iterator = text.makeIterator()
        while let ch = iterator.next() {
            if quoted {
                if ch == "\"" { quoted = false } else { field.append(ch) }
            } else if ch == "\"" {
                quoted = true
            } else if ch == separator {
                record.append(field)
                field = ""
            } else if ch == "\n" || ch == "\r\n" {
                record.append(field)
                records.append(record)
                record = []
                field = ""
            } else if ch != "\r" {
                field.append(ch)
            }
        }
        if !field.isEmpty || !record.isEmpty { record.append(field); records.append(record) }
        return records
    }

    /// Pre-2016 régions mapped to the 2016 région that absorbed them.
    static let formerRegions: [String: String] = [
        "ALSACE": "44", "LORRAINE": "44", "CHAMPAGNE-ARDENNES": "44", "CHAMPAGNE-ARDENNE": "44",
        "AQUITAINE": "75", "LIMOUSIN": "75", "POITOU-CHARENTES": "75",
        "AUVERGNE": "84", "RHONE-ALPES": "84", "BOURGOGNE": "27", "FRANCHE-COMTE": "27",
        "BASSE-NORMANDIE": "28", "HAUTE-NORMANDIE": "28", "NORD-PAS-DE-CALAIS": "32", "PICARDIE": "32",
        "LANGUEDOC-ROUSSILLON": "76", "MIDI-PYRENEES": "76", "CENTRE": "24",
    ]

    /// The museums' yearly attendance as records: row = 2016 région code, column = year, unit = museum, value = total.
    /// Lines without a total (museums reported jointly with another) or outside the régions are returned as rejects.
    static func museumRecords() throws -> (records: [ContributionRecord], rejects: [(line: Int, reason: String)]) {
        let rows = parseCSV(try String(contentsOf: museumsFile, encoding: .utf8))
        guard let header = rows.first else { return ([], []) }
        func column(_ name: String) -> Int? { header.firstIndex(of: name) }
        guard let ref = column("ref_musee"), let year = column("annee"), let region = column("regions"),
              let total = column("total") else { return ([], [(1, "header lacks expected columns")]) }
        var records = [ContributionRecord](), rejects = [(line: Int, reason: String)]()
        for (i, row) in rows.dropFirst().enumerated() where row.count > total {
            let name = row[region].trimmingCharacters(in: .whitespaces)
            guard let code = Region.named(name)?.id ?? formerRegions[name.uppercased()] else {
                rejects.append((i + 2, "région '\(name)' is not one of the 18 régions"))
                continue
            }
            guard let value = Int64(row[total].trimmingCharacters(in: .whitespaces)) else {
                rejects.append((i + 2, "no total attendance ('\(row[total])')"))
                continue
            }
            records.append(ContributionRecord(row: code, column: row[year], unit: row[ref], value: value))
        }
        return (records, rejects)
    }
}
