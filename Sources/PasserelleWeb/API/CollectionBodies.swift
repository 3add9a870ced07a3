import Foundation
import PasserelleCore
import PasserelleDiscovery

/// The body of `POST/PUT /api/v1/collections`: a curated list (`items`) or a saved search (`savedQuery`).
struct CollectionInput: StrictInput, Sendable {
    struct Item: Decodable, Sendable {
        var kind: CollectionItem.Kind
        var id: String
        var note: LocalizedText?
    }

    var id: CollectionID?
    var title: LocalizedText
    var description: LocalizedText?
    var curator: String
    var licence: ContentLicence?
    var publishedFrom: Date?
    var publishedUntil: Date?
    var items: [Item]?
    var savedQuery: String?

    static let shape = JSONShape.object([
        "id": .value, "title": .value, "description": .value, "curator": .value, "licence": .value,
        "publishedFrom": .value, "publishedUntil": .value,
        "items": .array(.object(["kind": .value, "id": .value, "note": .value])), "savedQuery": .value,
    ])

    func collection(id: CollectionID, institution: InstitutionID) -> EditorialCollection {
        EditorialCollection(
            id: id, institutionID: institution, title: title, description: description ?? LocalizedText(), curator: curator,
            licence: licence ?? .licenceOuverte2, publishedFrom: publishedFrom, publishedUntil: publishedUntil,
            items: (items ?? []).map { CollectionItem(kind: $0.kind, id: $0.id, note: $0.note ?? LocalizedText()) },
            savedQuery: savedQuery
        )
    }
}

/// A saved search, read as `/search` reads its query: every problem is reported under `savedQuery`.
enum SavedQuery {
    /// Results a saved search shows on the collection's page and in its JSON.
    static let shownResults = 20

    static func request(_ query: String, now: Date = Date()) throws -> SearchRequest {
        var reader = QueryReader(queryString: query)
        var request = reader.searchRequest(now: now)
        var issues = reader.foundIssues
        if reader.queryParameter("cursor") != nil {
            issues.append(FieldIssue(field: "cursor", code: "not-saved", message: "a saved search starts at its first page; leave cursor out"))
        }
        if reader.queryParameter("place") != nil {
            issues.append(FieldIssue(field: "place", code: "not-saved", message: "a saved search keeps near=latitude,longitude; place is read when a visitor types it"))
        }
        if !issues.isEmpty {
            throw CoreError.invalid(issues.map { FieldIssue(field: "savedQuery/\($0.field)", code: $0.code, message: $0.message) })
        }
        request.pageSize = min(request.pageSize, shownResults)
        return request
    }
}

/// One entry of a collection as read: what it points at, resolved (withdrawn records are left out).
struct CollectionEntry: Encodable, Sendable {
    let kind: CollectionItem.Kind
    let id: String
    let title: LocalizedText
    let note: LocalizedText?
    /// The record in the API.
    let href: String
    /// Its page on the site.
    let page: String
    let categoryID: CategoryID
    let access: OfferAccess?
    /// The town of the offer's venue, when it has one.
    let city: String?
}

/// `GET /api/v1/collections/{id}`: the collection's fields, its entries resolved, and the attribution to show.
struct CollectionDetail: Encodable, Sendable {
    let collection: EditorialCollection
    let entries: [CollectionEntry]
    let publisher: String
    /// "Curator, Institution — licence": what a reuse must credit.
    var attribution: String { "\(collection.curator), \(publisher) — \(collection.licence.name)" }

    enum ExtraKeys: String, CodingKey {
        case entries, publisher, attribution, licenceName, licenceURL
    }

    func encode(to encoder: any Encoder) throws {
        try collection.encode(to: encoder)
        var container = encoder.container(keyedBy: ExtraKeys.self)
        try container.encode(entries, forKey: .entries)
        try container.encode(publisher, forKey: .publisher)
        try container.encode(attribution, forKey: .attribution)
        try container.encode(collection.licence.name, forKey: .licenceName)
        try container.encode(collection.licence.url, forKey: .licenceURL)
    }
}
