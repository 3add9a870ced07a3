import Foundation
import PasserelleCore

/// The repository's sets, a two-branch hierarchy (`:` separates levels, spec §4.6):
/// - `institution`, and `institution:<id>` for each institution holding works;
/// - `domain`, `domain:<sector>` for each sector of the taxonomy and `domain:<sector>:<category>` for its categories
///   (`domain:books:print` for `books.print`). A work is in its category's set, hence in its sector's and `domain`.
enum OAISet: Hashable {
    case institutions
    case institution(InstitutionID)
    case domains
    case domain(CategoryID)

    /// What a `set` argument names: a set, a well-formed spec that names none (no records match), or a malformed one.
    enum Lookup: Hashable {
        case set(OAISet)
        case unknown
        case malformed
    }

    static func lookup(_ spec: String) -> Lookup {
        let parts = spec.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard parts.allSatisfy(isSpecPart) else { return .malformed }
        switch (parts.first, parts.count) {
        case ("institution", 1): return .set(.institutions)
        case ("institution", 2): return InstitutionID(parts[1]).map { .set(.institution($0)) } ?? .unknown
        case ("domain", 1): return .set(.domains)
        case ("domain", 2), ("domain", 3):
            let id = CategoryID(trusted: parts.dropFirst().joined(separator: "."))
            guard let category = Taxonomy.category(id), category.isSector == (parts.count == 2) else { return .unknown }
            return .set(.domain(id))
        default: return .unknown
        }
    }

    var spec: String {
        switch self {
        case .institutions: "institution"
        case .institution(let id): "institution:" + id.rawValue
        case .domains: "domain"
        case .domain(let id): "domain:" + id.rawValue.replacingOccurrences(of: ".", with: ":")
        }
    }

    /// The works of this set.
    var query: WorkChangeQuery {
        switch self {
        case .institutions, .domains: WorkChangeQuery()
        case .institution(let id): WorkChangeQuery(institutionID: id)
        case .domain(let id): WorkChangeQuery(categoryIDs: Taxonomy.expand(id))
        }
    }

    /// The sets a work's header names: its institution, its sector and its category (not the two roots, which hold
    /// every work).
    static func specs(of work: Work) -> [String] {
        var sets = [OAISet.institution(work.institutionID)]
        if let category = Taxonomy.category(work.categoryID) {
            if let sector = category.parentID { sets.append(.domain(sector)) }
            sets.append(.domain(category.id))
        }
        return sets.map(\.spec)
    }

    /// The domain sets with their names (French labels; a category's name says its sector), roots first.
    static let domainSets: [(spec: String, name: String)] = [("domain", "Domaines culturels")]
        + Taxonomy.all.map { category in
            let name = category.parentID.flatMap(Taxonomy.category).map { $0.label(in: .fr) + " — " } ?? ""
            return (OAISet.domain(category.id).spec, name + category.label(in: .fr))
        }

    /// `([A-Za-z0-9\-_.!~*'()])+`, one level of a setSpec (spec's schema).
    private static func isSpecPart(_ part: String) -> Bool {
        !part.isEmpty && part.unicodeScalars.allSatisfy { scalar in
            let value = scalar.value
            return (0x30...0x39).contains(value) || (0x41...0x5A).contains(value) || (0x61...0x7A).contains(value)
                || "-_.!~*'()".unicodeScalars.contains(scalar)
        }
    }
}
