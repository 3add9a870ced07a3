import PasserelleCore
import PasserelleDiscovery

/// Search in the OpenAPI document: `GET /api/v1/search`, its page `/search`, and the result schemas.
enum OpenAPISearch {
    typealias S = OpenAPISchemas
    typealias P = OpenAPIPaths

    static var parameters: [JSONValue] {
        P.territoryQueries + [
            P.query("q", "What to look for, at most \(SearchRequest.maximumTextLength) characters: accents and case are ignored, the last word is a prefix, a mistyped word is corrected.",
                    ["type": "string", "minLength": 0, "maxLength": .int(Int64(SearchRequest.maximumTextLength)), "examples": ["miserables", "l'opéra lyon"]]),
            P.query("category", "A category id, or a sector id (matches all its categories).", S.categoryID),
            P.query("from", "Offers still running at or after this date; undated offers never match a date filter.", S.dateQuery),
            P.query("to", "Offers started by this date; undated offers never match a date filter.", S.dateQuery),
            P.query("when", "A date window in Paris time instead of from/to (giving both is a 400).", S.enumeration(DateWindow.allCases.map(\.rawValue))),
            P.query("access", "How the offer is reached; hybrid offers match both.", S.enumeration(["online", "on-site"])),
            P.query("language", "ISO 639 code the offer is given in.", S.languageCode),
            P.query("venue", "Venue id.", S.identifier), P.query("work", "Work id.", S.identifier),
            P.query("near", "latitude,longitude: offers whose venue is within radiusKm.", ["type": "string", "pattern": .string(SearchParsing.pointPattern), "examples": ["45.76,4.83"]]),
            P.query("place", "A town or a 5-digit postcode (a département code after the name tells homonyms apart: \"Saint-Denis 974\"): near at the centre of the catalogue's venues there. An unknown town, or near given too, is a 400.",
                    ["type": "string", "minLength": 1, "maxLength": .int(Int64(PlaceDirectory.maximumTextLength)), "examples": ["Lyon", "69001", "Saint-Denis 93"]]),
            P.query("radiusKm", "Radius around near or place, in kilometres.", ["type": "number", "exclusiveMinimum": 0, "maximum": .int(Int64(SearchRequest.maximumRadiusKm)), "default": .int(Int64(SearchRequest.defaultRadiusKm))]),
            P.query("free", "Free offers only.", ["type": "boolean"]),
            P.query("maxPriceCents", "Offers whose lowest price is at most this many cents.", S.cents),
            P.query("accessibility", "Comma-separated features the venue must all offer.", ["type": "string", "pattern": .string(SearchParsing.featuresPattern), "examples": ["motor,visual"]]),
            P.query("cursor", "The nextCursor of the previous page.", S.string),
            P.query("pageSize", "Results (groups) per page; more than \(SearchRequest.maximumPageSize) is a 400.",
                    ["type": "integer", "minimum": 1, "maximum": .int(Int64(SearchRequest.maximumPageSize)), "default": .int(Int64(SearchRequest.defaultPageSize))]),
            P.query("lang", "Language of the titles and facet labels (fr by default).", S.enumeration(Language.allCases.map(\.rawValue))),
        ]
    }

    static var paths: [String: JSONValue] {
        [
            "/api/v1/search": [
                "get": P.operation(
                    "search",
                    "Search and filter offers, grouped by work and ranked by relevance, proximity and timeliness, with facets and a cursor (counts are exact up to \(SearchResults.candidateBound)).",
                    tag: "offers", parameters: parameters,
                    responses: ["200": P.json("One page of results.", "SearchResults"), "400": P.problem("BadRequest")]
                ),
            ],
            "/search": [
                "get": P.operation("searchPage", "Search results page (the same parameters as /api/v1/search).", tag: "pages",
                                   parameters: [P.pageLangQuery], responses: ["200": P.html, "400": P.html]),
            ],
        ]
    }

    static var schemas: [String: JSONValue] {
        let facet = S.object(["value": S.string, "count": S.integer, "label": S.string], required: ["value", "count"])
        return [
            "HighlightSegment": S.object(["text": S.string, "match": ["type": "boolean"]], required: ["text", "match"]),
            "SearchFacet": facet,
            "VenueBrief": S.object(
                ["id": S.identifier, "name": S.string, "city": S.string, "departementCode": S.departementCode, "regionCode": S.regionCode,
                 "coordinates": S.ref("GeoPoint")],
                required: ["id", "name"]
            ),
            "SearchResult": S.object(
                [
                    "key": ["type": "string", "description": "w:<work id> or o:<offer id>: one result per work."],
                    "score": S.number, "title": S.array(S.ref("HighlightSegment")), "work": S.ref("Work"),
                    "offerCount": S.integer, "offers": S.array(S.ref("Offer")), "venues": S.array(S.ref("VenueBrief")),
                ],
                required: ["key", "score", "title", "offerCount", "offers", "venues"]
            ),
            "SearchResults": S.object(
                [
                    "terms": S.array(S.object(["token": S.string, "prefix": ["type": "boolean"], "corrections": S.array(S.string)],
                                              required: ["token", "prefix", "corrections"])),
                    "total": S.integer, "totalIsExact": ["type": "boolean"],
                    "results": S.array(S.ref("SearchResult")),
                    "facets": S.object(
                        ["categories": S.array(facet), "sectors": S.array(facet), "regions": S.array(facet), "access": S.array(facet), "free": S.integer],
                        required: ["categories", "sectors", "regions", "access", "free"]
                    ),
                    "nextCursor": S.string,
                    "links": S.object(["next": S.string], required: []),
                ],
                required: ["terms", "total", "totalIsExact", "results", "facets", "links"]
            ),
        ]
    }
}
