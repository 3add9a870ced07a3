public import Foundation
public import PasserelleCore

public typealias CollectionID = Identifier<EditorialCollection>

/// A curated list ("Ten films made in Occitanie") or a saved search that stays current ("free concerts this weekend
/// in Occitanie"), written by an institution or an editor, published under an open licence with attribution.
///
/// Exactly one of `items` (a hand-picked list of offers and works, in the curator's order) and `savedQuery` (the query
/// string of `/search`, run afresh on every read) is given.
public struct EditorialCollection: Sendable, Hashable, Codable, Identifiable {
    public static let maximumItems = 100
    public static let maximumQueryLength = 1_000

    public var id: CollectionID
    public var institutionID: InstitutionID
    public var title: LocalizedText
    public var description: LocalizedText
    /// Who chose: a person or a team, named in the attribution.
    public var curator: String
    public var licence: ContentLicence
    /// Shown from this instant on (nil: at once).
    public var publishedFrom: Date?
    /// Shown until this instant (nil: for ever).
    public var publishedUntil: Date?
    public var items: [CollectionItem]
    /// A `/search` query string without its `?` (`q=concert&free=true&when=weekend&region=76`).
    public var savedQuery: String?
    public var status: RecordStatus
    public var updatedAt: Date

    public init(
        id: CollectionID = .random(), institutionID: InstitutionID, title: LocalizedText, description: LocalizedText = LocalizedText(),
        curator: String, licence: ContentLicence = .licenceOuverte2, publishedFrom: Date? = nil, publishedUntil: Date? = nil,
        items: [CollectionItem] = [], savedQuery: String? = nil, status: RecordStatus = .active, updatedAt: Date = Date()
    ) {
        self.id = id
        self.institutionID = institutionID
        self.title = title
        self.description = description
        self.curator = curator
        self.licence = licence
        self.publishedFrom = publishedFrom
        self.publishedUntil = publishedUntil
        self.items = items
        self.savedQuery = savedQuery
        self.status = status
        self.updatedAt = updatedAt
    }

    /// Whether the public sees it at `now`: active and inside its publication dates.
    public func isPublished(at now: Date) -> Bool {
        status == .active && (publishedFrom.map { $0 <= now } ?? true) && (publishedUntil.map { now < $0 } ?? true)
    }

    /// Every field-level problem (the saved query's own parameters are checked by the web layer, which parses them).
    public func validationIssues() -> [FieldIssue] {
        var validator = Validator()
        validator.localized(title, "title", max: 300, required: true)
        validator.localized(description, "description", max: 5_000, required: false)
        validator.text(curator, "curator", max: 200)
        if let publishedFrom, let publishedUntil, publishedUntil <= publishedFrom {
            validator.fail("publishedUntil", "before-start", "must be after publishedFrom")
        }
        switch (items.isEmpty, savedQuery) {
        case (true, nil):
            validator.fail("items", "required", "give the items of the list, or a savedQuery")
        case (false, .some):
            validator.fail("savedQuery", "exclusive", "a collection is either a list of items or a saved query, not both")
        case (_, .some(let query)):
            if query.isEmpty || query.count > Self.maximumQueryLength || query.hasPrefix("?") {
                validator.fail("savedQuery", "invalid-query", "must be a /search query string without '?', 1–\(Self.maximumQueryLength) characters")
            }
        default:
            break
        }
        if items.count > Self.maximumItems { validator.fail("items", "too-many", "at most \(Self.maximumItems) items") }
        var seen = Set<CollectionItem.Reference>()
        for (index, item) in items.enumerated() {
            if !seen.insert(item.reference).inserted {
                validator.fail("items/\(index)", "duplicate", "\(item.kind.rawValue) \(item.id) is already in the list")
            }
            validator.localized(item.note, "items/\(index)/note", max: 1_000, required: false)
        }
        return validator.issues
    }
}

/// One entry of a curated list: an offer or a work, with the curator's note on it.
public struct CollectionItem: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case offer, work
    }

    /// What an item points at, for duplicate checks.
    public struct Reference: Hashable, Sendable {
        public let kind: Kind
        public let id: String
    }

    public var kind: Kind
    /// An offer's or a work's id, by `kind`.
    public var id: String
    public var note: LocalizedText

    public init(kind: Kind, id: String, note: LocalizedText = LocalizedText()) {
        self.kind = kind
        self.id = id
        self.note = note
    }

    public var reference: Reference { Reference(kind: kind, id: id) }
    public static func offer(_ id: OfferID, note: LocalizedText = LocalizedText()) -> Self { Self(kind: .offer, id: id.rawValue, note: note) }
    public static func work(_ id: WorkID, note: LocalizedText = LocalizedText()) -> Self { Self(kind: .work, id: id.rawValue, note: note) }
}

/// The open licences a collection can be published under; each names its text and the attribution it asks for.
public enum ContentLicence: String, Sendable, Hashable, Codable, CaseIterable {
    case licenceOuverte2 = "etalab-2.0"
    case ccBy4 = "cc-by-4.0"
    case ccBySa4 = "cc-by-sa-4.0"
    case cc0 = "cc0-1.0"

    public var name: String {
        switch self {
        case .licenceOuverte2: "Licence Ouverte 2.0 (Etalab)"
        case .ccBy4: "Creative Commons Attribution 4.0"
        case .ccBySa4: "Creative Commons Attribution-ShareAlike 4.0"
        case .cc0: "CC0 1.0 (public domain dedication)"
        }
    }

    public var url: URL {
        switch self {
        case .licenceOuverte2: URL(string: "https://www.etalab.gouv.fr/licence-ouverte-open-licence/")!
        case .ccBy4: URL(string: "https://creativecommons.org/licenses/by/4.0/")!
        case .ccBySa4: URL(string: "https://creativecommons.org/licenses/by-sa/4.0/")!
        case .cc0: URL(string: "https://creativecommons.org/publicdomain/zero/1.0/")!
        }
    }
}

/// Which collections to list.
public struct CollectionQuery: Sendable, Hashable {
    public var institutionID: InstitutionID?
    /// Only those the public sees at this instant (active, within their dates); nil lists every active one.
    public var publishedAt: Date?
    public var includeWithdrawn = false

    public init(institutionID: InstitutionID? = nil, publishedAt: Date? = nil, includeWithdrawn: Bool = false) {
        self.institutionID = institutionID
        self.publishedAt = publishedAt
        self.includeWithdrawn = includeWithdrawn
    }
}
