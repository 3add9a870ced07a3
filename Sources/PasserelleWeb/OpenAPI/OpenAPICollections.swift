import PasserelleCore
import PasserelleDiscovery

/// Editorial collections in the OpenAPI document: public reads, JSON-LD, writes with a key, and their pages (and the
/// works' pages, which collections link to).
enum OpenAPICollections {
    typealias S = OpenAPISchemas
    typealias P = OpenAPIPaths

    static var schemas: [String: JSONValue] {
        let kind = S.enumeration(CollectionItem.Kind.allCases.map(\.rawValue))
        let itemFields: [String: JSONValue] = ["kind": kind, "id": S.identifier, "note": S.localizedText]
        let item = S.object(itemFields, required: ["kind", "id", "note"])
        let itemInput = S.input(itemFields, required: ["kind", "id"])
        let savedQuery: JSONValue = [
            "type": "string", "minLength": 1, "maxLength": .int(Int64(EditorialCollection.maximumQueryLength)),
            "description": "A /search query string without '?', run afresh on every read (its parameters are checked as /search checks them).",
            "examples": ["q=concert&free=true&when=weekend&region=76"],
        ]
        var fields: [String: JSONValue] = [
            "title": S.titleText, "description": S.localizedText, "curator": S.nonBlank.merging(["maxLength": 200]),
            "licence": S.enumeration(ContentLicence.allCases.map(\.rawValue)),
            "publishedFrom": S.dateTime, "publishedUntil": S.dateTime, "savedQuery": savedQuery,
        ]
        let example: JSONValue = [
            "id": "festivals-ete", "title": ["fr": "Nos festivals de l'été", "en": "Our summer festivals"], "curator": "Service des publics",
            "licence": "etalab-2.0", "items": [["kind": "offer", "id": "offer-1", "note": ["fr": "Pour les familles"]]],
        ]
        let record = fields.merging(
            ["items": S.array(item), "id": S.identifier, "institutionID": S.identifier, "status": S.status, "updatedAt": S.dateTime]
        ) { _, new in new }
        let recordRequired = ["id", "institutionID", "title", "description", "curator", "licence", "items", "status", "updatedAt"]
        fields["items"] = S.array(itemInput).merging(["maxItems": .int(Int64(EditorialCollection.maximumItems))])
        let entry = S.object(
            ["kind": kind, "id": S.identifier, "title": S.localizedText, "note": S.localizedText,
             "href": S.string, "page": S.string, "categoryID": S.categoryID, "access": S.enumeration(OfferAccess.allCases.map(\.rawValue)), "city": S.string],
            required: ["kind", "id", "title", "href", "page", "categoryID"])
        let detail = record.merging(
            ["entries": S.array(entry), "publisher": S.string, "attribution": S.string, "licenceName": S.string, "licenceURL": S.uri]
        ) { _, new in new }
        return [
            "Collection": S.object(record, required: recordRequired),
            "CollectionDetail": S.object(detail, required: recordRequired + ["entries", "publisher", "attribution", "licenceName", "licenceURL"]),
            "CollectionList": S.list(of: "Collection"),
            "CollectionInput": S.input(fields.merging(["id": S.identifier]) { first, _ in first }, required: ["title", "curator"], examples: [example]),
            "CollectionInputReplacement": S.input(fields, required: ["title", "curator"], examples: [S.removing(["id"], from: example)]),
        ]
    }

    /// Said on both detail reads: what an API key changes.
    static let ownerPreview = "With the owning institution's key, a collection outside its publication dates (scheduled or ended) is shown too, as `Cache-Control: private, no-store`; the public gets 404."

    static var paths: [String: JSONValue] {
        let writes = P.writeResponses("Collection", created: true)
        return [
            "/api/v1/collections": [
                "get": P.operation("listCollections", "Published collections (active, within their dates), newest first.", tag: "collections",
                                   parameters: P.pageQueries + [P.query("institution", "Institution id.", S.identifier)],
                                   responses: ["200": P.json("One page of collections.", "CollectionList"), "400": P.problem("BadRequest")]),
                "post": P.operation("createCollection", "Create a curated list or a saved search; its items must be your active offers and works (an editor may list any institution's).",
                                    tag: "collections", body: "CollectionInput", responses: writes, secured: true),
            ],
            "/api/v1/collections/{id}": [
                "get": P.keyOptional(P.operation(
                    "getCollection", "A published collection with its entries resolved (withdrawn ones left out; a saved search's first \(SavedQuery.shownResults) results) and its attribution. \(ownerPreview)",
                    tag: "collections", parameters: [P.pathID],
                    responses: ["200": P.json("The collection.", "CollectionDetail"), "404": P.problem("NotFound")])),
                "put": P.operation("putCollection", "Create or replace a collection by id (201 or 200).", tag: "collections", parameters: [P.pathID],
                                   body: "CollectionInputReplacement", responses: writes, secured: true),
                "delete": P.operation("withdrawCollection", "Withdraw a collection (200 with it; kept, never erased).", tag: "collections",
                                      parameters: [P.pathID], responses: P.withdrawResponses("Collection"), secured: true),
            ],
            "/api/v1/collections/{id}/jsonld": [
                "get": P.keyOptional(P.operation(
                    "getCollectionJSONLD", "The collection as a schema.org ItemList, with its licence and credit. \(ownerPreview)", tag: "collections",
                    parameters: [P.pathID],
                    responses: ["200": ["description": "schema.org ItemList JSON-LD.", "content": ["application/ld+json": ["schema": ["type": "object"]]]],
                                "404": P.problem("NotFound")])),
            ],
            "/collections": [
                "get": P.operation("collectionsPage", "The published collections.", tag: "pages",
                                   parameters: [P.pageLangQuery, P.query("page", "1-based page number.", ["type": "integer", "minimum": 1])],
                                   responses: ["200": P.html, "404": P.html]),
            ],
            "/works": [
                "get": P.operation("worksPage", "A page of works, an institution's with institution=… (a museum's collection).", tag: "pages",
                                   parameters: [P.pageLangQuery, P.query("institution", "Institution id.", S.identifier),
                                                P.query("page", "1-based page number.", ["type": "integer", "minimum": 1])],
                                   responses: ["200": P.html, "404": P.html]),
            ],
            "/works/{id}": [
                "get": P.operation("workPage", "A work's page: creators, holder, every showing.", tag: "pages", parameters: [P.pathID, P.pageLangQuery],
                                   responses: ["200": P.html, "404": P.html]),
            ],
            "/collections/{id}": [
                "get": P.operation("collectionPage", "One collection's page.", tag: "pages", parameters: [P.pathID, P.pageLangQuery],
                                   responses: ["200": P.html, "404": P.html]),
            ],
        ]
    }
}
