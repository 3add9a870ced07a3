import PasserelleCore
import PasserellePass

/// The professional area's pages in the OpenAPI document: HTML and forms, the session in the `passerelle_pro`
/// cookie (HttpOnly). A page that needs a signed-in venue or teacher sends anyone else to `/pro` (303).
enum OpenAPIProPages {
    typealias S = OpenAPISchemas
    typealias P = OpenAPIPaths

    static var paths: [String: JSONValue] {
        let form = OpenAPIForYou.form
        let body = OpenAPIForYou.formBody
        let toSignIn: JSONValue = ["description": "Not signed in (or not the right kind of account): to `/pro`.", "headers": ["Location": ["schema": S.string]]]
        let empty: JSONValue = ["required": false, "content": ["application/x-www-form-urlencoded": ["schema": ["type": "object"]]]]
        let period: JSONValue = ["name": "period", "in": "path", "required": true, "schema": S.string, "description": "A month, `YYYY-MM` (Paris time)."]
        return [
            "/pro": [
                "get": P.operation("proPage", "Signed in: a venue's desk (check a countermark, class bookings to confirm, upcoming bookings, statements) or a teacher's school page (budget, class bookings); else the sign-in form.",
                                   tag: "pages",
                                   parameters: [P.pageLangQuery, P.query("done", "`used`, `saved`, `requested` or `password` after a form (any other value: 400).", S.enumeration(["used", "saved", "requested", "password"]))],
                                   responses: ["200": P.html, "400": P.html]),
            ],
            "/pro/signin": [
                "post": form("proSignIn", "Sign in a venue's staff member or a teacher: 303 to `back` or /pro with the `passerelle_pro` cookie (12 hours); else the form again (401, 429 with Retry-After).",
                             body(["email": S.string, "password": S.string, "back": ["type": "string", "maxLength": 500]], ["email", "password"]),
                             ["401": P.html, "429": P.html]),
            ],
            "/pro/password": [
                "get": P.operation("proPasswordPage", "The form to change one's own password (a venue's staff member or a teacher).", tag: "pages",
                                   parameters: [P.pageLangQuery], responses: ["200": P.html, "303": toSignIn]),
                "post": form("proChangePassword", "Change one's own password: the current one is checked (403, counted as a sign-in try; 429 past the limit), the new one must be 12 to 72 bytes (422); then every session of the account closes and this device gets a new cookie (303 to /pro?done=password).",
                             body(["currentPassword": S.string, "newPassword": S.string], ["currentPassword", "newPassword"]),
                             ["403": P.html, "422": P.html, "429": P.html]),
            ],
            "/pro/signout": [
                "post": form("proSignOut", "Sign out: the session closes and the cookie expires.", empty, [:]),
            ],
            "/pro/check": [
                "get": P.operation("proCheckCountermark", "A venue's desk checks a countermark (typed with or without hyphens, any case): valid with its places and a validate button, already used (when), cancelled or expired; 404 for one that is not this venue's. Counted per institution (429 past the limit).",
                                   tag: "pages", parameters: [P.pageLangQuery, P.query("code", "The countermark as typed or scanned (1 to 40 characters; anything else: 400).", ["type": "string", "minLength": 1, "maxLength": 40])],
                                   responses: ["200": P.html, "303": toSignIn, "400": P.html, "404": P.html, "429": P.html]),
            ],
            "/pro/check/use": [
                "post": form("proUseCountermark", "Validate the entry: the booking is marked used once (303 to /pro); already used or cancelled meanwhile is 409, another venue's 404.",
                             body(["code": ["type": "string", "minLength": 1, "maxLength": 40]], ["code"]), ["404": P.html, "409": P.html]),
            ],
            "/pro/groups/{id}/{change}": [
                "post": form("proChangeGroupBooking", "Change a class booking: the venue confirms, declines, marks it used (`use`) or cancels it; its teacher cancels it until the date begins. 303 to /pro; a change the state refuses is 409; someone else's booking or an unknown change 404.",
                             empty, ["404": P.html, "409": P.html])
                    .merging(["parameters": [P.pageLangQuery, ["name": "id", "in": "path", "required": true, "schema": S.string],
                                             ["name": "change", "in": "path", "required": true, "schema": S.enumeration(GroupBookingChange.allCases.map(\.rawValue))]]]),
            ],
            "/pro/group": [
                "get": P.operation("proGroupBookPage", "Book a dated on-site stock for a class: its offer, date, venue, price, places left and the school's budget; the sign-in form when signed out.",
                                   tag: "pages", parameters: [P.pageLangQuery, ["name": "stock", "in": "query", "required": true, "schema": S.identifier]],
                                   responses: ["200": P.html, "404": P.html]),
            ],
            "/pro/groups": [
                "post": form("proRequestGroupBooking", "A teacher's request for a class (`key` is its Idempotency-Key, so a resent form books once): places held and budget spent until the venue confirms; 303 to /pro. Refused (sold out, not enough budget, closed) is the page again with its reason (409).",
                             body(["stock": S.identifier, "className": ["type": "string", "minLength": 1, "maxLength": 40], "pupils": ["type": "integer", "minimum": 1, "maximum": 60],
                                   "adults": ["type": "integer", "minimum": 0, "maximum": 15],
                                   "key": ["type": "string", "minLength": 1, "maxLength": .int(Int64(IdempotencyLimits.maximumKeyLength)), "pattern": "^[!-~]+$"]],
                                  ["stock", "key", "className", "pupils"]), ["404": P.html, "409": P.html]),
            ],
            "/pro/statements/{period}": [
                "get": P.operation("proStatementPage", "The venue's reimbursement statement for a month, laid out to print or save as PDF: totals per venue, every booking used (a beneficiary's or a class's).",
                                   tag: "pages", parameters: [P.pageLangQuery, period], responses: ["200": P.html, "303": toSignIn, "404": P.html]),
            ],
            "/pro/statements/{period}/lines.csv": [
                "get": P.operation("proStatementLines", "The statement's lines as CSV (RFC 4180), with the desk's session; without one, or for a month that is not one, an HTML page says so (401, 404).",
                                   tag: "pages", parameters: [period],
                                   responses: ["200": ["description": "The lines.", "content": ["text/csv": ["schema": S.string]]], "401": P.html, "404": P.html]),
            ],
            "/static/desk.js": [
                "get": P.operation("deskScript", "The desk's camera scan (progressive enhancement; cached for a year, the link carries a content hash).", tag: "pages",
                                   responses: ["200": ["description": "JavaScript.", "content": ["text/javascript": ["schema": S.string]]]]),
            ],
        ]
    }
}
