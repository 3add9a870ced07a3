import PasserelleCore

/// Joconde extract (costume, 19th–20th century) → heritage works, each owned by the Muséofile institution of the
/// museum that holds it (`museofile-M0324`). A work whose museum is not among the loaded museums is rejected.
///
/// This extract carries no Joconde reference (REF): a work is identified by its museum and inventory number,
/// the current one kept as `identifiers.external["inventaire"]`; the id is `joconde-<museum>-<whole inventory
/// field>` made id-safe (hashed when long), so objects sharing a current number but not former ones stay apart. No
/// country of origin is set: the extract does not say where an object was made, only where it is kept.
enum JocondeImporter {
    static let relativePath = "joconde/BaseJoconde-Costumes-19e-20e.csv"

    private enum Column {
        static let museum = "Code_Museofile"
        static let inventory = "Numero_inventaire"
        static let title = "Titre"
        static let denomination = "Denomination_1"
        static let author = "Auteur"
        static let description = "Description"
    }

    static func load(_ file: SourceFile, museums: Set<String>) -> DemoCatalogue {
        var report = ImportReport(file: file.relativePath)
        var catalogue = DemoCatalogue(origin: file.relativePath)
        var seen = Set<String>()
        let required = [Column.museum, Column.inventory, Column.title, Column.denomination, Column.author, Column.description]
        CSVImport.forEachRecord(in: file, delimiter: ",", required: required, report: &report) { header, record, report in
            let museum = header.value(Column.museum, in: record).uppercased()
            // The field may list former numbers after ";" (and notes): the first is the current inventory number.
            let inventory = Clean.text(header.value(Column.inventory, in: record))
            let currentNumber = Clean.text(inventory.split(separator: ";").first.map(String.init))
            let recordID = currentNumber.isEmpty ? nil : "\(museum) \(currentNumber)"
            guard !museum.isEmpty else { return report.reject(line: record.line, id: recordID, .missingField, "missing museum code") }
            guard Identifiers.isMuseofile(museum) else {
                return report.reject(line: record.line, id: recordID, .invalidValue, "invalid museum code '\(museum)'")
            }
            guard museums.contains(museum) else {
                return report.reject(line: record.line, id: recordID, .unknownMuseum, "unknown museum \(museum)")
            }
            guard !currentNumber.isEmpty else {
                return report.reject(line: record.line, id: nil, .missingField, "missing inventory number")
            }
            let workID = StableID.make("joconde-\(museum)-", inventory)
            guard seen.insert(workID).inserted else {
                return report.reject(line: record.line, id: recordID, .duplicateID, "duplicate id \(workID) (inventory \(inventory) of \(museum))")
            }
            let title = Clean.optional(header.value(Column.title, in: record))
                ?? Clean.optional(header.value(Column.denomination, in: record))
            guard let title else { return report.reject(line: record.line, id: recordID, .missingField, "missing title") }
            let creators = header.value(Column.author, in: record).split(separator: ";")
                .map { Clean.text(String($0)) }
                .filter { !$0.isEmpty && !$0.lowercased().hasPrefix("anonyme") }
            let work = Work(
                id: WorkID(trusted: workID), institutionID: InstitutionID(trusted: "museofile-\(museum)"),
                title: LocalizedText(french: title), creators: creators,
                categoryID: CategoryID(trusted: "heritage.collection-object"),
                identifiers: WorkIdentifiers(museofile: museum, external: ["inventaire": currentNumber]),
                description: LocalizedText(french: Clean.text(header.value(Column.description, in: record))),
                provenance: file.provenance(recordID: recordID)
            )
            if let problems = EntityCheck.problems([("work", work.validationIssues())]) {
                return report.reject(line: record.line, id: recordID, .invalidEntity, problems)
            }
            catalogue.works.append(work)
            report.loaded += 1
        }
        catalogue.reports = [report]
        return catalogue
    }
}
