import PasserelleCore
import PasserellePass

/// The pass's pages in the OpenAPI document: HTML, and forms posted `application/x-www-form-urlencoded` from
/// Passerelle's own pages (another site's is a 403). The session is the `passerelle_pass` cookie (HttpOnly).
enum OpenAPIPassPages {
    typealias S = OpenAPISchemas
    typealias P = OpenAPIPaths

    static var paths: [String: JSONValue] {
        let form = OpenAPIForYou.form
        let body = OpenAPIForYou.formBody
        let refused: [String: JSONValue] = ["401": P.html, "409": P.html, "429": P.html]
        return [
            "/pass": [
                "get": P.operation("passPage", "Signed in: your credit, your bookings with their countermarks (QR Codes) and cancel buttons; else the sign-in form.",
                                   tag: "pages", parameters: [P.pageLangQuery, P.query("done", "`booked`, `cancelled` or `pending` after a form: the page says so (any other value: 400).", S.enumeration(["booked", "cancelled", "pending"]))],
                                   responses: ["200": P.html, "400": P.html]),
            ],
            "/pass/signup": [
                "get": P.operation("passSignUpPage", "The sign-up form.", tag: "pages", parameters: [P.pageLangQuery], responses: ["200": P.html]),
                "post": form("passSignUp", "Open an account (unverified until the identity is checked) and sign in: 303 to /pass with the session cookie; else the form again with what went wrong (409 email taken, 422, 429).",
                             body(["email": S.string, "password": S.string, "birthdate": S.string], ["email", "password", "birthdate"]), refused),
            ],
            "/pass/signin": [
                "post": form("passSignIn", "Sign in: 303 to `back` (a page of the site) or /pass with the session cookie; else the form again (401, 429 with Retry-After).",
                             body(["email": S.string, "password": S.string, "back": ["type": "string", "maxLength": 500]], ["email", "password"]), refused),
            ],
            "/pass/signout": [
                "post": form("passSignOut", "Sign out: the session closes and the cookie expires.",
                             ["required": false, "content": ["application/x-www-form-urlencoded": ["schema": ["type": "object"]]]], [:]),
            ],
            "/pass/book": [
                "get": P.operation("passBookPage", "Book a stock: its offer, date, venue, price, your credit and how many places; the sign-in form when signed out.",
                                   tag: "pages", parameters: [P.pageLangQuery, ["name": "stock", "in": "query", "required": true, "schema": S.identifier]],
                                   responses: ["200": P.html, "404": P.html]),
            ],
            "/pass/bookings": [
                "post": form("passBook", "Book (the form's `key` is its Idempotency-Key, so a resent form books once): 303 to /pass; a refusal is the booking page again with its reason (409), 429 past the limit, 503 when a partner's ticketing system does not answer.",
                             body(["stock": S.identifier, "quantity": ["type": "integer", "minimum": 1, "maximum": 50],
                                   "key": ["type": "string", "minLength": 1, "maxLength": .int(Int64(IdempotencyLimits.maximumKeyLength)), "pattern": "^[!-~]+$"]],
                                  ["stock", "key"]), refused.merging(["404": P.html, "503": P.html]) { first, _ in first }),
            ],
            "/pass/bookings/{id}/cancel": [
                "post": form("passCancelBooking", "Cancel one of your bookings within the policy's window: 303 to /pass; else /pass with the reason (409).",
                             ["required": false, "content": ["application/x-www-form-urlencoded": ["schema": ["type": "object"]]]], refused)
                    .merging(["parameters": [P.pageLangQuery, ["name": "id", "in": "path", "required": true, "schema": S.string]]]),
            ],
        ]
    }
}
