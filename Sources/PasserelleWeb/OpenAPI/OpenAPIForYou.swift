import Foundation
import PasserelleCore
import PasserelleDiscovery

/// "For you" in the OpenAPI document: the page, its three forms, and the stateless `GET /api/v1/recommendations`. The forms are public (a visitor holds no key)
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
            "/api/v1/recommendations": [
                "get": P.operation(
                    "recommendations",
                    "Recommendations for tastes the client keeps itself (nothing is stored, no cookie): the same re-ranking, exposure guarantees and reasons as /for-you.",
                    tag: "offers", parameters: recommendationParameters,
                    responses: ["200": P.json("The recommended offers, best first, each with its reason.", "Recommendations"), "400": P.problem("BadRequest")]
                ),
            ],
            "/for-you/forget": [
                "post": form("forgetVisitor", "Erase everything kept about the visitor and expire the cookie.",
                             body: ["required": false, "content": ["application/x-www-form-urlencoded": ["schema": ["type": "object"]]]]),
            ],
        ]
    }

    static var recommendationParameters: [JSONValue] {
        // Lists as regular expressions: each item a valid id (at most 61 characters), and no more items than allowed.
        func list(_ item: String, maximum: Int) -> JSONValue { .string("^\(item)(,\(item)){0,\(maximum - 1)}$") }
        let offerID = "[A-Za-z0-9._-]{0,30}[A-Za-z0-9_-][A-Za-z0-9._-]{0,30}"
        let categoryID = "(" + Taxonomy.all.map { $0.id.rawValue.replacingOccurrences(of: ".", with: #"\."#) }.joined(separator: "|") + ")"
        return [
            P.query("interests", "Comma-separated category ids, at most \(VisitorLimits.maximumInterests).",
                    ["type": "string", "pattern": list(categoryID, maximum: VisitorLimits.maximumInterests), "examples": ["music.concert,cinema.screening"]]),
            P.query("departement", "The visitor's INSEE département: offers near it are favoured.", S.departementCode),
            P.query("variety", "More of the same, balanced, or more variety.", S.enumeration(Variety.allCases.map(\.rawValue))),
            P.query("liked", "Comma-separated ids of offers the visitor liked (weighed as favourites), at most \(RecommendationRoutes.maximumLiked).",
                    ["type": "string", "pattern": list(offerID, maximum: RecommendationRoutes.maximumLiked)]),
            P.query("length", "How many recommendations.", ["type": "integer", "minimum": 1, "maximum": .int(Int64(RecommendationRoutes.maximumLength)),
                                                             "default": .int(Int64(RecommendationRoutes.defaultLength))]),
            P.query("seed", "A number that varies the widening per visitor (the same seed, day and catalogue give the same list).",
                    ["type": "integer", "minimum": 0, "maximum": .int(Int64.max)]),
            P.query("lang", "Language of the reasons (fr by default).", S.enumeration(Language.allCases.map(\.rawValue))),
        ]
    }

    static var schemas: [String: JSONValue] {
        [
            "Recommendations": S.object(["items": S.array(S.object(
                [
                    "offer": S.ref("Offer"), "venue": S.ref("VenueBrief"),
                    "reason": S.object(["code": S.enumeration(RecommendationsResponse.reasonCodes),
                                        "subject": ["type": "string", "description": "The offer, category, département or group the reason names."],
                                        "text": S.string], required: ["code", "text"]),
                    "groups": S.array(S.enumeration(FairExposureGroup.allCases.map(\.rawValue))),
                ],
                required: ["offer", "reason", "groups"]
            ))], required: ["items"]),
        ]
    }
}
