import PasserelleCore
import PasserelleDiscovery

/// "For you" in the OpenAPI document: the page and its three forms. The forms are public (a visitor holds no key)
/// and post `application/x-www-form-urlencoded` from Passerelle's own pages (another site's is a 403).
enum OpenAPIForYou {
    typealias S = OpenAPISchemas
    typealias P = OpenAPIPaths

    static func formBody(_ properties: [String: JSONValue], required: [String] = []) -> JSONValue {
        var schema: [String: JSONValue] = ["type": "object", "properties": .object(properties)]
        if !required.isEmpty { schema["required"] = .array(required.map { .string($0) }) }
        return ["required": true, "content": ["application/x-www-form-urlencoded": ["schema": .object(schema)]]]
    }

    static func form(_ id: String, _ summary: String, body: JSONValue, extra: [String: JSONValue] = [:]) -> JSONValue {
        var responses: [String: JSONValue] = [
            "303": ["description": "Done; back to a page of the site (`Location`), with the visitor's cookie when it was new.",
                    "headers": ["Location": ["schema": S.string], "Set-Cookie": ["schema": S.string]]],
            "403": P.html, "413": P.html, "415": P.html, "422": P.html,
        ]
        responses.merge(extra) { _, new in new }
        return P.operation(id, summary, tag: "pages", parameters: [P.pageLangQuery], responses: responses)
            .merging(["requestBody": body])
    }

    static var paths: [String: JSONValue] {
        let categories = Taxonomy.all.map { JSONValue.string($0.id.rawValue) }
        let tastes = formBody([
            "interest": ["oneOf": [["type": "string", "enum": .array(categories)], ["type": "array", "items": ["type": "string", "enum": .array(categories)],
                                                                                  "maxItems": .int(Int64(VisitorLimits.maximumInterests))]]],
            "departement": ["type": "string", "enum": .array([""] + Departement.all.map { .string($0.id) })],
            "variety": S.enumeration(Variety.allCases.map(\.rawValue)),
        ])
        let favourite = formBody([
            "offer": S.identifier, "action": S.enumeration(["add", "remove"]),
            "back": ["type": "string", "maxLength": 500, "description": "A path of the site to come back to; anything else falls back to the offer."],
        ], required: ["offer", "action"])
        return [
            "/for-you": [
                "get": P.operation("forYouPage", "Recommendations with their reasons, the visitor's tastes, favourites and erasure.", tag: "pages",
                                   parameters: [P.pageLangQuery, P.query("saved", "1 after the tastes were saved (any other value: 400).", S.enumeration(["1"]))],
                                   responses: ["200": P.html, "400": P.html]),
                "post": form("saveTastes", "Save the visitor's interests, département and variety (sets the visitor cookie when absent).", body: tastes),
            ],
            "/favourites": [
                "post": form("changeFavourite", "Keep or remove a favourite (at most \(VisitorLimits.maximumFavourites)); an offer that is not active is a 404.",
                             body: favourite, extra: ["404": P.html, "409": P.html]),
            ],
            "/for-you/forget": [
                "post": form("forgetVisitor", "Erase everything kept about the visitor and expire the cookie.",
                             body: ["required": false, "content": ["application/x-www-form-urlencoded": ["schema": ["type": "object"]]]]),
            ],
        ]
    }
}
