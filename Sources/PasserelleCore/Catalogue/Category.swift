/// A category of the shared taxonomy: a sector (no parent) or a category within a sector.
public struct Category: Sendable, Hashable, Identifiable {
    public let id: CategoryID
    /// The sector this category belongs to; nil for a sector itself.
    public let parentID: CategoryID?
    public let labels: [Language: String]

    /// The label in `language`; every category has all six, which a test enforces.
    public func label(in language: Language) -> String {
        labels[language] ?? labels[.fr] ?? id.rawValue
    }

    public var isSector: Bool { parentID == nil }
}

public typealias CategoryID = Identifier<Category>

/// The taxonomy every sector shares, so a museum, a cinema and a podcast land in one catalogue.
/// Ids are stable API values (English slugs, `sector.category`); labels are for people.
public enum Taxonomy {
    /// Sectors first, each followed by its categories.
    public static let all: [Category] = TaxonomyLabels.rows.map { row in
        let id = CategoryID(trusted: row.id)
        let parent = row.id.split(separator: ".").count > 1 ? CategoryID(trusted: String(row.id.split(separator: ".")[0])) : nil
        let labels = Dictionary(uniqueKeysWithValues: zip(Language.allCases, row.labels))
        return Category(id: id, parentID: parent, labels: labels)
    }

    private static let byID = Dictionary(uniqueKeysWithValues: all.map { ($0.id, $0) })

    public static func category(_ id: CategoryID) -> Category? { byID[id] }

    public static var sectors: [Category] { all.filter(\.isSector) }

    public static func children(of sector: CategoryID) -> [Category] { all.filter { $0.parentID == sector } }

    /// The ids a filter on `id` matches: a sector matches itself and all its categories.
    public static func expand(_ id: CategoryID) -> [CategoryID] {
        guard let category = byID[id] else { return [] }
        return category.isSector ? [id] + children(of: id).map(\.id) : [id]
    }
}
