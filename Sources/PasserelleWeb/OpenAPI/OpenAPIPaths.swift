import PasserelleCore

/// The operations of the OpenAPI document, one per registered route (a test keeps the two in step).
enum OpenAPIPaths {
    typealias S = OpenAPISchemas

    static func json(_ description: String, _ schema: String) -> JSONValue {
        ["description": .string(description), "content": ["application/json": ["schema": S.ref(schema)]]]
    }

    static func header(_ name: String) -> JSONValue { ["$ref": .string("#/components/headers/\(name)")] }

    /// Adds the headers every response carries (`X-Request-ID`), and `Location` to a 201.
    static func withHeaders(_ response: JSONValue, status: String) -> JSONValue {
        guard response["$ref"] == nil else { return response }
        var headers: [String: JSONValue] = ["X-Request-ID": header("RequestID")]
        if status == "201" { headers["Location"] = header("Location") }
        return response.merging(["headers": .object(headers)])
    }

    static func problem(_ name: String) -> JSONValue { ["$ref": .string("#/components/responses/\(name)")] }

    static let html: JSONValue = ["description": "An HTML page.", "content": ["text/html": ["schema": S.string]]]

    /// A public read that also takes an API key (anonymous or bearer), which can only widen what it shows: an
    /// invalid key is still a 401.
    static func keyOptional(_ operation: JSONValue) -> JSONValue {
        guard case .object(var result) = operation, case .object(var responses)? = result["responses"] else { return operation }
        responses["401"] = problem("Unauthorized")
        result["responses"] = .object(responses)
        result["security"] = [[:], ["bearerAuth": []]]
        return .object(result)
    }

    static func operation(
        _ id: String, _ summary: String, tag: String, parameters: [JSONValue] = [], body: String? = nil,
        optionalBody: String? = nil, responses: [String: JSONValue], secured: Bool = false
    ) -> JSONValue {
        let body = body ?? optionalBody
        var responses = Dictionary(uniqueKeysWithValues: responses.map { ($0.key, withHeaders($0.value, status: $0.key)) })
        responses["500"] = problem("InternalError")
        responses["503"] = responses["503"] ?? problem("Unavailable")
        if body != nil {
            responses["415"] = problem("UnsupportedMediaType")
            responses["413"] = responses["413"] ?? problem("TooLarge")
        }
        var result: [String: JSONValue] = [
            "operationId": .string(id), "summary": .string(summary), "tags": [.string(tag)], "responses": .object(responses),
        ]
        if !parameters.isEmpty { result["parameters"] = .array(parameters) }
        if let body {
            result["requestBody"] = ["required": .bool(optionalBody == nil), "content": ["application/json": ["schema": S.ref(body)]]]
        }
        if secured {
            result["security"] = [["bearerAuth": []]]
            responses["401"] = problem("Unauthorized")
            responses["507"] = problem("InsufficientStorage")
            result["responses"] = .object(responses)
        }
        return .object(result)
    }

    /// A query parameter; given empty (`name=`) it is a 400, so its schema says `minLength: 1`.
    static func query(_ name: String, _ description: String, _ schema: JSONValue = S.string) -> JSONValue {
        let schema = schema["type"] == "string" && schema["enum"] == nil && schema["minLength"] == nil ? schema.merging(["minLength": 1]) : schema
        return ["name": .string(name), "in": "query", "required": false, "description": .string(description), "schema": schema]
    }

    static let pathID: JSONValue = ["name": "id", "in": "path", "required": true, "schema": S.identifier]
    static let keyID: JSONValue = [
        "name": "id", "in": "path", "required": true, "description": "The key's public prefix.", "schema": ["type": "string", "examples": ["psl_3f9a1c2b"]],
    ]
    static let langQuery = query("lang", "Label language.", S.enumeration(Language.allCases.map(\.rawValue)))
    /// Pages take any `lang`: an unknown one falls back to the browser's language, then French, as people expect.
    static let pageLangQuery = query(
        "lang", "Page language (fr, en, de, es, it, pl); anything else falls back to Accept-Language, then French.",
        ["type": "string", "minLength": 0, "examples": ["fr", "pl"]]
    )
    static let pageQueries: [JSONValue] = [
        query("page", "1-based page number.", ["type": "integer", "minimum": 1, "maximum": .int(Int64(PageRequest.maximumPage)), "default": 1]),
        query("pageSize", "Items per page; more than 100 is a 400.", ["type": "integer", "minimum": 1, "maximum": 100, "default": 20]),
    ]
    static let territoryQueries: [JSONValue] = [
        query("commune", "INSEE commune code (75056).", S.communeCode),
        query("departement", "INSEE département code (75, 2A, 974).", S.departementCode),
        query("region", "INSEE région code (11).", S.regionCode), query("institution", "Institution id.", S.identifier),
    ]

    static func writeResponses(_ schema: String, created: Bool) -> [String: JSONValue] {
        var responses: [String: JSONValue] = [
            "200": json("The record was replaced.", schema), "400": problem("BadRequest"), "403": problem("Forbidden"),
            "409": problem("Conflict"), "413": problem("TooLarge"), "422": problem("Unprocessable"),
        ]
        if created { responses["201"] = json("The record was created (see `Location`).", schema) }
        return responses
    }

    static func withdrawResponses(_ schema: String) -> [String: JSONValue] {
        ["200": json("The record, now withdrawn (kept, never erased).", schema), "403": problem("Forbidden"), "404": problem("NotFound")]
    }

    static func resource(_ name: String, _ schema: String, input: String, tag: String) -> (JSONValue, JSONValue) {
        let article = name.first.map { "aeiou".contains($0) } == true ? "an" : "a"
        let item: JSONValue = [
            "put": operation("put\(schema)", "Create or replace \(article) \(name) by id (201 or 200); an id that breaks the rule is 400.", tag: tag, parameters: [pathID], body: "\(input)Replacement",
                             responses: writeResponses(schema, created: true), secured: true),
            "delete": operation("withdraw\(schema)", "Withdraw \(article) \(name) (200 with the withdrawn record).", tag: tag, parameters: [pathID],
                                responses: withdrawResponses(schema), secured: true),
        ]
        let create = operation("create\(schema)", "Create \(article) \(name); an `id` of yours already stored is replaced (200).", tag: tag,
                               body: input, responses: writeResponses(schema, created: true), secured: true)
        return (item, create)
    }

    static var all: [String: JSONValue] {
        let (venueItem, createVenue) = resource("venue", "Venue", input: "VenueInput", tag: "venues")
        let (workItem, createWork) = resource("work", "Work", input: "WorkInput", tag: "works")
        let (offerItem, createOffer) = resource("offer", "Offer", input: "OfferInput", tag: "offers")
        let (stockItem, _) = resource("stock", "Stock", input: "StockInput", tag: "stocks")
        let offerFilters: [JSONValue] = pageQueries + territoryQueries + [
            query("category", "A category id, or a sector id (matches all its categories).", S.categoryID),
            query("from", "Offers still running at or after this RFC 3339 date (2026-05-01) or date-time.", S.dateQuery),
            query("to", "Offers started by this RFC 3339 date or date-time.", S.dateQuery),
            query("access", "How the offer is reached; hybrid offers match both.", S.enumeration(["online", "on-site"])),
            query("language", "ISO 639 code the offer is given in.", S.languageCode),
            query("venue", "Venue id.", S.identifier), query("work", "Work id.", S.identifier),
        ]
        let venueFilters: [JSONValue] = pageQueries + territoryQueries + [query("kind", "Kind of venue.", S.ref("VenueKind"))]
        let notFound = ["404": problem("NotFound")]
        return [
            "/api/v1/offers": [
                "get": operation("listOffers", "List active offers, most recently updated first.", tag: "offers", parameters: offerFilters,
                                 responses: ["200": json("One page of offers.", "OfferList"), "400": problem("BadRequest")]),
                "post": createOffer,
            ],
            "/api/v1/offers/{id}": offerItem.merging([
                "get": operation("getOffer", "An active offer with its active stocks.", tag: "offers", parameters: [pathID],
                                 responses: notFound.merging(["200": json("The offer.", "OfferDetail")]) { a, _ in a }),
            ]),
            "/api/v1/offers/{id}/sources": [
                "get": operation("getOfferSources",
                                 "Where each field of an active offer comes from: its primary source (the offer's provenance), the records of the institution's other sources merged into it, and the source of each field they supplied.",
                                 tag: "offers", parameters: [pathID], responses: notFound.merging(["200": json("The offer's sources.", "OfferSources")]) { a, _ in a }),
            ],
            "/api/v1/offers:batch": [
                "post": operation(
                    "batchOffers", "Create or replace up to 500 offers; each item succeeds or fails on its own.", tag: "offers",
                    body: "BatchRequest",
                    responses: ["200": json("One result per item, in order.", "BatchResult"), "400": problem("BadRequest"), "413": problem("TooLarge")],
                    secured: true
                ),
            ],
            "/api/v1/offers/{id}/stocks": [
                "post": operation("createStock", "Add a stock to one of your offers.", tag: "stocks", parameters: [pathID], body: "StockForOffer",
                                  responses: writeResponses("Stock", created: true).merging(notFound) { a, _ in a }, secured: true),
            ],
            "/api/v1/stocks/{id}": stockItem.merging([
                "get": operation("getStock", "An active stock of an active offer.", tag: "stocks", parameters: [pathID],
                                 responses: notFound.merging(["200": json("The stock.", "Stock")]) { a, _ in a }),
            ]),
            "/api/v1/venues": [
                "get": operation("listVenues", "List active venues.", tag: "venues", parameters: venueFilters,
                                 responses: ["200": json("One page of venues.", "VenueList"), "400": problem("BadRequest")]),
                "post": createVenue,
            ],
            "/api/v1/venues/{id}": venueItem.merging([
                "get": operation("getVenue", "An active venue.", tag: "venues", parameters: [pathID],
                                 responses: notFound.merging(["200": json("The venue.", "Venue")]) { a, _ in a }),
            ]),
            "/api/v1/works": [
                "get": operation("listWorks", "List active works (a museum's collection with institution=…), by id.", tag: "works",
                                 parameters: pageQueries + [query("institution", "Institution id.", S.identifier),
                                                            query("category", "A category id, or a sector id (matches all its categories).", S.categoryID)],
                                 responses: ["200": json("One page of works.", "WorkList"), "400": problem("BadRequest")]),
                "post": createWork,
            ],
            "/api/v1/works/{id}": workItem.merging([
                "get": operation("getWork", "An active work.", tag: "works", parameters: [pathID],
                                 responses: notFound.merging(["200": json("The work.", "Work")]) { a, _ in a }),
            ]),
            "/api/v1/categories": [
                "get": operation("listCategories", "The shared taxonomy: sectors and their categories, labelled in six languages.",
                                 tag: "categories", parameters: [langQuery],
                                 responses: ["200": json("The taxonomy.", "Categories"), "400": problem("BadRequest")]),
            ],
            "/api/v1/keys": [
                "get": operation("listKeys", "Your institution's API keys, newest first (never their secrets).", tag: "keys",
                                 responses: ["200": json("The keys.", "APIKeyList")], secured: true),
                "post": operation(
                    "createKey", "Issue another key (at most 10 working keys); the secret is in this answer only.", tag: "keys",
                    optionalBody: "NewAPIKey",
                    responses: ["201": json("The new key and its secret.", "IssuedAPIKey"), "400": problem("BadRequest"),
                                "409": problem("Conflict"), "422": problem("Unprocessable")],
                    secured: true
                ),
            ],
            "/api/v1/keys/{id}": [
                "delete": operation("revokeKey", "Revoke one of your keys now (200 with the revoked key).", tag: "keys",
                                    parameters: [keyID], responses: ["200": json("The revoked key.", "APIKey"), "404": problem("NotFound")],
                                    secured: true),
            ],
            "/api/v1/keys/{id}/rotation": [
                "post": operation(
                    "rotateKey", "Replace a key: a new key now, the old one working for `graceHours` more (default 24, at most 720).",
                    tag: "keys", parameters: [keyID], optionalBody: "KeyRotation",
                    responses: ["201": json("The new key, its secret, and the key it replaces.", "IssuedAPIKey"),
                                "400": problem("BadRequest"), "404": problem("NotFound"), "409": problem("Conflict"),
                                "422": problem("Unprocessable")],
                    secured: true
                ),
            ],
            "/health": ["get": operation("health", "Liveness.", tag: "operations", responses: ["200": json("Alive.", "Health")])],
            "/ready": [
                "get": operation("ready", "Readiness: 503 while a dependency is unavailable.", tag: "operations",
                                 responses: ["200": json("Ready.", "Readiness"), "503": json("Not ready.", "Readiness")]),
            ],
            "/metrics": [
                "get": operation("metrics", "Prometheus metrics (text exposition format).", tag: "operations",
                                 responses: ["200": ["description": "Metrics.", "content": ["text/plain": ["schema": S.string]]]]),
            ],
            "/openapi.json": [
                "get": operation("openapi", "This document.", tag: "operations",
                                 responses: ["200": ["description": "OpenAPI 3.1.0.", "content": ["application/json": ["schema": ["type": "object"]]]]]),
            ],
            "/": ["get": operation("homePage", "Home page.", tag: "pages", parameters: [pageLangQuery], responses: ["200": html])],
            "/about": ["get": operation("aboutPage", "About page and data credits.", tag: "pages", parameters: [pageLangQuery], responses: ["200": html])],
            "/offers/{id}": ["get": operation("offerPage", "Offer page.", tag: "pages", parameters: [pathID, pageLangQuery], responses: ["200": html, "404": html])],
            "/venues/{id}": ["get": operation("venuePage", "Venue page.", tag: "pages", parameters: [pathID, pageLangQuery], responses: ["200": html, "404": html])],
            "/static/site.css": [
                "get": operation("stylesheet", "The site's stylesheet (cached for a year; the link carries a content hash).", tag: "pages",
                                 responses: ["200": ["description": "CSS.", "content": ["text/css": ["schema": S.string]]]]),
            ],
        ]
    }
}
