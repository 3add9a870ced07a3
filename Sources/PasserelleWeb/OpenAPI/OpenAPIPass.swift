import PasserelleCore
import PasserellePass

/// The culture pass in the OpenAPI document: a beneficiary's wallet and bookings (pass session), and the venue's
/// use of a countermark (institution key).
enum OpenAPIPass {
    typealias S = OpenAPISchemas
    typealias P = OpenAPIPaths

    static var schemas: [String: JSONValue] {
        let booking = S.object(
            ["id": S.string, "offerID": S.identifier, "stockID": S.identifier, "quantity": ["type": "integer", "minimum": 1],
             "amountCents": ["type": "integer", "minimum": 0],
             "countermark": ["type": "string", "pattern": "^[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z*~$=]$", "examples": ["GDW4V-CNPG4-W"]],
             "status": S.enumeration(Booking.Status.allCases.map(\.rawValue)), "bookedAt": S.dateTime, "changedAt": S.dateTime,
             "holdExpiresAt": S.dateTime, "providerTicket": S.string],
            required: ["id", "offerID", "stockID", "quantity", "amountCents", "countermark", "status", "bookedAt"])
        let grant = S.object(
            ["id": S.string, "age": S.integer, "amountCents": S.integer, "remainingCents": S.integer, "expiresAt": S.dateTime, "policyVersion": S.string],
            required: ["id", "age", "amountCents", "remainingCents", "expiresAt", "policyVersion"])
        let cap = S.object(["applies": S.string, "maximumCents": S.integer, "spentCents": S.integer], required: ["applies", "maximumCents", "spentCents"])
        let email: JSONValue = ["type": "string", "minLength": 3, "maxLength": 254, "pattern": "^[^@\\s]+@[^@\\s]+$", "examples": ["lea@example.org"]]
        let password: JSONValue = [
            "type": "string", "minLength": 12, "maxLength": 72,
            "description": "12 to 72 bytes in UTF-8 (bcrypt reads no further, so a longer one is refused rather than cut), no control characters.",
        ]
        let birthdate: JSONValue = ["type": "string", "format": "date", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$", "examples": ["2008-05-01"]]
        let account = S.object(
            ["id": S.string, "email": S.string, "birthdate": birthdate, "verified": ["type": "boolean"], "verifiedAt": S.dateTime, "createdAt": S.dateTime],
            required: ["id", "email", "birthdate", "verified", "createdAt"])
        let line = S.object(
            ["bookingID": S.string, "usedAt": S.dateTime, "offerID": S.identifier, "stockID": S.identifier, "venueID": S.identifier,
             "quantity": ["type": "integer", "minimum": 1], "amountCents": ["type": "integer", "minimum": 0], "group": ["type": "boolean"]],
            required: ["bookingID", "usedAt", "offerID", "stockID", "quantity", "amountCents", "group"])
        let venueTotal = S.object(
            ["venueID": S.identifier, "bookings": S.integer, "places": S.integer, "amountCents": S.integer], required: ["bookings", "places", "amountCents"])
        return [
            "ReimbursementStatement": S.object(
                ["institutionID": S.identifier, "period": S.string, "final": ["type": "boolean"], "bookings": S.integer, "totalCents": S.integer,
                 "venues": S.array(venueTotal), "lines": S.array(line)],
                required: ["institutionID", "period", "final", "bookings", "totalCents", "venues", "lines"]),
            "Account": account,
            "Session": S.object(["token": ["type": "string", "pattern": "^pss_"], "expiresAt": S.dateTime, "beneficiary": S.ref("Account")],
                                required: ["token", "expiresAt", "beneficiary"]),
            "SignUpRequest": S.input(["email": email, "password": password, "birthdate": birthdate], required: ["email", "password", "birthdate"],
                                     examples: [["email": "lea@example.org", "password": "correct horse battery", "birthdate": "2008-05-01"]]),
            "SignInRequest": S.input(["email": email, "password": ["type": "string", "minLength": 1, "maxLength": 1_024]], required: ["email", "password"],
                                     examples: [["email": "lea@example.org", "password": "correct horse battery"]]),
            "PasswordChangeRequest": S.input(["currentPassword": ["type": "string", "minLength": 1, "maxLength": 1_024], "newPassword": password],
                                             required: ["currentPassword", "newPassword"]),
            "Booking": booking,
            "BookingList": S.object(["items": S.array(S.ref("Booking"))], required: ["items"]),
            "BookingRequest": S.input(["stockID": S.identifier, "quantity": ["type": "integer", "minimum": 1, "maximum": 50]], required: ["stockID"],
                                      examples: [["stockID": "s1", "quantity": 2]]),
            "Wallet": S.object(["totalCents": S.integer, "nextExpiry": S.dateTime, "grants": S.array(grant), "caps": S.array(cap)],
                               required: ["totalCents", "grants", "caps"]),
        ]
    }

    /// An operation a beneficiary's pass session authenticates (not an institution's key).
    static func beneficiary(_ operation: JSONValue) -> JSONValue { operation.merging(["security": [["passSession": []]]]) }

    static var paths: [String: JSONValue] {
        let refused: [String: JSONValue] = ["409": P.problem("Conflict"), "422": P.problem("Unprocessable"), "404": P.problem("NotFound")]
        let key: JSONValue = [
            "name": "Idempotency-Key", "in": "header", "required": true,
            "description": "A new key per booking (a UUID): the same request again returns the first booking (200, `Idempotent-Replayed: true`), never a second one.",
            "schema": ["type": "string", "minLength": 1, "maxLength": .int(Int64(IdempotencyLimits.maximumKeyLength)), "pattern": "^[!-~]+$"],
        ]
        let code: JSONValue = ["name": "code", "in": "path", "required": true, "schema": ["type": "string", "minLength": 1, "maxLength": 40]]
        let limited: [String: JSONValue] = ["429": P.problem("TooManyRequests")]
        let period: JSONValue = ["name": "period", "in": "path", "required": true,
                                 "schema": ["type": "string", "pattern": "^2[0-9]{3}-(0[1-9]|1[0-2])$", "examples": ["2026-11"]]]
        let signedIn = P.json("A new session: its token is shown this once (`Cache-Control: no-store`).", "Session")
        return OpenAPIPassPages.paths.merging(OpenAPIProPages.paths) { first, _ in first }.merging([
            "/api/v1/pass/beneficiaries": [
                "post": P.operation(
                    "signUp", "Open your pass account: unverified until your identity is checked, it books nothing before; signed in at once. Limited per client address.",
                    tag: "pass", body: "SignUpRequest",
                    responses: limited.merging(["201": signedIn, "400": P.problem("BadRequest"), "409": P.problem("Conflict"), "422": P.problem("Unprocessable")]) { first, _ in first }),
            ],
            "/api/v1/pass/sessions": [
                "post": P.operation(
                    "signIn", "Sign in with your email and password. Limited per account (5 tries per 15 minutes by default) and per client address.",
                    tag: "pass", body: "SignInRequest",
                    responses: limited.merging(["201": signedIn, "400": P.problem("BadRequest"), "401": P.problem("InvalidCredentials"), "422": P.problem("Unprocessable")]) { first, _ in first }),
            ],
            "/api/v1/pass/sessions/current": [
                "delete": beneficiary(P.operation("signOut", "Sign out: this session's token stops working (others stay open).", tag: "pass",
                                                  responses: ["204": ["description": "Signed out."]], secured: true)),
            ],
            "/api/v1/pass/me": [
                "get": beneficiary(P.operation("getAccount", "Your account: email, birth date, whether your identity is verified.", tag: "pass",
                                               responses: ["200": P.json("The account.", "Account"), "404": P.problem("NotFound")], secured: true)),
            ],
            "/api/v1/pass/password": [
                "put": beneficiary(P.operation(
                    "changePassword", "Change your password (the current one is asked): every session closes, and this device gets a new one.",
                    tag: "pass", body: "PasswordChangeRequest",
                    responses: limited.merging(["200": signedIn, "400": P.problem("BadRequest"), "403": P.problem("InvalidCredentials"),
                                                "404": P.problem("NotFound"), "422": P.problem("Unprocessable")]) { first, _ in first }, secured: true)),
            ],
            "/api/v1/pass/wallet": [
                "get": beneficiary(P.operation("getWallet", "Your credit: in all, per grant (with its expiry), and under each cap.", tag: "pass",
                                               responses: ["200": P.json("The wallet.", "Wallet")], secured: true)),
            ],
            "/api/v1/bookings": [
                "get": beneficiary(P.operation("listBookings", "Your bookings, newest first.", tag: "pass",
                                               responses: ["200": P.json("The bookings.", "BookingList")], secured: true)),
                "post": beneficiary(P.operation(
                    "book", "Book places of a stock at its price, paid from your credit; refusals carry their rule's code (sold-out, insufficient-credit, cap-reached, not-eligible, identity-not-verified, offer-withdrawn, booking-closed, invalid-quantity, provider-refused). A partner's stock is held then confirmed in the venue's ticketing system: 503 provider-unavailable when it does not answer (nothing booked), 202 when its answer is not known yet (the booking is `pending`, settled within minutes).",
                    tag: "pass", parameters: [key], body: "BookingRequest",
                    responses: refused.merging(["201": P.json("The booking, with its countermark.", "Booking"), "200": P.json("The first booking of this key.", "Booking"),
                                                "202": P.json("Pending: the venue's ticketing system has not confirmed yet.", "Booking"),
                                                "400": P.problem("BadRequest"), "429": P.problem("TooManyRequests"), "503": P.problem("Unavailable")]) { first, _ in first },
                    secured: true)),
            ],
            "/api/v1/bookings/{id}": [
                "get": beneficiary(P.operation("getBooking", "One of your bookings (another's is 404, as an unknown one).", tag: "pass",
                                               parameters: [["name": "id", "in": "path", "required": true, "schema": S.string]],
                                               responses: ["200": P.json("The booking.", "Booking"), "404": P.problem("NotFound")], secured: true)),
                "delete": beneficiary(P.operation("cancelBooking", "Cancel one of your bookings within the policy's window, before its date; the credit comes back.",
                                                  tag: "pass", parameters: [["name": "id", "in": "path", "required": true, "schema": S.string]],
                                                  responses: refused.merging(["200": P.json("The cancelled booking.", "Booking")]) { first, _ in first }, secured: true)),
            ],
            "/api/v1/bookings/{id}/countermark.svg": [
                "get": beneficiary(P.operation(
                    "getCountermarkQRCode", "Your booking's countermark as a QR Code (ISO/IEC 18004, level M), an SVG image with its code as title, to show at the door.",
                    tag: "pass", parameters: [["name": "id", "in": "path", "required": true, "schema": S.string]],
                    responses: ["200": ["description": "The QR Code.", "content": ["image/svg+xml": ["schema": S.string]]], "404": P.problem("NotFound")],
                    secured: true)),
            ],
            "/api/v1/reimbursements/{period}": [
                "get": P.operation("getReimbursementStatement", "What the pass owes your institution for a month (Paris time): every booking your venues marked used, totalled per venue; `final` once the month is over.",
                                   tag: "pass", parameters: [period], responses: ["200": P.json("The statement.", "ReimbursementStatement"), "404": P.problem("NotFound")],
                                   secured: true),
            ],
            "/api/v1/reimbursements/{period}/lines.csv": [
                "get": P.operation("getReimbursementLines", "The statement's lines as CSV (RFC 4180): period, booking, when used, offer, stock, venue, places, amount in cents, kind (`individual`, or `group` for a school class).",
                                   tag: "pass", parameters: [period],
                                   responses: ["200": ["description": "The lines.", "content": ["text/csv": ["schema": S.string]]], "404": P.problem("NotFound")],
                                   secured: true),
            ],
            "/api/v1/provider/bookings": [
                "get": P.operation("listVenueBookings", "Your institution's bookings, newest first (at most \(VenueBookingRoutes.maximumListed)), of one stock and one status when asked; beneficiaries are never named.",
                                   tag: "pass", parameters: [P.query("stock", "Only this stock's bookings.", S.identifier),
                                                             P.query("status", "Only bookings in this state.", S.enumeration(Booking.Status.allCases.map(\.rawValue)))],
                                   responses: ["200": P.json("The bookings.", "BookingList"), "400": P.problem("BadRequest")], secured: true),
            ],
            "/api/v1/provider/bookings/{id}": [
                "delete": P.operation("cancelVenueBooking", "Cancel one of your institution's bookings (a show called off): places and credit go back, whatever the window; a used one is 409.",
                                      tag: "pass", parameters: [["name": "id", "in": "path", "required": true, "schema": S.string]],
                                      responses: ["200": P.json("The cancelled booking.", "Booking"), "404": P.problem("NotFound"), "409": P.problem("Conflict")],
                                      secured: true),
            ],
            "/api/v1/countermarks/{code}/use": [
                "post": P.operation("useCountermark", "Mark the booking with this countermark used (your institution's bookings only; another's is 404).",
                                    tag: "pass", parameters: [code],
                                    responses: ["200": P.json("The used booking.", "Booking"), "404": P.problem("NotFound"), "409": P.problem("Conflict"),
                                                "429": P.problem("TooManyRequests")], secured: true),
            ],
        ]) { first, _ in first }
    }
}
