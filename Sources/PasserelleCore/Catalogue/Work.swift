/// The identifiers a work may carry in the registries of its sector.
public struct WorkIdentifiers: Sendable, Hashable, Codable {
    public var isbn: String?
    public var ean: String?
    /// CNC visa d'exploitation of a film.
    public var filmVisa: String?
    /// Muséofile code of the museum holding the work.
    public var museofile: String?
    /// Joconde reference of a museum object.
    public var joconde: String?
    /// Mérimée (buildings) or Palissy (objects) reference.
    public var merimee: String?
    /// Identifiers in other sources, by source name (`europeana`, `wikidata`, `openagenda`…).
    public var external: [String: String]

    public init(
        isbn: String? = nil, ean: String? = nil, filmVisa: String? = nil, museofile: String? = nil,
        joconde: String? = nil, merimee: String? = nil, external: [String: String] = [:]
    ) {
        self.isbn = isbn
        self.ean = ean
        self.filmVisa = filmVisa
        self.museofile = museofile
        self.joconde = joconde
        self.merimee = merimee
        self.external = external
    }

    private enum CodingKeys: String, CodingKey {
        case isbn, ean, filmVisa, museofile, joconde, merimee, external
    }

    /// Every member is optional in JSON: `{}` and `{"isbn": "…"}` are complete (`external` defaults to none).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            isbn: try container.decodeIfPresent(String.self, forKey: .isbn),
            ean: try container.decodeIfPresent(String.self, forKey: .ean),
            filmVisa: try container.decodeIfPresent(String.self, forKey: .filmVisa),
            museofile: try container.decodeIfPresent(String.self, forKey: .museofile),
            joconde: try container.decodeIfPresent(String.self, forKey: .joconde),
            merimee: try container.decodeIfPresent(String.self, forKey: .merimee),
            external: try container.decodeIfPresent([String: String].self, forKey: .external) ?? [:]
        )
    }

    func validate(into validator: inout Validator) {
        let checks: [(String?, String, (String) -> Bool, String)] = [
            (isbn, "identifiers/isbn", Identifiers.isValidISBN, "must be a valid ISBN-10 or ISBN-13"),
            (ean, "identifiers/ean", Identifiers.isValidEAN13, "must be a valid EAN-13"),
            (filmVisa, "identifiers/filmVisa", Identifiers.isFilmVisa, "must be a CNC visa number (1–7 digits)"),
            (museofile, "identifiers/museofile", Identifiers.isMuseofile, "must be a Muséofile code such as M0123"),
            (joconde, "identifiers/joconde", Identifiers.isJocondeReference, "must be 1–20 letters and digits"),
            (merimee, "identifiers/merimee", Identifiers.isMerimeeOrPalissy, "must be two capitals and 8 digits, e.g. PA00088823"),
        ]
        for (value, field, isValid, message) in checks {
            if let value, !isValid(value) { validator.fail(field, "invalid-identifier", message) }
        }
        if external.count > 20 { validator.fail("identifiers/external", "too-many", "at most 20 external identifiers") }
        for (source, value) in external {
            validator.text(source, "identifiers/external/\(source)", max: 64)
            validator.text(value, "identifiers/external/\(source)", max: 256)
        }
    }
}

/// A creative or heritage work: a book, a film, a show, a museum object, a podcast series…
/// Its origin and languages feed fair visibility of French and European works.
public struct Work: Sendable, Hashable, Codable, Identifiable {
    public var id: WorkID
    public var institutionID: InstitutionID
    public var title: LocalizedText
    public var creators: [String]
    /// The work's domain in the shared taxonomy.
    public var categoryID: CategoryID
    /// ISO 3166-1 alpha-2 code of the country of origin.
    public var countryOfOrigin: String?
    /// ISO 639 codes of the work's languages (original language first).
    public var languages: [String]
    public var identifiers: WorkIdentifiers
    public var description: LocalizedText
    public var provenance: Provenance
    public var status: RecordStatus

    public init(
        id: WorkID = .random(), institutionID: InstitutionID, title: LocalizedText, creators: [String] = [],
        categoryID: CategoryID, countryOfOrigin: String? = nil, languages: [String] = [],
        identifiers: WorkIdentifiers = WorkIdentifiers(), description: LocalizedText = LocalizedText(),
        provenance: Provenance = Provenance(source: "api"), status: RecordStatus = .active
    ) {
        self.id = id
        self.institutionID = institutionID
        self.title = title
        self.creators = creators
        self.categoryID = categoryID
        self.countryOfOrigin = countryOfOrigin
        self.languages = languages
        self.identifiers = identifiers
        self.description = description
        self.provenance = provenance
        self.status = status
    }

    /// Every field-level problem with this work.
    public func validationIssues() -> [FieldIssue] {
        var validator = Validator()
        validator.localized(title, "title", max: 500, required: true)
        if creators.count > 50 { validator.fail("creators", "too-many", "at most 50 creators") }
        for (index, creator) in creators.enumerated() { validator.text(creator, "creators/\(index)", max: 300) }
        if Taxonomy.category(categoryID) == nil {
            validator.fail("categoryID", "unknown-category", "is not a category of the shared taxonomy")
        }
        if let countryOfOrigin, !Identifiers.isCountryCode(countryOfOrigin) {
            validator.fail("countryOfOrigin", "invalid-country", "must be an ISO 3166-1 alpha-2 code such as FR")
        }
        validateLanguages(languages, into: &validator)
        identifiers.validate(into: &validator)
        validator.localized(description, "description", max: 10_000, required: false)
        provenance.validate(into: &validator)
        return validator.issues
    }
}

func validateLanguages(_ languages: [String], into validator: inout Validator) {
    if languages.count > 20 { validator.fail("languages", "too-many", "at most 20 languages") }
    for (index, code) in languages.enumerated() where !Identifiers.isLanguageCode(code) {
        validator.fail("languages/\(index)", "invalid-language", "must be a lowercase ISO 639 code such as fr or oci")
    }
}
