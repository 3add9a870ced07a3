import PasserelleCore

/// Active cinemas (CNC) → one cinema venue with one screenings offer each, owned by one institution standing
/// for the source (the file names no operator).
///
/// The column headed `code_postal` actually holds the commune's INSEE code (the file's second line, a second
/// header, calls it `DEPCOM`), so it is read as `communeCode`. The file has no id: the venue id is built from
/// that code and the folded name (`cnc-75108-ugc-normandie`), stable across runs; the same name twice in one
/// commune is a duplicate.
enum CinemasImporter {
    static let relativePath = "culture-gouv-opendata/cinemas-actifs-cnc.csv"
    static let institutionID = InstitutionID(trusted: "source-cnc-cinemas")

    private enum Column {
        static let name = "Nom_cinema"
        static let commune = "code_postal"
        static let city = "commune"
        static let departement = "code_departement"
    }

    /// The labels of the file's second header line, which repeats the first under other names.
    private static let alternateHeader: Set<String> = ["nometab", "depcom", "commune", "de"]

    static func load(_ file: SourceFile) -> DemoCatalogue {
        var report = ImportReport(file: file.relativePath)
        var catalogue = DemoCatalogue(origin: file.relativePath)
        var seen = Set<String>()
        let required = [Column.name, Column.commune, Column.city, Column.departement]
        CSVImport.forEachRecord(in: file, delimiter: ";", required: required, report: &report) { header, record, report in
            let labels = record.fields.map { Clean.text($0).lowercased() }
            if labels == header.names.map({ $0.lowercased() }) || Set(labels) == alternateHeader {
                report.reject(line: record.line, id: nil, .repeatedHeader, "repeated header line")
                return
            }
            // The CNC file is partly double-encoded ("PathÃ© Les Fauvettes"): repaired before the whitespace is
            // cleaned (an "à" double-encoded ends in a no-break space), and counted as a warning.
            let rawName = header.value(Column.name, in: record), rawCity = header.value(Column.city, in: record)
            let repairedName = Clean.undoubleEncoding(rawName), repairedCity = Clean.undoubleEncoding(rawCity)
            let name = Clean.text(repairedName ?? rawName), city = Clean.text(repairedCity ?? rawCity)
            if repairedName != nil || repairedCity != nil {
                let changes = [repairedName.map { _ in "'\(Clean.text(rawName))' → '\(name)'" }, repairedCity.map { _ in "'\(Clean.text(rawCity))' → '\(city)'" }]
                report.warn(line: record.line, id: nil, .textRepaired, "double-encoded text repaired: " + changes.compactMap { $0 }.joined(separator: ", "))
            }
            let communeCode = header.value(Column.commune, in: record).uppercased()
            guard !name.isEmpty else {
                report.reject(line: record.line, id: nil, .missingField, "missing name")
                return
            }
            guard Identifiers.isCommuneCode(communeCode), let departement = Departement.of(communeCode: communeCode) else {
                report.reject(line: record.line, id: nil, .invalidValue, "invalid commune code '\(communeCode)'")
                return
            }
            let venueID = StableID.make("cnc-", "\(communeCode)-\(StableID.slug(name))")
            guard seen.insert(venueID).inserted else {
                report.reject(line: record.line, id: venueID, .duplicateID, "duplicate id \(venueID) (same name in commune \(communeCode))")
                return
            }
            let declared = header.value(Column.departement, in: record)
            if !declared.isEmpty && declared != departement.id {
                report.warn(line: record.line, id: venueID, .conflictingFields,
                            "code_departement '\(declared)' ignored: commune \(communeCode) is in \(departement.id)")
            }
            let provenance = file.provenance(recordID: nil)
            let venue = Venue(
                id: VenueID(trusted: venueID), institutionID: institutionID, name: name, kind: .cinema,
                address: city.isEmpty ? nil : Address(city: city), communeCode: communeCode,
                departementCode: departement.id, regionCode: departement.regionCode, provenance: provenance
            )
            let offer = Offer(
                id: OfferID(trusted: StableID.make("cnc-", "\(communeCode)-\(StableID.slug(name))-screenings")),
                institutionID: institutionID, venueID: venue.id,
                title: LocalizedText([.fr: "Séances de cinéma — \(name)", .en: "Film screenings — \(name)"]),
                categoryID: CategoryID(trusted: "cinema.screening"), access: .onSite, provenance: provenance,
                updatedAt: file.retrievedAt
            )
            if let problems = EntityCheck.problems([("venue", venue.validationIssues()), ("offer", offer.validationIssues())]) {
                report.reject(line: record.line, id: venueID, .invalidEntity, problems)
                return
            }
            catalogue.venues.append(venue)
            catalogue.offers.append(offer)
            report.loaded += 1
        }
        if report.loaded > 0 {
            catalogue.institutions.append(Institution(
                id: institutionID, name: "Cinémas actifs (données ouvertes du CNC)", provenance: file.provenance(recordID: nil)
            ))
        }
        catalogue.reports = [report]
        return catalogue
    }
}
