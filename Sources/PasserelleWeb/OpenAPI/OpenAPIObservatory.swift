import PasserelleObservatory

/// The observatory's collection routes in the OpenAPI document.
enum OpenAPIObservatory {
    typealias S = OpenAPISchemas
    typealias P = OpenAPIPaths

    static var schemas: [String: JSONValue] {
        let kind = S.enumeration(AudienceEvent.Kind.allCases.map(\.rawValue))
        let eventID: JSONValue = S.identifier.merging(["description": "The sender's id, unique per day: a replay with the same id on the same day is recorded once."])
        return [
            "AudienceEvent": S.input(
                [
                    "eventID": eventID, "kind": kind,
                    "occurredAt": S.dateTime.merging(["description": "At most 40 days old, at most 5 minutes ahead."]),
                    "channel": S.enumeration(AudienceEvent.Channel.allCases.map(\.rawValue)),
                    "device": S.enumeration(AudienceEvent.DeviceClass.allCases.map(\.rawValue)),
                    "offer": S.identifier, "category": S.string,
                    "commune": ["type": "string", "pattern": "^(?:[0-9]{2}|2[AB])[0-9]{3}$", "description": "INSEE commune code: the finest place kept."],
                    "ageBand": S.enumeration(AudienceEvent.AgeBand.allCases.map(\.rawValue)),
                    "visitor": [
                        "type": "string", "minLength": 1, "maxLength": 256,
                        "description": "Your opaque visitor id (session or account): hashed with the day's salt and never stored.",
                    ],
                    "firstVisit": ["type": "boolean", "description": "True when you know this is the visitor's first visit to you, or first practice of the content's domain."],
                ],
                required: ["eventID", "kind", "occurredAt"],
                examples: [["eventID": "evt-2026-12-01-0001", "kind": "content-view", "occurredAt": "2026-12-01T10:00:00Z", "offer": "museofile-M1128-visit"]]
            ),
            "EventBatch": S.object(
                ["events": ["type": "array", "items": S.ref("AudienceEvent"), "maxItems": .int(Int64(CollectionPolicy().maximumBatch))]],
                required: ["events"]
            ),
            "EventBatchResult": S.object(
                [
                    "received": S.integer, "recorded": S.integer, "duplicates": S.integer,
                    "rejected": S.array(S.object(
                        ["index": S.integer, "eventID": S.string, "errors": S.array(S.ref("FieldIssue"))], required: ["index", "errors"]
                    )),
                ],
                required: ["received", "recorded", "duplicates", "rejected"]
            ),
            "PlatformFigures": S.object(
                [
                    "period": S.string, "licence": S.string, "minimumPublished": S.integer,
                    "figures": S.array(S.object(
                        [
                            "platform": S.string, "institution": S.string, "metric": S.enumeration(PlatformReport.Metric.allCases.map(\.rawValue)),
                            "region": S.string, "value": ["type": ["integer", "null"]], "status": S.string,
                        ],
                        required: ["platform", "metric", "status"]
                    )),
                ],
                required: ["period", "licence", "minimumPublished", "figures"]
            ),
            "ReleaseList": S.object(
                [
                    "items": S.array(S.object(["period": S.string, "json": S.string, "csv": S.string], required: ["period", "json", "csv"])),
                    "catalog": S.string,
                ],
                required: ["items", "catalog"]
            ),
            "MonthlyRelease": [
                "type": "object",
                "description": "A month's tables with noisy values, statuses, 95 % error bounds, parameters and derived indicators.",
                "required": ["period", "createdAt", "privacyUnit", "rho", "tables", "indicators", "eventsRead", "eventsWithoutVisitor"],
                "properties": [
                    "period": ["type": "string", "pattern": "^[0-9]{4}-[0-9]{2}$"], "createdAt": S.dateTime, "privacyUnit": S.string, "rho": S.number,
                    "guarantee": ["type": "object"], "indicators": ["type": "object"], "eventsRead": S.integer,
                    "eventsWithoutVisitor": S.integer,
                    "tables": S.array(S.object(
                        ["name": S.string, "description": S.string, "keySpace": S.string, "released": ["type": "object"]],
                        required: ["name", "description", "keySpace", "released"]
                    )),
                ],
            ],
            "Beacon": S.input(
                ["institution": S.identifier, "eventID": eventID, "kind": kind, "offer": S.identifier, "category": S.string],
                required: ["institution", "eventID", "kind"],
                examples: [["institution": "museofile-M1128", "eventID": "3f0c9a52-7a51-4d1e-9a3e-2f6b1e4c8d10", "kind": "page-view"]]
            ),
        ]
    }

    static var paths: [String: JSONValue] {
        let period: JSONValue = [
            "name": "period", "in": "path", "required": true, "description": "The month, YYYY-MM.",
            "schema": ["type": "string", "pattern": "^[0-9]{4}-(0[1-9]|1[0-2])$"],
        ]
        let beaconBody: JSONValue = [
            "required": true,
            "content": ["application/json": ["schema": S.ref("Beacon")], "text/plain": ["schema": S.ref("Beacon")]],
        ]
        var collect = P.operation(
            "collectBeacon",
            "One audience beacon from a page (no cookie). 204 also when Do-Not-Track / Sec-GPC is set or the client is a robot: nothing is kept.",
            tag: "observatory",
            responses: [
                "204": ["description": "Accepted (or deliberately ignored)."], "400": P.problem("BadRequest"),
                "413": P.problem("TooLarge"), "422": P.problem("Unprocessable"),
            ]
        )
        collect = collect.merging(["requestBody": beaconBody])
        return [
            "/api/v1/observatory/events": [
                "post": P.operation(
                    "recordEvents", "A batch of audience events from your systems (at most 1 000), with a result per event.",
                    tag: "observatory", body: "EventBatch",
                    responses: ["200": P.json("What was recorded, what was a replay, what was refused and why.", "EventBatchResult"),
                                "400": P.problem("BadRequest")],
                    secured: true
                ),
            ],
            "/api/v1/observatory/beacon": ["post": collect],
            "/api/v1/observatory/releases": [
                "get": P.operation("listReleases", "The monthly releases published (open data, Licence Ouverte 2.0).", tag: "observatory",
                                   responses: ["200": P.json("The releases, newest first.", "ReleaseList")]),
            ],
            "/api/v1/observatory/releases/{period}": [
                "get": P.operation("getRelease", "One month's release: noisy figures, statuses, error bounds, parameters.", tag: "observatory",
                                   parameters: [period], responses: ["200": P.json("The release.", "MonthlyRelease"), "404": P.problem("NotFound")]),
            ],
            "/api/v1/observatory/platform-reports/{period}": [
                "get": P.operation("getPlatformReports", "A month's platform figures as imported (aggregated by the platforms; under 11 withheld).", tag: "observatory",
                                   parameters: [period], responses: ["200": P.json("The figures.", "PlatformFigures"), "404": P.problem("NotFound")]),
            ],
            "/api/v1/observatory/releases/{period}/cells.csv": [
                "get": P.operation("getReleaseCSV", "One month's release as CSV, one line per cell.", tag: "observatory", parameters: [period],
                                   responses: ["200": ["description": "CSV.", "content": ["text/csv": ["schema": S.string]]], "404": P.problem("NotFound")]),
            ],
            "/observatory": [
                "get": P.operation(
                    "observatoryPage", "The observatory's dashboard: a release's charts, map and data tables.", tag: "pages",
                    parameters: [P.pageLangQuery, P.query("period", "The month, YYYY-MM (default: the latest release).",
                                                          ["type": "string", "pattern": "^[0-9]{4}-(0[1-9]|1[0-2])$"]),
                                 P.query("table", "One table of the release shown whole, or `museums` for the museums' yearly attendance.", S.string)],
                    responses: ["200": P.html, "404": P.html]
                ),
            ],
            "/observatory/institutions/{id}": [
                "get": P.operation(
                    "institutionAudiencePage", "An institution's published audience, month by month.", tag: "pages",
                    parameters: [P.pathID, P.pageLangQuery], responses: ["200": P.html, "404": P.html]
                ),
            ],
            "/api/v1/observatory/catalog": [
                "get": P.operation("observatoryCatalog", "The DCAT-AP catalogue of the releases (JSON-LD).", tag: "observatory",
                                   responses: ["200": ["description": "DCAT-AP JSON-LD.", "content": ["application/ld+json": ["schema": ["type": "object"]]]]]),
            ],
            "/observatory.js": [
                "get": P.operation(
                    "observatoryScript", "The measurement script (under 1 KB, no cookie) for institutions' pages.", tag: "observatory",
                    responses: ["200": ["description": "JavaScript.", "content": ["text/javascript": ["schema": S.string]]]]
                ),
            ],
        ]
    }
}
