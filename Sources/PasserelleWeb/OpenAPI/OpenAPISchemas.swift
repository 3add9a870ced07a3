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
    static let identifier: JSONValue = ["type": "string", "pattern": "^[A-Za-z0-9._-]{1,64}$"]

    static let localizedText: JSONValue = [
        "type": "object", "description": "A text per language; French is the reference.",
        "properties": .object(Dictionary(uniqueKeysWithValues: Language.allCases.map { ($0.rawValue, string) })),
        "additionalProperties": false,
    ]

    static let address = object(["street": string, "postalCode": string, "city": string], required: ["city"])
    static let geoPoint = object(["latitude": number, "longitude": number], required: ["latitude", "longitude"])
    static let priceRange = object(["minCents": integer, "maxCents": integer], required: ["minCents", "maxCents"])
    static let workIdentifiers: [String: JSONValue] = [
        "isbn": string, "ean": string, "filmVisa": string, "museofile": string, "joconde": string, "merimee": string,
        "external": ["type": "object", "additionalProperties": string],
    ]
    static let provenance = object(
        ["source": string, "recordID": string, "license": string, "retrievedAt": dateTime], required: ["source", "retrievedAt"]
    )
    static let status = enumeration(RecordStatus.allCases.map(\.rawValue))

    static let venueFields: [String: JSONValue] = [
        "name": string, "kind": ref("VenueKind"), "address": ref("Address"), "communeCode": string,
        "departementCode": string, "regionCode": string, "coordinates": ref("GeoPoint"),
        "accessibility": array(enumeration(AccessibilityFeature.allCases.map(\.rawValue))), "website": uri,
        "description": ref("LocalizedText"),
    ]
    static let workFields: [String: JSONValue] = [
        "title": ref("LocalizedText"), "creators": array(string), "categoryID": identifier, "countryOfOrigin": string,
        "languages": array(string), "identifiers": ref("WorkIdentifiers"), "description": ref("LocalizedText"),
    ]
    static let offerFields: [String: JSONValue] = [
        "workID": identifier, "venueID": identifier, "title": ref("LocalizedText"), "description": ref("LocalizedText"),
        "categoryID": identifier, "access": enumeration(OfferAccess.allCases.map(\.rawValue)), "onlineURL": uri,
        "bookingURL": uri, "price": ref("PriceRange"), "startsAt": dateTime, "endsAt": dateTime, "languages": array(string),
    ]
    static let stockFields: [String: JSONValue] = [
        "offerID": identifier, "beginsAt": dateTime, "quantity": integer, "priceCents": integer, "bookingLimit": dateTime,
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
            "VenueInput": object(venueFields.merging(["id": identifier]) { first, _ in first }, required: ["name", "kind"]),
            "WorkInput": object(workFields.merging(["id": identifier]) { first, _ in first }, required: ["title", "categoryID"]),
            "OfferInput": object(offerFields.merging(["id": identifier]) { first, _ in first }, required: ["title", "categoryID", "access"]),
            "StockInput": object(stockFields.merging(["id": identifier]) { first, _ in first }, required: ["priceCents"]),
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
