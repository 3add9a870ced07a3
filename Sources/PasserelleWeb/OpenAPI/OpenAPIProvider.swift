import PasserelleCore

/// The provider API in the OpenAPI document: listings upserted by a ticketing system's own ids, with idempotency.
enum OpenAPIProvider {
    typealias S = OpenAPISchemas
    typealias P = OpenAPIPaths

    static var schemas: [String: JSONValue] {
        let providerID: JSONValue = ["type": "string", "minLength": 1, "maxLength": .int(Int64(ProviderIDs.maximumLength)),
                                     "description": "The provider's own id; the same id always reaches the same record.", "examples": ["SPEC-2027-0142"]]
        let stock = S.input(
            S.stockFields.filter { $0.key != "offerID" }.merging(["providerID": providerID, "withdrawn": ["type": "boolean"]]) { first, _ in first },
            required: ["providerID", "priceCents"])
        let listing = S.object(
            ["providerID": providerID, "offer": S.input(S.offerFields, required: ["title", "categoryID", "access"]),
             "stocks": S.array(stock).merging(["maxItems": .int(Int64(Stock.maximumPerOffer))])],
            required: ["providerID", "offer"])
        let example: JSONValue = [
            "items": [[
                "providerID": "SPEC-2027-0142",
                "offer": ["title": ["fr": "Tartuffe"], "categoryID": "live-performance.theatre", "access": "on-site"],
                "stocks": [["providerID": "SEANCE-1", "beginsAt": "2027-01-15T20:00:00Z", "quantity": 120, "priceCents": 1500]],
            ]],
        ]
        let outcome = S.enumeration(["created", "updated", "unchanged"])
        let result = S.object(
            ["index": S.integer, "providerID": S.string, "outcome": S.enumeration(["created", "updated", "unchanged", "rejected"]), "id": S.identifier,
             "status": S.integer, "errors": S.array(S.ref("FieldIssue")),
             "stocks": S.array(S.object(["providerID": S.string, "id": S.identifier, "outcome": outcome], required: ["providerID", "id", "outcome"]))],
            required: ["index", "outcome", "status", "stocks", "errors"])
        return [
            "ProviderListings": S.object(
                ["items": S.array(listing).merging(["maxItems": .int(Int64(WebLimits.standard.batchItems))])], required: ["items"]
            ).merging(["examples": [example]]),
            "ProviderListingsResult": S.object(
                ["created": S.integer, "updated": S.integer, "unchanged": S.integer, "rejected": S.integer, "results": S.array(result)],
                required: ["created", "updated", "unchanged", "rejected", "results"]),
        ]
    }

    static var paths: [String: JSONValue] {
        let key: JSONValue = [
            "name": "Idempotency-Key", "in": "header", "required": false,
            "description": "Makes a retry safe: the same request with the same key gets the first answer again (`Idempotent-Replayed: true`) for 24 hours; another request under that key is 422, one still running 409.",
            "schema": ["type": "string", "minLength": 1, "maxLength": .int(Int64(IdempotencyLimits.maximumKeyLength)), "pattern": "^[!-~]+$"],
        ]
        return [
            "/api/v1/provider/listings": [
                "post": P.operation(
                    "upsertProviderListings",
                    "Create or replace up to \(WebLimits.standard.batchItems) listings (an offer and its stocks) by your own ids; each listing is written whole or not at all, and fails on its own.",
                    tag: "provider", parameters: [key], body: "ProviderListings",
                    responses: ["200": P.json("One result per listing, in order.", "ProviderListingsResult"), "400": P.problem("BadRequest"),
                                "409": P.problem("Conflict"), "413": P.problem("TooLarge"), "422": P.problem("Unprocessable")],
                    secured: true),
            ],
        ]
    }
}
