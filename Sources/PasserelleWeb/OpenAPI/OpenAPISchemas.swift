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
        "type": "string", "minLength": 10, "examples": ["2026-05-01", "2026-05-01T20:30:00Z"],
        "pattern": #"^[0-9]{4}-[0-9]{2}-[0-9]{2}([Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,9})?([Zz]|[+-][0-9]{2}:[0-9]{2}))?$"#,
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
    static let departementCode: JSONValue = [
        "type": "string", "pattern": "^(?:[0-9]{2}|2[AB]|97[1-6])$", "description": "INSEE département code.", "examples": ["75", "2A", "974"],
    ]
    static let regionCode: JSONValue = ["type": "string", "pattern": "^[0-9]{2}$", "description": "INSEE région code.", "examples": ["11"]]
    static let languageCode: JSONValue = ["type": "string", "pattern": "^[a-z]{2,3}$", "description": "Lowercase ISO 639 code.", "examples": ["fr", "oci"]]

    static let localizedText: JSONValue = [
        "type": "object", "description": "A text per language; French is the reference.",
        "properties": .object(Dictionary(uniqueKeysWithValues: Language.allCases.map { ($0.rawValue, string) })),
        "additionalProperties": false,
    ]

    static let address = object(["street": string, "postalCode": string, "city": string], required: ["city"])
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
        "name": string, "kind": ref("VenueKind"), "address": ref("Address"), "communeCode": communeCode,
        "departementCode": departementCode, "regionCode": regionCode, "coordinates": ref("GeoPoint"),
        "accessibility": array(enumeration(AccessibilityFeature.allCases.map(\.rawValue))), "website": uri,
        "description": ref("LocalizedText"),
    ]
    static let workFields: [String: JSONValue] = [
        "title": ref("LocalizedText"), "creators": array(string), "categoryID": identifier,
        "countryOfOrigin": ["type": "string", "pattern": "^[A-Z]{2}$", "examples": ["FR"]],
        "languages": array(languageCode), "identifiers": ref("WorkIdentifiers"), "description": ref("LocalizedText"),
    ]
    static let offerFields: [String: JSONValue] = [
        "workID": identifier, "venueID": identifier, "title": ref("LocalizedText"), "description": ref("LocalizedText"),
        "categoryID": identifier, "access": enumeration(OfferAccess.allCases.map(\.rawValue)), "onlineURL": uri,
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
            "Address": address,
            "GeoPoint": geoPoint,
            "PriceRange": priceRange,
            "WorkIdentifiers": ["type": "object", "properties": .object(workIdentifiers), "additionalProperties": false],
            "Provenance": provenance,
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
            "VenueInput": object(venueFields.merging(["id": identifier]) { first, _ in first }, required: ["name", "kind"])
                .merging(["examples": [OpenAPIExamples.venue]]),
            "WorkInput": object(workFields.merging(["id": identifier]) { first, _ in first }, required: ["title", "categoryID"])
                .merging(["examples": [OpenAPIExamples.work]]),
            "OfferInput": object(offerFields.merging(["id": identifier]) { first, _ in first }, required: ["title", "categoryID", "access"])
                .merging(["examples": [OpenAPIExamples.offer]]),
            "StockInput": object(stockFields.merging(["id": identifier]) { first, _ in first }, required: ["priceCents"])
                .merging(["examples": [OpenAPIExamples.stock]]),
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
            "NewAPIKey": object(
                ["label": ["type": "string", "maxLength": 100], "expiresAt": dateTime], required: []
            ).merging(["examples": [["label": "ticketing system"]]]),
            "KeyRotation": object(
                ["graceHours": ["type": "integer", "minimum": 0, "maximum": .int(Int64(APIKeyRecord.maximumGrace / 3_600)), "default": 24]],
                required: []
            ).merging(["examples": [["graceHours": 24]]]),
            "OfferList": list(of: "Offer"),
            "VenueList": list(of: "Venue"),
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
