public import Foundation

/// The OpenAPI 3.1.0 description of every route, served at `/openapi.json`.
public enum OpenAPIDocument {
    /// The document as a JSON value.
    public static let value: JSONValue = {
        let problemContent: JSONValue = ["application/problem+json": ["schema": OpenAPISchemas.ref("Problem")]]
        let requestID: JSONValue = ["X-Request-ID": OpenAPIPaths.header("RequestID")]
        func problem(_ description: String, headers: [String: JSONValue] = [:]) -> JSONValue {
            ["description": .string(description), "content": problemContent, "headers": .object(requestID.objectValue!.merging(headers) { a, _ in a })]
        }
        let string = OpenAPISchemas.string
        return [
            "openapi": "3.1.0",
            "info": [
                "title": "Passerelle API",
                "version": "1.0.0",
                "description": """
                    The shared catalogue of cultural offers. Reads are public; writes need an institution's API key \
                    (`Authorization: Bearer psl_…`) and only touch that institution's records. Errors are RFC 9457 \
                    problem documents. Unknown fields in a request body are refused with 400. Invalid values are 422. \
                    Bodies are limited to 1 MiB (5 MiB for the batch) and must be sent as `application/json` (else 415); \
                    a key repeated in an object, a non-integer in an integer field and an impossible date are 400 with the \
                    field named. Dates are RFC 3339, years 0001–9999. DELETE withdraws a record and returns it (200). \
                    Connections: a request head must arrive within 30 s of its first byte (else 408), an idle connection \
                    closes after 60 s, and past 1 024 open connections a new one is answered 503.
                    """,
            ],
            "servers": [["url": "/", "description": "This server (the document is served by the API it describes)."]],
            "paths": .object(OpenAPIPaths.all.merging(OpenAPIObservatory.paths) { first, _ in first }.merging(OpenAPISearch.paths) { first, _ in first }.merging(OpenAPICollections.paths) { first, _ in first }.merging(OpenAPIForYou.paths) { first, _ in first }.merging(OpenAPIPublish.paths) { first, _ in first }.merging(OpenAPIFeeds.paths) { first, _ in first }.merging(OpenAPIProvider.paths) { first, _ in first }.merging(OpenAPIWebhooks.paths) { first, _ in first }.merging(OpenAPIPass.paths) { first, _ in first }.merging(OpenAPIGroupBookings.paths) { first, _ in first }),
            "components": [
                "schemas": .object(OpenAPISchemas.all.merging(OpenAPIObservatory.schemas) { first, _ in first }.merging(OpenAPISearch.schemas) { first, _ in first }.merging(OpenAPICollections.schemas) { first, _ in first }.merging(OpenAPIForYou.schemas) { first, _ in first }.merging(OpenAPIFeeds.schemas) { first, _ in first }.merging(OpenAPIProvider.schemas) { first, _ in first }.merging(OpenAPIWebhooks.schemas) { first, _ in first }.merging(OpenAPIPass.schemas) { first, _ in first }.merging(OpenAPIGroupBookings.schemas) { first, _ in first }),
                "headers": [
                    "RequestID": ["description": "This request's id, also in the server's logs.", "required": true, "schema": string],
                    "Location": ["description": "The URL of the created record.", "required": true, "schema": string],
                    "WWWAuthenticate": ["description": "The Bearer challenge (RFC 6750).", "required": true, "schema": string],
                    "RetryAfter": ["description": "Seconds until one more attempt would be allowed (RFC 9110 §10.2.3).", "required": true,
                                   "schema": ["type": "integer", "minimum": 1]],
                ],
                "securitySchemes": [
                    "bearerAuth": ["type": "http", "scheme": "bearer", "description": "An institution's API key."],
                    "passSession": ["type": "http", "scheme": "bearer", "description": "A beneficiary's pass session token (pss_…)."],
                    "proSession": ["type": "http", "scheme": "bearer", "description": "A professional's session token (pro_…): a teacher's, for class bookings."],
                ],
                "responses": [
                    "BadRequest": problem("The request could not be read (malformed JSON, wrong types, unknown fields, bad query)."),
                    "Unauthorized": problem("No API key, or an unknown one.", headers: ["WWW-Authenticate": OpenAPIPaths.header("WWWAuthenticate")]),
                    "Forbidden": problem("The record belongs to another institution."),
                    "NotFound": problem("No such record, or it was withdrawn."),
                    "Conflict": problem("The write conflicts with existing data."),
                    "TooLarge": problem("The body or the batch exceeds its limit."),
                    "Unprocessable": problem("The values break a rule; `errors` lists each field."),
                    "InternalError": problem("The server failed; the request id is in `X-Request-ID`."),
                    "Unavailable": problem("The database cannot be reached, or the server holds its maximum of connections; retry later."),
                    "UnsupportedMediaType": problem("The body is not declared as `application/json`."),
                    "InsufficientStorage": problem("The database has no room left to write; reads still work."),
                    "InvalidCredentials": problem("The email and password (or the current password) do not match an account (`invalid-credentials`)."),
                    "TooManyRequests": problem("Too many attempts in this limit's window (`rate-limited`); retry after `Retry-After` seconds.",
                                               headers: ["Retry-After": OpenAPIPaths.header("RetryAfter")]),
                ],
            ],
            "tags": [
                ["name": "offers"], ["name": "venues"], ["name": "works"], ["name": "stocks"], ["name": "categories"],
                ["name": "keys"], ["name": "collections"], ["name": "observatory"], ["name": "operations"], ["name": "pages"], ["name": "publish"], ["name": "feeds"], ["name": "provider"], ["name": "webhooks"], ["name": "pass"],
            ],
        ]
    }()

    /// The document encoded as JSON (keys sorted, so the bytes are stable).
    public static let data: Data = (try? JSONCoding.encoder.encode(value)) ?? Data("{}".utf8)
}
