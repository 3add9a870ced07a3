import PasserelleCore

/// #CultureChezNous → online offers (`access: .online`), each owned by the institution named in "Nom de
/// l'organisme".
///
/// One institution per organisation, deduplicated by folded name ("Musée du Louvre" and "musée du louvre " are
/// one), because the catalogue is browsed by institution and the same organisation publishes up to dozens of
/// resources. Institution ids: `ccn-org-<slug>`; offer ids: `ccn-<source id>`.
enum CultureChezNousImporter {
    static let relativePath = "culture-gouv-opendata/culturecheznous.csv"

    private enum Column {
        static let id = "Identifiant (ID)"
        static let organisation = "Nom de l'organisme"
        static let url = "Lien vers la ressource"
        static let title = "Titre de la ressource"
        static let activity = "Activité proposée (apprendre, se divertir, s’informer,...)"
        static let audience = "Public cible"
        static let types = "Types de ressources proposées"
        static let themes = "Thématiques"
    }

    static func load(_ file: SourceFile) -> DemoCatalogue {
        var report = ImportReport(file: file.relativePath)
        var catalogue = DemoCatalogue(origin: file.relativePath)
        var seen = Set<String>()
        var institutionByKey: [String: InstitutionID] = [:]
        let required = [Column.id, Column.organisation, Column.url, Column.title, Column.activity, Column.types, Column.themes]
        CSVImport.forEachRecord(in: file, delimiter: ",", required: required, report: &report) { header, record, report in
            let sourceID = header.value(Column.id, in: record)
            guard !sourceID.isEmpty else {
                report.reject(line: record.line, id: nil, .missingField, "missing id")
                return
            }
            let offerID = "ccn-\(sourceID)"
            guard Identifier<Offer>.isValid(offerID) else {
                report.reject(line: record.line, id: sourceID, .invalidValue, "invalid id '\(sourceID)'")
                return
            }
            guard seen.insert(sourceID).inserted else {
                report.reject(line: record.line, id: sourceID, .duplicateID, "duplicate id \(sourceID)")
                return
            }
            let title = Clean.text(header.value(Column.title, in: record))
            let organisation = Clean.text(header.value(Column.organisation, in: record))
            let rawURL = header.value(Column.url, in: record)
            guard !title.isEmpty else { return report.reject(line: record.line, id: sourceID, .missingField, "missing title") }
            guard !organisation.isEmpty else {
                return report.reject(line: record.line, id: sourceID, .missingField, "missing organisation")
            }
            guard !rawURL.isEmpty else { return report.reject(line: record.line, id: sourceID, .missingField, "missing link") }
            guard let url = Clean.webURL(rawURL) else {
                return report.reject(line: record.line, id: sourceID, .invalidValue, "invalid link '\(rawURL)'")
            }
            let categoryID = OnlineCategory.of(
                activity: header.value(Column.activity, in: record), types: header.value(Column.types, in: record)
            )
            let key = Clean.foldKey(organisation)
            var newInstitution: Institution?
            let institutionID = institutionByKey[key] ?? InstitutionID(trusted: StableID.make("ccn-org-", StableID.slug(organisation)))
            if institutionByKey[key] == nil {
                newInstitution = Institution(id: institutionID, name: organisation, provenance: file.provenance(recordID: nil))
            }
            var lines: [String] = []
            let audience = Clean.text(header.value(Column.audience, in: record))
            if !audience.isEmpty { lines.append("Public : \(audience).") }
            let themes = Clean.text(header.value(Column.themes, in: record))
            if !themes.isEmpty { lines.append("Thématiques : \(themes).") }
            let offer = Offer(
                id: OfferID(trusted: offerID), institutionID: institutionID, title: LocalizedText(french: title),
                description: LocalizedText(french: lines.joined(separator: " ")), categoryID: categoryID, access: .online,
                onlineURL: url, provenance: file.provenance(recordID: sourceID),
                updatedAt: file.retrievedAt
            )
            if let problems = EntityCheck.problems([
                ("institution", newInstitution?.validationIssues() ?? []), ("offer", offer.validationIssues()),
            ]) {
                return report.reject(line: record.line, id: sourceID, .invalidEntity, problems)
            }
            if let newInstitution {
                institutionByKey[key] = institutionID
                catalogue.institutions.append(newInstitution)
            }
            catalogue.offers.append(offer)
            report.loaded += 1
        }
        catalogue.reports = [report]
        return catalogue
    }
}

/// Maps the #CultureChezNous "Activité proposée" (always filled, 9 values) and, for the two generic activities,
/// the "Types de ressources proposées" to the taxonomy; anything else is a generic online resource.
enum OnlineCategory {
    private static let byActivity: [String: String] = [
        "expos musees": "heritage.online-collection",
        "films documentaires videos": "media.video",
        "audios": "media.podcast",
        "jeux": "digital.video-game",
        "concerts spectacles": "media.video",
        "livres": "books.ebook",
        "actualites debats": "media.press",
    ]

    /// Resource types, by a folded word they contain, in priority order for generic activities.
    private static let byType: [(String, String)] = [
        ("podcasts", "media.podcast"),
        ("cours en ligne", "practices.course"),
        ("creation et pratiques artistiques", "practices.workshop"),
        ("expositions virtuelles", "heritage.online-collection"),
        ("collections numerisees", "heritage.online-collection"),
        ("livres numeriques", "books.ebook"),
        ("programmes en differe", "media.video"),
        ("jeux", "digital.video-game"),
    ]

    static let fallback = "digital.online-resource"

    static func of(activity: String, types: String) -> CategoryID {
        if let mapped = byActivity[Clean.foldKey(activity)] { return CategoryID(trusted: mapped) }
        let folded = Clean.foldKey(types)
        for (word, category) in byType where folded.contains(word) { return CategoryID(trusted: category) }
        return CategoryID(trusted: fallback)
    }
}
