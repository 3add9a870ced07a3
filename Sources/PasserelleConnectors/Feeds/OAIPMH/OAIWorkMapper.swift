import Foundation
import PasserelleCore

extension RowReason.Code {
    /// An OAI-PMH record whose header has no identifier: nothing tells it apart, nor finds it again.
    public static let oaiNoIdentifier = RowReason.Code(rawValue: "oai-no-identifier")
    /// A record that is not deleted and has no metadata to read.
    public static let oaiNoMetadata = RowReason.Code(rawValue: "oai-no-metadata")
    /// A record whose metadata is in a format other than `oai_dc` (the one this mapper reads).
    public static let oaiUnsupportedFormat = RowReason.Code(rawValue: "oai-unsupported-format")
}

/// An `oai_dc` record to a catalogue `Work` (see the table in the OAIPMHHarvest article):
/// - `dc:title` → the title, each `xml:lang` (`fre`, `fr`, `fr-FR`…) in its language among the six; an untagged
///   title in the record's first `dc:language` when it is one of them, else French; no French title takes another;
/// - `dc:creator` → the creators (repeats dropped); `dc:language` → ISO 639 codes (`fre` → `fr`, `lat` → `la`,
///   other three-letter codes kept: `frm`, `pro`);
/// - `dc:type` → the category by `OAIWorkMapper.categories` (first row matching any of the types), else the
///   caller's default category, else the record is rejected (`unknown-category`);
/// - `dc:identifier` → `isbn` (a valid ISBN), external `url` (the first web address), `ark` (an ARK, alone or in a
///   URL), `doi`; the OAI identifier is external `oai`;
/// - `dc:rights` (French first) → the provenance's licence; `dc:description`, then `dc:date`, `dc:publisher` and
///   `dc:source` as labelled lines → the description;
/// - the id is a hash of the institution, the source key and the OAI identifier; the provenance names the source,
///   the OAI identifier, and the record's datestamp as `retrievedAt` (when the repository last changed it, which is
///   what the copy is as of; the harvest time when the datestamp is unreadable);
/// - a deleted record is the work withdrawn (`status = .withdrawn`, same id, never erased): its title is its OAI
///   identifier and its category the default (else `heritage`), as it carries nothing else — whoever saves it
///   changes the stored work's status and keeps the rest.
struct OAIWorkMapper: Sendable {
    let institutionID: InstitutionID
    let source: String
    let defaultCategory: CategoryID?
    let retrievedAt: Date

    /// `dc:type` values (lowercased, white space removed, after a `…/` or `…:` prefix such as
    /// `info:eu-repo/semantics/` or `http://purl.org/dc/dcmitype/`) to categories, most specific row first.
    static let categories: [(types: Set<String>, category: String)] = [
        (["sound", "documentsonore", "enregistrementsonore", "musicalrecording", "audio"], "music.recording"),
        (["movingimage", "film", "video", "vidéo", "imageanimée", "documentaudiovisuel"], "media.video"),
        (["printedserial", "publicationensérieimprimée", "serial", "periodical", "périodique", "newspaper", "journal", "article"], "media.press"),
        (["manuscript", "manuscrit", "archives", "archive", "manuscriptcartographicresource"], "heritage.archives"),
        (["stillimage", "imagefixe", "image", "photograph", "photographie", "drawing", "dessin", "engraving", "estampe", "map", "carte",
          "cartographicresource", "documentcartographique", "physicalobject", "objet", "painting", "peinture", "sculpture", "3d"],
         "heritage.collection-object"),
        (["interactiveresource", "software", "logiciel", "dataset", "jeudedonnées"], "digital.online-resource"),
        (["text", "texte", "book", "livre", "monographieimprimée", "printedmonograph", "monograph", "monographie"], "books.print"),
    ]

    /// ISO 639-2 (bibliographic and terminology) codes of the catalogue's six languages and a few others, to 639-1.
    static let languageCodes: [String: String] = [
        "fre": "fr", "fra": "fr", "eng": "en", "ger": "de", "deu": "de", "spa": "es", "ita": "it", "pol": "pl", "lat": "la",
        "dut": "nl", "nld": "nl", "por": "pt", "gre": "el", "ell": "el", "rus": "ru", "ara": "ar", "chi": "zh", "zho": "zh",
        "jpn": "ja", "heb": "he", "oci": "oc", "bre": "br", "cat": "ca", "baq": "eu", "eus": "eu", "cos": "co",
    ]

    /// The work of a record, or why there is none. Warnings (a value left out or cut) go to `warnings`.
    func map(_ record: OAIRecord, _ warnings: inout [RowReason]) -> Result<Work, RowReason> {
        let header = record.header
        guard !header.identifier.isEmpty else {
            return .failure(RowReason(.oaiNoIdentifier, "the record's header has no identifier\(header.isDeleted ? " (a deleted record)" : "")"))
        }
        let id = WorkID(trusted: FeedRecordBuilder.stableID("oai-", institutionID, source, header.identifier))
        var provenance = Provenance(source: source, recordID: String(header.identifier.prefix(256)), retrievedAt: header.datestamp?.date ?? retrievedAt)
        if header.datestamp == nil {
            warnings.append(RowReason(.fieldDropped, "datestamp '\(header.datestampText.prefix(40))' is not an OAI-PMH datestamp; the harvest time is kept"))
        }
        var identifiers = WorkIdentifiers()
        if header.identifier.count <= 256 { identifiers.external["oai"] = header.identifier }
        if header.isDeleted {
            let title = FeedRecordBuilder.shortened(header.identifier, to: 500, "the title (the OAI identifier)", &warnings)
            return .success(Work(id: id, institutionID: institutionID, title: LocalizedText(french: title),
                                 categoryID: defaultCategory ?? CategoryID(trusted: "heritage"), identifiers: identifiers,
                                 provenance: provenance, status: .withdrawn))
        }
        guard let dc = record.dublinCore else {
            if let format = record.otherFormat {
                return .failure(RowReason(.oaiUnsupportedFormat, "the metadata is \(format.prefix(120)), not oai_dc"))
            }
            return .failure(RowReason(.oaiNoMetadata, "the record is not deleted and has no metadata"))
        }
        let languages = Self.languages(dc, &warnings)
        guard let title = title(dc, languages: languages, &warnings) else {
            return .failure(RowReason(.missingField, "the record has no dc:title"))
        }
        guard let category = category(dc.values(.type)) else {
            let types = dc.values(.type).map { "'\($0.prefix(60))'" }.joined(separator: ", ")
            return .failure(RowReason(.unknownCategory, types.isEmpty
                ? "the record has no dc:type and no default category was given"
                : "no category for dc:type \(types), and no default category was given"))
        }
        var creators: [String] = []
        for creator in dc.values(.creator) where !creators.contains(creator) {
            creators.append(FeedRecordBuilder.shortened(creator, to: 300, "a creator", &warnings))
        }
        if creators.count > 50 {
            warnings.append(RowReason(.fieldDropped, "\(creators.count) creators; the first 50 kept"))
            creators = Array(creators.prefix(50))
        }
        Self.read(dc.values(.identifier), into: &identifiers, &warnings)
        if let rights = Self.preferred(dc[.rights]) {
            if rights.count <= 128 { provenance.license = rights } else {
                warnings.append(RowReason(.fieldDropped, "dc:rights is \(rights.count) characters, more than a licence's 128; left out"))
            }
        }
        let description = Self.description(dc)
        let work = Work(
            id: id, institutionID: institutionID, title: title, creators: creators, categoryID: category, languages: languages,
            identifiers: identifiers,
            description: description.isEmpty ? LocalizedText() : LocalizedText(french: FeedRecordBuilder.shortened(description, to: 10_000, "the description", &warnings)),
            provenance: provenance
        )
        if let problems = EntityCheck.problems([("work", work.validationIssues())]) { return .failure(RowReason(.invalidEntity, problems)) }
        return .success(work)
    }

    // MARK: - Fields

    private func title(_ dc: OAIDublinCore, languages: [String], _ warnings: inout [RowReason]) -> LocalizedText? {
        let untagged = languages.lazy.compactMap { Language(rawValue: $0) }.first ?? .fr
        var texts: [Language: String] = [:]
        for title in dc[.title] {
            let language = title.language.map(Self.language) ?? untagged
            if texts[language] == nil { texts[language] = title.value }
        }
        guard !texts.isEmpty else {
            // Titles only in languages outside the six: the first one, as the French reference value.
            guard let first = dc[.title].first else { return nil }
            texts[.fr] = first.value
            return FeedRecordBuilder.localized(texts, limit: 500, "the title", &warnings)
        }
        return FeedRecordBuilder.localized(texts, limit: 500, "the title", &warnings)
    }

    func category(_ types: [String]) -> CategoryID? {
        let keys = Set(types.map(Self.typeKey))
        if let row = Self.categories.first(where: { !$0.types.isDisjoint(with: keys) }) { return CategoryID(trusted: row.category) }
        return defaultCategory
    }

    static func typeKey(_ type: String) -> String {
        var value = type.lowercased()
        if let cut = value.lastIndex(where: { $0 == "/" || $0 == ":" }), value.index(after: cut) < value.endIndex {
            value = String(value[value.index(after: cut)...])
        }
        return value.filter { !$0.isWhitespace && $0 != "-" && $0 != "_" }
    }

    /// The catalogue language of an `xml:lang` (`fre`, `fr`, `fr-FR`), else French.
    static func language(_ tag: String) -> Language {
        let base = String(tag.lowercased().prefix { $0 != "-" && $0 != "_" })
        return Language(rawValue: languageCodes[base] ?? base) ?? .fr
    }

    static func languages(_ dc: OAIDublinCore, _ warnings: inout [RowReason]) -> [String] {
        var codes: [String] = []
        for raw in dc.values(.language) {
            let base = String(raw.lowercased().prefix { $0 != "-" && $0 != "_" })
            let code = languageCodes[base] ?? base
            guard Identifiers.isLanguageCode(code) else {
                warnings.append(RowReason(.fieldDropped, "dc:language '\(raw.prefix(40))' is not an ISO 639 code; left out"))
                continue
            }
            if !codes.contains(code), codes.count < 20 { codes.append(code) }
        }
        return codes
    }

    /// ISBNs, web addresses, ARKs and DOIs among the `dc:identifier` values; other values (shelf marks, commercial
    /// numbers) are not identifiers the catalogue keeps.
    static func read(_ values: [String], into identifiers: inout WorkIdentifiers, _ warnings: inout [RowReason]) {
        for value in values {
            let lower = value.lowercased()
            if let ark = lower.range(of: "ark:/"), identifiers.external["ark"] == nil {
                let tail = value[ark.lowerBound...].prefix { !$0.isWhitespace && $0 != "?" && $0 != "#" }
                let parts = tail.split(separator: "/", omittingEmptySubsequences: false)
                // ark:/NAAN/Name, without a qualifier (`/f1.image`) or a variant
                if parts.count >= 3 { identifiers.external["ark"] = String(parts.prefix(3).joined(separator: "/").prefix(256)) }
            }
            if lower.hasPrefix("http://") || lower.hasPrefix("https://") {
                if lower.contains("doi.org/"), identifiers.external["doi"] == nil, let cut = lower.range(of: "doi.org/") {
                    identifiers.external["doi"] = String(value[cut.upperBound...].prefix(256))
                }
                if identifiers.external["url"] == nil, value.count <= 256, Clean.webURL(value) != nil { identifiers.external["url"] = value }
                continue
            }
            if lower.hasPrefix("doi:"), identifiers.external["doi"] == nil {
                identifiers.external["doi"] = String(value.dropFirst(4).trimmingCharacters(in: .whitespaces).prefix(256))
                continue
            }
            var isbn = lower
            for prefix in ["urn:isbn:", "isbn:", "isbn"] where isbn.hasPrefix(prefix) { isbn = String(isbn.dropFirst(prefix.count)) }
            isbn = isbn.trimmingCharacters(in: .whitespaces).filter { $0 != "-" && $0 != " " }.uppercased()
            if isbn.count == 10 || isbn.count == 13, isbn.allSatisfy({ $0.isNumber || $0 == "X" }) {
                if Identifiers.isValidISBN(isbn) {
                    if identifiers.isbn == nil { identifiers.isbn = isbn }
                } else {
                    warnings.append(RowReason(.fieldDropped, "dc:identifier '\(value.prefix(40))' looks like an ISBN but its check digit is wrong; left out"))
                }
            }
        }
    }

    /// The French value, else the untagged one, else the first.
    static func preferred(_ values: [OAIValue]) -> String? {
        (values.first { $0.language.map(language) == .fr && $0.language != nil }
            ?? values.first { $0.language == nil } ?? values.first)?.value
    }

    /// `dc:description` paragraphs, then what the catalogue has no field for, labelled: dates, publishers, sources.
    static func description(_ dc: OAIDublinCore) -> String {
        var lines = dc.values(.description)
        for (element, label) in [(OAIDublinCore.Element.date, "Date"), (.publisher, "Éditeur"), (.source, "Source")] {
            let values = dc.values(element)
            if !values.isEmpty { lines.append("\(label) : " + values.joined(separator: " ; ")) }
        }
        return lines.joined(separator: "\n")
    }
}
