import Foundation
import Hummingbird
import HummingbirdCore
import PasserelleCore

/// Reads query parameters into domain queries. Every problem is collected and reported at once as a 400
/// (`pageSize=101` included: the maximum is 100, asking for more is an error, not a clamp).
/// Unknown parameters are ignored, as HTTP caches and trackers add their own. A known parameter given empty
/// (`institution=`) is a 400, not "absent": a client that meant to filter must not silently get everything.
struct QueryReader {
    private let parameters: Parameters
    private var issues: [FieldIssue] = []
    /// Pages' GET forms send `name=` for "any"; there an empty parameter means absent. The API stays strict.
    var treatsEmptyAsAbsent = false

    init(_ request: Request) {
        self.parameters = request.uri.queryParameters
    }

    /// Reads a query string kept elsewhere (a collection's saved search), without its `?`.
    init(queryString: String) {
        self.parameters = URI("/?" + queryString).queryParameters
    }

    /// The problems found so far.
    var foundIssues: [FieldIssue] { issues }

    /// The raw value of a parameter, untrimmed, nil when absent.
    func queryParameter(_ name: String) -> String? { parameters.get(name) }

    mutating func value(_ name: String) -> String? {
        guard let raw = parameters.get(name) else { return nil }
        let trimmed = raw.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty && !treatsEmptyAsAbsent { fail(name, "empty", "must not be empty; leave the parameter out to not filter") }
        return trimmed.isEmpty ? nil : trimmed
    }

    mutating func fail(_ name: String, _ code: String, _ message: String) {
        issues.append(FieldIssue(field: name, code: code, message: message))
    }

    mutating func page() -> PageRequest? {
        let page = integer("page") ?? 1
        let size = integer("pageSize") ?? PageRequest.defaultSize
        do {
            return try PageRequest(page: page, size: size)
        } catch {
            issues.append(contentsOf: error.issues)
            return nil
        }
    }

    mutating func integer(_ name: String) -> Int? {
        guard let text = value(name) else { return nil }
        guard let number = Int(text) else {
            fail(name, "not-an-integer", "must be an integer")
            return nil
        }
        return number
    }

    mutating func identifier<Entity>(_ name: String, as type: Identifier<Entity>.Type) -> Identifier<Entity>? {
        guard let text = value(name) else { return nil }
        guard let id = Identifier<Entity>(text) else {
            fail(name, "invalid-identifier", "must be \(Identifier<Entity>.rule)")
            return nil
        }
        return id
    }

    mutating func code(_ name: String, valid: (String) -> Bool, message: String) -> String? {
        guard let text = value(name) else { return nil }
        guard valid(text) else {
            fail(name, "invalid-code", message)
            return nil
        }
        return text
    }

    mutating func date(_ name: String) -> Date? {
        guard let text = value(name) else { return nil }
        guard let date = JSONCoding.parseDateOrDateTime(text) else {
            fail(name, "invalid-date", "must be a real RFC 3339 date (2026-05-01) or date-time (2026-05-01T20:30:00Z), years 0001–9999")
            return nil
        }
        return date
    }

    mutating func choice<T: RawRepresentable & CaseIterable>(_ name: String, as type: T.Type) -> T? where T.RawValue == String {
        guard let text = value(name) else { return nil }
        guard let choice = T(rawValue: text) else {
            fail(name, "invalid-choice", "must be one of \(T.allCases.map(\.rawValue).joined(separator: ", "))")
            return nil
        }
        return choice
    }

    mutating func language(_ name: String) -> Language? { choice(name, as: Language.self) }

    /// `category`, a sector or a category id, expanded to the categories it covers.
    mutating func categories() -> [CategoryID] {
        guard let category = identifier("category", as: CategoryID.self) else { return [] }
        let expanded = Taxonomy.expand(category)
        if expanded.isEmpty { fail("category", "unknown-category", "is not a sector or category of the taxonomy") }
        return expanded
    }

    mutating func workQuery() -> WorkQuery {
        WorkQuery(institutionID: identifier("institution", as: InstitutionID.self), categoryIDs: categories())
    }

    mutating func offerQuery() -> OfferQuery {
        var query = OfferQuery()
        query.categoryIDs = categories()
        query.communeCode = code("commune", valid: Identifiers.isCommuneCode, message: "must be an INSEE commune code such as 75056")
        query.departementCode = code("departement", valid: { Departement.code($0) != nil }, message: "must be an INSEE département code such as 75 or 2A")
        query.regionCode = code("region", valid: { Region.code($0) != nil }, message: "must be an INSEE région code such as 11")
        query.from = date("from")
        query.to = date("to")
        // `to` before `from` is no error: it asks for offers that began by `to` and still run at `from`.
        query.access = choice("access", as: OfferQuery.AccessFilter.self)
        query.language = code("language", valid: Identifiers.isLanguageCode, message: "must be a lowercase ISO 639 code such as fr")
        query.institutionID = identifier("institution", as: InstitutionID.self)
        query.venueID = identifier("venue", as: VenueID.self)
        query.workID = identifier("work", as: WorkID.self)
        return query
    }

    mutating func venueQuery() -> VenueQuery {
        var query = VenueQuery()
        query.kind = choice("kind", as: VenueKind.self)
        query.communeCode = code("commune", valid: Identifiers.isCommuneCode, message: "must be an INSEE commune code such as 75056")
        query.departementCode = code("departement", valid: { Departement.code($0) != nil }, message: "must be an INSEE département code such as 75 or 2A")
        query.regionCode = code("region", valid: { Region.code($0) != nil }, message: "must be an INSEE région code such as 11")
        query.institutionID = identifier("institution", as: InstitutionID.self)
        return query
    }

    /// Throws a 400 listing every problem found so far.
    func check() throws {
        if !issues.isEmpty {
            throw Problem.badRequest("The query has \(issues.count) invalid parameter(s); see `errors`.", errors: issues)
        }
    }
}
