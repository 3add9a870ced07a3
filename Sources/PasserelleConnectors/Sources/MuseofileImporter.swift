import Foundation
import PasserelleCore

/// Muséofile (Musées de France) JSON → one institution, one venue and one permanent visit offer per museum.
///
/// Ids: `museofile-M1128` (institution), `museofile-M1128-site` (venue), `museofile-M1128-visit` (offer).
/// The export also lists a few libraries (`B9001`…) that hold Musée de France collections: they load as
/// venues of kind `.library`. The territory comes from the département name (Core's nomenclature), falling back
/// to the postal code; the région is the département's (the file's "DROM"/"COM" are not régions). The file has
/// no commune INSEE code, so `communeCode` stays empty.
enum MuseofileImporter {
    static let relativePath = "museofile/musees-de-france-base-museofile.json"

    static func load(_ file: SourceFile) -> DemoCatalogue {
        var report = ImportReport(file: file.relativePath)
        var catalogue = DemoCatalogue(origin: file.relativePath)
        let records: [Any]
        do {
            guard let array = try JSONSerialization.jsonObject(with: Data(file.bytes)) as? [Any] else {
                report.fileError = "expected a JSON array of museums"
                catalogue.reports = [report]
                return catalogue
            }
            records = array
        } catch {
            report.fileError = "invalid JSON: \(error.localizedDescription)"
            catalogue.reports = [report]
            return catalogue
        }
        var seen = Set<String>()
        for (offset, element) in records.enumerated() {
            let position = offset + 1
            guard let record = element as? [String: Any] else {
                report.reject(line: position, id: nil, .malformedRow, "expected a JSON object")
                continue
            }
            let museumID = Clean.text(record["identifiant"] as? String)
            guard !museumID.isEmpty else {
                report.reject(line: position, id: nil, .missingField, "missing identifiant")
                continue
            }
            guard Identifier<Institution>.isValid("museofile-" + museumID), museumID.utf8.count <= 20 else {
                report.reject(line: position, id: museumID, .invalidValue, "invalid id '\(museumID)'")
                continue
            }
            guard seen.insert(museumID).inserted else {
                report.reject(line: position, id: museumID, .duplicateID, "duplicate id \(museumID)")
                continue
            }
            switch build(record, id: museumID, position: position, file: file, report: &report) {
            case .success(let built):
                catalogue.institutions.append(built.institution)
                catalogue.venues.append(built.venue)
                catalogue.offers.append(built.offer)
                report.loaded += 1
            case .failure(let reason):
                report.rejected.append(RowIssue(file: file.relativePath, line: position, recordID: museumID, reason: reason))
            }
        }
        catalogue.reports = [report]
        return catalogue
    }

    private struct Built {
        let institution: Institution
        let venue: Venue
        let offer: Offer
    }

    private static func build(
        _ record: [String: Any], id museumID: String, position: Int, file: SourceFile, report: inout ImportReport
    ) -> Result<Built, RowReason> {
        let name = Clean.text(record["nom_officiel"] as? String)
        guard !name.isEmpty else { return .failure(RowReason(.missingField, "missing name")) }

        var coordinates: GeoPoint?
        if let raw = record["coordonnees"] as? [String: Any] {
            let latitude = number(raw["lat"]), longitude = number(raw["lon"])
            let shown = "\(raw["lat"] ?? "nil"), \(raw["lon"] ?? "nil")"
            guard let latitude, let longitude else { return .failure(RowReason(.invalidValue, "unreadable coordinates: '\(shown)'")) }
            switch Clean.point(latitude: latitude, longitude: longitude, raw: shown) {
            case .success(let point): coordinates = point
            case .failure(let problem): return .failure(RowReason(.invalidValue, problem.message))
            }
        }

        let postalCode = Clean.postalCode(record["code_postal"] as? String)
        let departementName = Clean.text(record["departement"] as? String)
        let byName = Territory.departement(named: departementName)
        let byPostalCode = Territory.departement(postalCode: postalCode)
        if let byName, let byPostalCode, byName != byPostalCode, let postalCode {
            report.warn(line: position, id: museumID, .conflictingFields,
                        "département '\(departementName)' (\(byName.id)) kept; postal code \(postalCode) points to \(byPostalCode.id)")
        }
        let departement = byName ?? byPostalCode
        let regionCode = departement?.regionCode ?? (departement == nil ? Region.named(Clean.text(record["region"] as? String))?.id : nil)

        let rawWebsite = Clean.optional(record["url"] as? String)
        let website = Clean.webURL(rawWebsite)
        if let rawWebsite, website == nil {
            report.warn(line: position, id: museumID, .fieldDropped, "website left out: not a web address: '\(rawWebsite)'")
        }
        let city = Clean.text(record["ville"] as? String)
        let address = city.isEmpty ? nil : Address(street: Clean.optional(record["adresse"] as? String), postalCode: postalCode, city: city)
        // The venue description is bounded by Core (5 000 characters); one museum's text is twice that.
        var highlightText = Clean.text(record["atout"] as? String)
        if let shortened = Clean.shortened(highlightText, to: 5_000) {
            report.warn(line: position, id: museumID, .fieldShortened,
                        "description (atout) cut from \(highlightText.count) to \(shortened.count) characters")
            highlightText = shortened
        }
        let highlight = LocalizedText(french: highlightText)
        let provenance = file.provenance(recordID: museumID)
        let updatedAt = Dates.day(Clean.text(record["date_de_mise_a_jour"] as? String)) ?? file.retrievedAt

        let institution = Institution(
            id: InstitutionID(trusted: "museofile-\(museumID)"), name: name, website: website, provenance: provenance
        )
        let venue = Venue(
            id: VenueID(trusted: "museofile-\(museumID)-site"), institutionID: institution.id, name: name,
            kind: museumID.hasPrefix("B") ? .library : .museum, address: address,
            departementCode: departement?.id, regionCode: regionCode, coordinates: coordinates, website: website,
            description: highlight, provenance: provenance
        )
        let offer = Offer(
            id: OfferID(trusted: "museofile-\(museumID)-visit"), institutionID: institution.id, venueID: venue.id,
            title: LocalizedText([.fr: "Visite : \(name)", .en: "Visit: \(name)"]), description: highlight,
            categoryID: CategoryID(trusted: "heritage.museum-visit"), access: .onSite, provenance: provenance,
            updatedAt: updatedAt
        )
        if let problems = EntityCheck.problems([
            ("institution", institution.validationIssues()), ("venue", venue.validationIssues()), ("offer", offer.validationIssues()),
        ]) {
            return .failure(RowReason(.invalidEntity, problems))
        }
        return .success(Built(institution: institution, venue: venue, offer: offer))
    }

    /// A JSON number, or a string holding one (with a decimal point or comma).
    private static func number(_ value: Any?) -> Double? {
        if let string = value as? String { return Clean.decimal(string) }
        if let number = value as? NSNumber, !(value is Bool) { return number.doubleValue }
        return nil
    }
}
