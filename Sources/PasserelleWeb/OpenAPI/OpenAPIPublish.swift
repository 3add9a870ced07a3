/// The OpenAPI paths of what the site publishes in open standards (`PublishRoutes`).
enum OpenAPIPublish {
    private typealias P = OpenAPIPaths

    static let paths: [String: JSONValue] = [
        "/api/v1/offers/{id}/jsonld": jsonld("getOfferJSONLD", "An active offer as schema.org JSON-LD (an Event subtype when dated, a CreativeWork otherwise), with its venue, work, price and dates."),
        "/api/v1/venues/{id}/jsonld": jsonld("getVenueJSONLD", "An active venue as schema.org JSON-LD (Museum, MovieTheater, Library… with its address and coordinates)."),
        "/api/v1/works/{id}/jsonld": jsonld("getWorkJSONLD", "An active work as schema.org JSON-LD (Book, Movie, PodcastSeries… with its creators and identifiers)."),
        "/venues/{id}/calendar.ics": feed("venueCalendar", "The venue's dated offers as an iCalendar (RFC 5545) feed: from 31 days ago on, at most 1 000 events, a series' dates one by one.", "text/calendar"),
        "/institutions/{id}/calendar.ics": feed("institutionCalendar", "The institution's dated offers as an iCalendar (RFC 5545) feed, with the same bounds as a venue's.", "text/calendar"),
        "/institutions/{id}/feed.rss": feed("institutionFeed", "The institution's 50 most recently updated offers as RSS 2.0.", "application/rss+xml"),
        "/oai": oai,
    ]

    /// The OAI-PMH 2.0 base URL: the arguments as query parameters (GET) or as a form (POST); every protocol answer,
    /// errors included, is 200 text/xml (the error is an `<error code>` element).
    private static var oai: JSONValue {
        let summary = "OAI-PMH 2.0 repository of the works (oai_dc; sets institution:<id> and domain:<sector>[:<category>]; "
            + "resumption tokens of 100 records; withdrawn works as deleted records). Errors are 200 with an <error> element."
        let answer: JSONValue = ["description": "An OAI-PMH response (or error) document, with a strong ETag that leaves out the response date.",
                                 "headers": etagHeader, "content": ["text/xml": ["schema": ["type": "string"]]]]
        let verbs: JSONValue = .array(["Identify", "ListMetadataFormats", "ListSets", "ListIdentifiers", "ListRecords", "GetRecord"])
        let arguments: [JSONValue] = [
            P.query("verb", "The request (a missing or unknown verb is the error badVerb).", ["type": "string", "enum": verbs]),
            P.query("identifier", "An item: oai:<host>:work/<id> (GetRecord, ListMetadataFormats)."),
            P.query("metadataPrefix", "oai_dc, the one format disseminated.", ["type": "string", "enum": ["oai_dc"]]),
            P.query("from", "Changed at or after: YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ (UTC)."),
            P.query("until", "Changed at or before, same granularity as from."),
            P.query("set", "institution, institution:<id>, domain, domain:<sector> or domain:<sector>:<category>."),
            P.query("resumptionToken", "The token of the previous page: an exclusive argument."),
        ]
        var properties: [String: JSONValue] = [:]
        for argument in arguments { properties[argument["name"]?.stringValue ?? ""] = argument["schema"] }
        return [
            "get": P.operation("oaiGet", summary, tag: "publish", parameters: arguments + [ifNoneMatch],
                               responses: ["200": answer, "304": ["description": "Not modified: the If-None-Match tag is the current one."]]),
            "post": P.operation("oaiPost", summary + " The arguments as an application/x-www-form-urlencoded body.", tag: "publish",
                                // Outside /api/ the site answers HTTP errors as pages, as for its other forms.
                                responses: ["200": answer, "413": P.html, "415": P.html])
                .merging(["requestBody": ["required": true, "content": ["application/x-www-form-urlencoded": ["schema": ["type": "object", "properties": .object(properties)]]]]]),
        ]
    }

    private static func jsonld(_ id: String, _ summary: String) -> JSONValue {
        ["get": P.operation(id, summary, tag: "publish", parameters: [P.pathID, ifNoneMatch],
                            responses: ["200": ["description": "schema.org JSON-LD, with a strong ETag.", "headers": etagHeader,
                                                "content": ["application/ld+json": ["schema": ["type": "object"]]]],
                                        "304": ["description": "Not modified: the If-None-Match tag is the current one."],
                                        "404": P.problem("NotFound")])]
    }

    private static func feed(_ id: String, _ summary: String, _ type: String) -> JSONValue {
        ["get": P.operation(id, summary, tag: "publish", parameters: [P.pathID, ifNoneMatch],
                            responses: ["200": ["description": "The feed, with a strong ETag; cacheable five minutes.", "headers": etagHeader,
                                                "content": [.init(stringLiteral: type): ["schema": ["type": "string"]]]],
                                        "304": ["description": "Not modified: the If-None-Match tag is the current one."],
                                        "404": P.html])]
    }

    private static let ifNoneMatch: JSONValue = [
        "name": "If-None-Match", "in": "header", "required": false, "description": "The ETag of a copy already held.", "schema": ["type": "string"],
    ]
    private static let etagHeader: JSONValue = ["ETag": ["description": "A strong tag of the body.", "schema": ["type": "string"]]]
}
