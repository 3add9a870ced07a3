import PasserelleCore

/// Registered feeds in the OpenAPI document: an institution's own feeds, which `serve` re-reads on its own.
enum OpenAPIFeeds {
    typealias S = OpenAPISchemas
    typealias P = OpenAPIPaths

    static var schemas: [String: JSONValue] {
        let kind = S.enumeration(FeedSource.kinds)
        let interval: JSONValue = [
            "type": "integer", "minimum": .int(Int64(FeedSource.minimumInterval)), "maximum": .int(Int64(FeedSource.maximumInterval)),
            "description": .string("Minutes between two reads (default \(FeedSource.defaultInterval))."),
        ]
        let url: JSONValue = ["type": "string", "format": "uri", "maxLength": 2_048,
                              "description": "An http(s) URL without credentials, on a public host (private addresses are refused when it is read)."]
        let mapping: JSONValue = [
            "type": "object", "description": "A csv feed's column mapping (the document `passerelle import csv --mapping` reads); csv only.",
        ]
        let fields: [String: JSONValue] = [
            "kind": kind, "url": url, "defaultCategory": S.categoryID, "mapping": mapping, "intervalMinutes": interval,
        ]
        let outcome = S.enumeration(["imported", "unchanged", "refused", "failed"])
        let record = fields.merging([
            "id": S.identifier, "status": S.status, "nextRunAt": S.dateTime, "lastRunAt": S.dateTime, "lastOutcome": outcome,
            "lastMessage": S.string, "consecutiveFailures": ["type": "integer", "minimum": 0],
        ]) { _, new in new }
        let example: JSONValue = ["kind": "ical", "url": "https://www.example.org/agenda.ics", "intervalMinutes": 360]
        return [
            "Feed": S.object(record, required: ["id", "kind", "url", "intervalMinutes", "status", "nextRunAt", "consecutiveFailures"]),
            "FeedList": S.object(["items": S.array(S.ref("Feed"))], required: ["items"]),
            "FeedInput": S.input(fields.merging(["id": S.identifier]) { first, _ in first }, required: ["kind", "url"], examples: [example]),
            "FeedInputReplacement": S.input(fields, required: ["kind", "url"], examples: [example]),
        ]
    }

    static var paths: [String: JSONValue] {
        let writes = P.writeResponses("Feed", created: true).merging(["404": P.problem("NotFound")]) { first, _ in first }
        return [
            "/api/v1/feeds": [
                "get": P.operation("listFeeds", "Your institution's registered feeds, withdrawn ones included, with how their last read went.",
                                   tag: "feeds", responses: ["200": P.json("The feeds.", "FeedList")], secured: true),
                "post": P.operation("createFeed", "Register a feed (at most \(FeedSource.maximumPerInstitution) per institution, one per URL); it is read at once, then every `intervalMinutes`.",
                                    tag: "feeds", body: "FeedInput", responses: writes, secured: true),
            ],
            "/api/v1/feeds/{id}": [
                "get": P.operation("getFeed", "One of your feeds (another institution's, or a withdrawn one, is 404: it stays in the list).", tag: "feeds", parameters: [P.pathID],
                                   responses: ["200": P.json("The feed.", "Feed"), "404": P.problem("NotFound")], secured: true),
                "put": P.operation("putFeed", "Register or change a feed by id (201 or 200; a withdrawn one is registered again); its last read's state is kept.", tag: "feeds",
                                   parameters: [P.pathID], body: "FeedInputReplacement", responses: writes, secured: true),
                "delete": P.operation("withdrawFeed", "Withdraw a feed: never read again; what it imported stays as it is.", tag: "feeds",
                                      parameters: [P.pathID], responses: ["200": P.json("The feed, now withdrawn.", "Feed"), "404": P.problem("NotFound")],
                                      secured: true),
            ],
            "/api/v1/feeds/{id}/run": [
                "post": P.operation("runFeed", "Ask for a read now: the scheduler takes it within 30 s (202; see lastRunAt and lastOutcome afterwards). At most 12 requests per hour per institution by default (429 with Retry-After).",
                                    tag: "feeds", parameters: [P.pathID],
                                    responses: ["202": P.json("The feed, due now.", "Feed"), "404": P.problem("NotFound"), "429": P.problem("TooManyRequests")],
                                    secured: true),
            ],
        ]
    }
}
