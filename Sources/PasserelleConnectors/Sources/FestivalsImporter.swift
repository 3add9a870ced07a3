import PasserelleCore

/// Festivals in France (ministère de la Culture) → one festival venue and one offer per festival, all owned by a
/// single institution standing for the source (the file names no organiser).
///
/// Ids: `festival-FEST_81222_5299` (venue) and `festival-FEST_81222_5299-offer`. The source id embeds the
/// commune's INSEE code (`FEST_<commune>_<n>`). The three territory fields (that commune, the postal code whose
/// dropped leading zero is restored, the département name) disagree on about 1 % of rows, each being wrong
/// sometimes: the département is the one at least two of them give, else the most precise one present; the
/// commune is kept only when it lies in that département. The région column is used only when no département
/// is known. The file has no city name, so venues carry no postal address.
enum FestivalsImporter {
    static let relativePath = "culture-gouv-opendata/festivals-france.csv"
    static let institutionID = InstitutionID(trusted: "source-festivals")

    private enum Column {
        static let name = "Nom du festival"
        static let region = "Région principale de déroulement"
        static let departement = "Département principal de déroulement"
        static let postalCode = "Code postal (de la commune principale de déroulement)"
        static let year = "Année de création du festival"
        static let discipline = "Discipline dominante"
        static let period = "Période principale de déroulement du festival"
        static let id = "Identifiant"
        static let coordinates = "Géocodage xy"
    }

    /// Every discipline value of the file, folded, mapped to the taxonomy. Visual and digital arts have no
    /// festival category of their own, so they map to their sector.
    static let disciplines: [String: String] = [
        "musique": "music.festival",
        "spectacle vivant": "live-performance.festival",
        "livre litterature": "books.festival",
        "cinema audiovisuel": "cinema.festival",
        "pluridisciplinaire": "festivals.multidisciplinary",
        "arts visuels arts numeriques": "visual-arts",
    ]

    static func load(_ file: SourceFile) -> DemoCatalogue {
        var report = ImportReport(file: file.relativePath)
        var catalogue = DemoCatalogue(origin: file.relativePath)
        var seen = Set<String>()
        let required = [Column.name, Column.departement, Column.postalCode, Column.discipline, Column.id, Column.coordinates]
        CSVImport.forEachRecord(in: file, delimiter: ";", required: required, report: &report) { header, record, report in
            // Stray spaces inside ids ("FEST_ 54431_5133") are typing slips, not part of the id.
            let festivalID = header.value(Column.id, in: record).filter { !$0.isWhitespace }
            let shownID = festivalID.isEmpty ? nil : festivalID
            guard !festivalID.isEmpty else {
                report.reject(line: record.line, id: nil, .missingField, "missing id")
                return
            }
            guard festivalID.hasPrefix("FEST_"), Identifier<Venue>.isValid("festival-\(festivalID)-offer") else {
                report.reject(line: record.line, id: shownID, .invalidValue, "invalid id '\(festivalID)'")
                return
            }
            guard seen.insert(festivalID).inserted else {
                report.reject(line: record.line, id: festivalID, .duplicateID, "duplicate id \(festivalID)")
                return
            }
            switch build(header: header, record: record, id: festivalID, file: file, report: &report) {
            case .success(let (venue, offer)):
                catalogue.venues.append(venue)
                catalogue.offers.append(offer)
                report.loaded += 1
            case .failure(let reason):
                report.rejected.append(RowIssue(file: file.relativePath, line: record.line, recordID: festivalID, reason: reason))
            }
        }
        if report.loaded > 0 {
            catalogue.institutions.append(Institution(
                id: institutionID, name: "Festivals en France (données ouvertes du ministère de la Culture)",
                provenance: file.provenance(recordID: nil)
            ))
        }
        catalogue.reports = [report]
        return catalogue
    }

    private static func build(
        header: CSVHeader, record: CSVRecord, id festivalID: String, file: SourceFile, report: inout ImportReport
    ) -> Result<(Venue, Offer), RowReason> {
        let name = Clean.text(header.value(Column.name, in: record))
        guard !name.isEmpty else { return .failure(RowReason(.missingField, "missing name")) }
        let discipline = Clean.text(header.value(Column.discipline, in: record))
        guard !discipline.isEmpty else { return .failure(RowReason(.missingField, "missing discipline")) }
        guard let category = disciplines[Clean.foldKey(discipline)] else {
            return .failure(RowReason(.unknownCategory, "unknown discipline '\(discipline)'"))
        }
        let coordinates: GeoPoint?
        switch Clean.latitudeLongitude(header.value(Column.coordinates, in: record)) {
        case .success(let point): coordinates = point
        case .failure(let problem): return .failure(RowReason(.invalidValue, problem.message))
        }

        let idCommune = festivalID.split(separator: "_", omittingEmptySubsequences: false).dropFirst().first.map(String.init)
        let territory = Territory.resolve(communeCode: idCommune, postalCode: Clean.postalCode(header.value(Column.postalCode, in: record)),
                                          departementName: Clean.text(header.value(Column.departement, in: record)))
        let departement = territory.departement
        if let departement, !territory.outvoted.isEmpty {
            report.warn(line: record.line, id: festivalID, .conflictingFields,
                        territory.outvoted.joined(separator: ", ") + " ignored: the other fields say \(departement.id)")
        }
        // The id's commune is kept only when it lies in the chosen département.
        let communeCode = territory.communeCode
        let regionCode = departement.map(\.regionCode) ?? Region.named(header.value(Column.region, in: record))?.id

        let provenance = file.provenance(recordID: festivalID)
        let venue = Venue(
            id: VenueID(trusted: "festival-\(festivalID)"), institutionID: institutionID, name: name, kind: .festival,
            communeCode: communeCode, departementCode: departement?.id, regionCode: regionCode,
            coordinates: coordinates, provenance: provenance
        )
        var facts: [String] = []
        let year = header.value(Column.year, in: record)
        if year.count == 4, year.allSatisfy(\.isNumber) { facts.append("Créé en \(year).") }
        let period = Clean.text(header.value(Column.period, in: record))
        if !period.isEmpty { facts.append("Période principale : \(period).") }
        let offer = Offer(
            id: OfferID(trusted: "festival-\(festivalID)-offer"), institutionID: institutionID, venueID: venue.id,
            title: LocalizedText(french: name), description: LocalizedText(french: facts.joined(separator: " ")),
            categoryID: CategoryID(trusted: category), access: .onSite, provenance: provenance, updatedAt: file.retrievedAt
        )
        if let problems = EntityCheck.problems([("venue", venue.validationIssues()), ("offer", offer.validationIssues())]) {
            return .failure(RowReason(.invalidEntity, problems))
        }
        return .success((venue, offer))
    }
}
