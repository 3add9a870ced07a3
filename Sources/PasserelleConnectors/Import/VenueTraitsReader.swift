public import Foundation
public import PasserelleCore

/// The venues' public size and setting figures, from two real files:
/// - each museum's latest yearly attendance, from the ministry's attendance file, matched by Muséofile id (a
///   museum's lines without the id borrow it from its other years' lines, through the file's own reference);
/// - each commune's population, from the public libraries' file (`Population commune`), matched by
///   département and folded town name; a venue whose town is not there stays unknown (never guessed rural).
public enum VenueTraitsReader {
    public static let librariesPath = "culture-gouv-opendata/bibliotheques-publiques.csv"

    /// Traits of the venues that have at least one figure, and one line per file on what matched.
    public static func read(realdata root: URL, venues: [Venue]) -> (traits: [VenueID: VenueTraits], notes: [String]) {
        var notes: [String] = []
        let attendance: [String: Int]
        do {
            attendance = latestAttendance(try MuseumAttendanceReader.read(realdata: root).records)
        } catch {
            attendance = [:]
            notes.append("venue traits: no museum attendance (\(error.message))")
        }
        let population = communePopulations(root: root, notes: &notes)
        var traits: [VenueID: VenueTraits] = [:]
        var attended = 0, populated = 0
        for venue in venues {
            var trait = VenueTraits()
            if venue.provenance.source == "museofile", let id = venue.provenance.recordID { trait.annualAttendance = attendance[id] }
            if let departement = venue.departementCode, let city = venue.address?.city {
                trait.communePopulation = population[key(departement, city)]
            }
            if trait.annualAttendance != nil { attended += 1 }
            if trait.communePopulation != nil { populated += 1 }
            if trait != VenueTraits() { traits[venue.id] = trait }
        }
        notes.append("venue traits: \(attended) museums with a yearly attendance, \(populated) of \(venues.count) venues with their commune's population")
        return (traits, notes)
    }

    /// Muséofile id → total of the latest year published.
    static func latestAttendance(_ records: [MuseumAttendance]) -> [String: Int] {
        var museofile: [String: String] = [:]
        for record in records { if let id = record.museofileID { museofile[record.museum] = id } }
        var latest: [String: (year: Int, total: Int)] = [:]
        for record in records {
            guard let id = record.museofileID ?? museofile[record.museum] else { continue }
            if let known = latest[id], known.year >= record.year { continue }
            latest[id] = (record.year, Int(record.total))
        }
        return latest.mapValues(\.total)
    }

    /// (département, folded town) → population; a town listed with several libraries keeps its first figure.
    static func communePopulations(root: URL, notes: inout [String]) -> [String: Int] {
        guard case .success(let file) = SourceFile.read(root: root, relativePath: librariesPath, sourceName: "bibliotheques"),
              let (header, records) = file.csv(delimiter: ",")
        else {
            notes.append("venue traits: no commune populations (\(librariesPath) unreadable)")
            return [:]
        }
        var population: [String: Int] = [:]
        var unusable = 0
        for record in records where !record.isBlank {
            let departement = header.value("code_departement", in: record)
            let town = header.value("Ville", in: record)
            guard !town.isEmpty, let code = Territory.departement(postalCode: header.value("CP", in: record))?.id ?? Departement.code(departement)?.id,
                  let inhabitants = Int(header.value("Population commune", in: record)), inhabitants >= 0
            else { unusable += 1; continue }
            let key = key(code, town)
            if population[key] == nil { population[key] = inhabitants }
        }
        notes.append("venue traits: \(population.count) communes with a population from the libraries' file (\(unusable) lines without one)")
        return population
    }

    static func key(_ departement: String, _ town: String) -> String { departement + "|" + NameKey.fold(town) }
}
