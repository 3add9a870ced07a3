import PasserelleCore

/// The JSON schemas of the API (OpenAPI 3.1 uses JSON Schema 2020-12). Response schemas are closed
/// (`additionalProperties: false`) so the tests notice any field the document forgot.
enum OpenAPISchemas {
    static func ref(_ name: String) -> JSONValue { ["$ref": .string("#/components/schemas/\(name)")] }

    static func object(_ properties: [String: JSONValue], required: [String]) -> JSONValue {
        ["type": "object", "properties": .object(properties), "required": .array(required.sorted().map(JSONValue.string)),
         "additionalProperties": false]
    }

    static func array(_ items: JSONValue) -> JSONValue { ["type": "array", "items": items] }
    static func enumeration(_ values: [String]) -> JSONValue { ["type": "string", "enum": .array(values.map(JSONValue.string))] }
    static let string: JSONValue = ["type": "string"]
    static let integer: JSONValue = ["type": "integer"]
    static let number: JSONValue = ["type": "number"]
    static let dateTime: JSONValue = ["type": "string", "format": "date-time"]
    static let uri: JSONValue = ["type": "string", "format": "uri"]
    /// A query date: `2026-05-01` or an RFC 3339 date-time.
    static let dateQuery: JSONValue = [
        "anyOf": [["type": "string", "format": "date"], ["type": "string", "format": "date-time"]],
        "examples": ["2026-05-01", "2026-05-01T20:30:00Z"],
    ]
    static let identifier: JSONValue = [
        "type": "string", "minLength": 1, "maxLength": 64, "pattern": .string(Identifier<Offer>.pattern),
        "description": .string("An identifier: \(Identifier<Offer>.rule).") , "examples": ["museofile-M0123"],
    ]
    /// Whole euro cents within the catalogue's bounds (`PriceRange.maximumCents`).
    static let cents: JSONValue = ["type": "integer", "minimum": 0, "maximum": .int(PriceRange.maximumCents), "examples": [1250]]
    static let communeCode: JSONValue = [
        "type": "string", "pattern": "^(?:[0-9]{5}|2[AB][0-9]{3})$", "description": "INSEE commune code.", "examples": ["75056", "2A004"],
    ]
    /// Every INSEE département code (101), so a generated value is one the server knows.
    static let departementCode = enumeration(Departement.all.map(\.id)).merging(["description": "INSEE département code.", "examples": ["75", "2A", "974"]])
    /// Every INSEE région code (18).
    static let regionCode = enumeration(Region.all.map(\.id)).merging(["description": "INSEE région code.", "examples": ["11"]])
    static let languageCode: JSONValue = ["type": "string", "pattern": "^[a-z]{2,3}$", "description": "Lowercase ISO 639 code.", "examples": ["fr", "oci"]]

    /// A text that says something: at least one character that is not white space.
    static let nonBlank: JSONValue = ["type": "string", "pattern": #"\S"#]

    static let localizedText: JSONValue = [
        "type": "object", "description": "A text per language; French is the reference.",
        "properties": .object(Dictionary(uniqueKeysWithValues: Language.allCases.map { ($0.rawValue, nonBlank) })),
        "additionalProperties": false,
    ]
    /// A title: like `LocalizedText`, with French required.
    static let titleText = localizedText.merging(["required": ["fr"], "description": "A text per language; French is required."])

    /// Every category and sector id of the shared taxonomy.
    static let categoryID = enumeration(Taxonomy.all.map(\.id.rawValue))

    /// `schema`, or null: an optional input field may be sent as null, which means "absent".
    static func nullable(_ schema: JSONValue) -> JSONValue {
        guard let type = schema["type"]?.stringValue else { return ["anyOf": [schema, ["type": "null"]]] }
        var result = schema.merging(["type": [.string(type), "null"]])
        if let values = schema["enum"]?.arrayValue { result = result.merging(["enum": .array(values + [.null])]) }
        return result
    }

    /// A request body: closed like the records, and every optional field nullable.
    static func input(_ fields: [String: JSONValue], required: [String], examples: [JSONValue] = []) -> JSONValue {
        let properties = Dictionary(uniqueKeysWithValues: fields.map { name, schema in
            (name, required.contains(name) ? schema : nullable(schema))
        })
        let body = object(properties, required: required)
        return examples.isEmpty ? body : body.merging(["examples": .array(examples)])
    }

    /// `example` without the members a replacement takes from its path.
    static func removing(_ keys: Set<String>, from example: JSONValue) -> JSONValue {
        .object((example.objectValue ?? [:]).filter { !keys.contains($0.key) })
    }

    static let address = object(["street": string, "postalCode": ["type": "string", "pattern": "^[0-9]{5}$"], "city": nonBlank], required: ["city"])
    static let geoPoint = object(["latitude": number, "longitude": number], required: ["latitude", "longitude"])
    static let priceRange = object(["minCents": cents, "maxCents": cents], required: ["minCents", "maxCents"])
    static let workIdentifiers: [String: JSONValue] = [
        "isbn": string, "ean": string, "filmVisa": string, "museofile": string, "joconde": string, "merimee": string,
        "external": ["type": "object", "additionalProperties": string],
    ]
    static let provenance = object(
        ["source": string, "recordID": string, "license": string, "retrievedAt": dateTime], required: ["source", "retrievedAt"]
    )
    static let status = enumeration(RecordStatus.allCases.map(\.rawValue))

    static let venueFields: [String: JSONValue] = [
        "name": nonBlank, "kind": ref("VenueKind"), "address": ref("Address"), "communeCode": communeCode,
        "departementCode": departementCode, "regionCode": regionCode, "coordinates": ref("GeoPoint"),
        "accessibility": array(enumeration(AccessibilityFeature.allCases.map(\.rawValue))), "website": uri,
        "description": ref("LocalizedText"),
    ]
    static let workFields: [String: JSONValue] = [
        "title": ref("TitleText"), "creators": array(nonBlank), "categoryID": categoryID,
        "countryOfOrigin": ["type": "string", "pattern": "^[A-Z]{2}$", "examples": ["FR"]],
        "languages": array(languageCode), "identifiers": ref("WorkIdentifiers"), "description": ref("LocalizedText"),
    ]
    static let offerFields: [String: JSONValue] = [
        "workID": identifier, "venueID": identifier, "title": ref("TitleText"), "description": ref("LocalizedText"),
        "categoryID": categoryID, "access": enumeration(OfferAccess.allCases.map(\.rawValue)), "onlineURL": uri,
        "bookingURL": uri, "price": ref("PriceRange"), "startsAt": dateTime, "endsAt": dateTime, "languages": array(languageCode),
    ]
    static let stockFields: [String: JSONValue] = [
        "offerID": identifier, "beginsAt": dateTime,
        "quantity": ["type": "integer", "minimum": 0, "maximum": .int(Int64(Stock.maximumQuantity))], "priceCents": cents,
        "bookingLimit": dateTime,
    ]
    /// Fields every stored record carries in responses.
    static let recordFields: [String: JSONValue] = [
        "id": identifier, "institutionID": identifier, "provenance": ref("Provenance"), "status": status,
    ]

    static func list(of item: String) -> JSONValue {
        object(
            [
                "items": array(ref(item)), "total": integer, "page": integer, "pageSize": integer, "pageCount": integer,
                "links": object(["self": string, "next": string, "prev": string], required: ["self"]),
            ],
            required: ["items", "total", "page", "pageSize", "pageCount", "links"]
        )
    }

    static var all: [String: JSONValue] {
        let offer = offerFields.merging(recordFields) { first, _ in first }.merging(["updatedAt": dateTime]) { first, _ in first }
        let offerRequired = ["id", "institutionID", "title", "description", "categoryID", "access", "languages", "provenance", "status", "updatedAt"]
        return [
            "LocalizedText": localizedText,
            "TitleText": titleText,
            "Address": address,
            "GeoPoint": geoPoint,
            "PriceRange": priceRange,
            "WorkIdentifiers": ["type": "object", "properties": .object(workIdentifiers), "additionalProperties": false],
            "Provenance": provenance,
            "OfferSources": object(
                [
                    "offerID": identifier, "primary": ref("Provenance"),
                    "merged": array(object(
                        ["source": string, "recordID": string, "rule": enumeration(OfferMerge.Rule.allCases.map(\.rawValue)), "fields": array(string),
                         "status": status, "mergedAt": dateTime, "updatedAt": dateTime],
                        required: ["source", "rule", "fields", "status", "mergedAt", "updatedAt"])),
                    "fields": ["type": "object", "additionalProperties": string],
                ],
                required: ["offerID", "primary", "merged", "fields"]
            ),
            "VenueKind": enumeration(VenueKind.allCases.map(\.rawValue)),
            "FieldIssue": object(["field": string, "code": string, "message": string], required: ["field", "code", "message"]),
            "Problem": object(
                ["type": string, "title": string, "status": integer, "detail": string, "instance": string, "errors": array(ref("FieldIssue"))],
                required: ["type", "title", "status", "detail", "errors"]
            ),
            "Venue": object(
                venueFields.merging(recordFields) { first, _ in first },
                required: ["id", "institutionID", "name", "kind", "accessibility", "description", "provenance", "status"]
            ),
            "Work": object(
                workFields.merging(recordFields) { first, _ in first },
                required: ["id", "institutionID", "title", "creators", "categoryID", "languages", "identifiers", "description", "provenance", "status"]
            ),
            "Offer": object(offer, required: offerRequired),
            "OfferDetail": object(offer.merging(["stocks": array(ref("Stock"))]) { first, _ in first }, required: offerRequired + ["stocks"]),
            "Stock": object(
                stockFields.merging(["id": identifier, "status": status]) { first, _ in first },
                required: ["id", "offerID", "priceCents", "status"]
            ),
            "VenueInput": input(venueFields.merging(["id": identifier]) { first, _ in first }, required: ["name", "kind"], examples: [OpenAPIExamples.venue]),
            "WorkInput": input(workFields.merging(["id": identifier]) { first, _ in first }, required: ["title", "categoryID"], examples: [OpenAPIExamples.work]),
            "OfferInput": input(
                offerFields.merging(["id": identifier]) { first, _ in first }, required: ["title", "categoryID", "access"], examples: [OpenAPIExamples.offer]
            ),
            "StockInput": input(stockFields.merging(["id": identifier]) { first, _ in first }, required: ["priceCents"], examples: [OpenAPIExamples.stock]),
            // PUT takes the id from its path (a different one in the body is 422), POST …/stocks the offer.
            "VenueInputReplacement": input(venueFields, required: ["name", "kind"], examples: [removing(["id"], from: OpenAPIExamples.venue)]),
            "WorkInputReplacement": input(workFields, required: ["title", "categoryID"], examples: [removing(["id"], from: OpenAPIExamples.work)]),
            "OfferInputReplacement": input(offerFields, required: ["title", "categoryID", "access"], examples: [removing(["id"], from: OpenAPIExamples.offer)]),
            "StockInputReplacement": input(stockFields, required: ["priceCents"], examples: [removing(["id"], from: OpenAPIExamples.stock)]),
            "StockForOffer": input(
                stockFields.filter { $0.key != "offerID" }.merging(["id": identifier]) { first, _ in first }, required: ["priceCents"],
                examples: [removing(["offerID"], from: OpenAPIExamples.stock)]
            ),
            "APIKey": object(
                [
                    "id": ["type": "string", "pattern": "^psl_[0-9a-f]{8}$", "examples": ["psl_3f9a1c2b"]], "label": string,
                    "state": enumeration(["active", "expired", "revoked"]), "createdAt": dateTime, "expiresAt": dateTime,
                    "revokedAt": dateTime, "lastUsedAt": dateTime, "current": ["type": "boolean"],
                ],
                required: ["id", "state", "createdAt", "current"]
            ),
            "APIKeyList": object(["items": array(ref("APIKey"))], required: ["items"]),
            "IssuedAPIKey": object(
                ["key": ref("APIKey"), "secret": ["type": "string", "description": "The key itself, shown this once."], "previous": ref("APIKey")],
                required: ["key", "secret"]
            ),
            "NewAPIKey": input(
                ["label": ["type": "string", "maxLength": 100, "pattern": #"\S"#], "expiresAt": dateTime], required: [],
                examples: [["label": "ticketing system"]]
            ),
            "KeyRotation": input(
                ["graceHours": ["type": "integer", "minimum": 0, "maximum": .int(Int64(APIKeyRecord.maximumGrace / 3_600)), "default": 24]],
                required: [], examples: [["graceHours": 24]]
            ),
            "OfferList": list(of: "Offer"),
            "VenueList": list(of: "Venue"),
            "WorkList": list(of: "Work"),
            "CategoryNode": object(
                [
                    "id": identifier, "label": string, "categories": array(ref("CategoryNode")),
                    "labels": object(
                        Dictionary(uniqueKeysWithValues: Language.allCases.map { ($0.rawValue, string) }),
                        required: Language.allCases.map(\.rawValue)
                    ),
                ],
                required: ["id", "labels"]
            ),
            "Categories": object(["sectors": array(ref("CategoryNode"))], required: ["sectors"]),
            "BatchRequest": object(
                ["items": ["type": "array", "items": ref("OfferInput"), "maxItems": .int(Int64(WebLimits.standard.batchItems))]],
                required: ["items"]
            ),
            "BatchResult": object(
                [
                    "created": integer, "updated": integer, "rejected": integer,
                    "results": array(object(
                        [
                            "index": integer, "outcome": enumeration(["created", "updated", "rejected"]), "id": identifier,
                            "status": integer, "errors": array(ref("FieldIssue")),
                        ],
                        required: ["index", "outcome", "status", "errors"]
                    )),
                ],
                required: ["created", "updated", "rejected", "results"]
            ),
            "Health": object(["status": enumeration(["ok"])], required: ["status"]),
            "Readiness": object(["status": enumeration(["ready", "unavailable"])], required: ["status"]),
        ]
    }
}
