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
    ]

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
