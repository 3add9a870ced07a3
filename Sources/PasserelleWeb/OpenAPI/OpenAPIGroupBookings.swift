import PasserelleCore
import PasserellePass

/// Class bookings in the OpenAPI document: a teacher's (a professional session, `proSession`) and the venue's side
/// (its institution's key).
enum OpenAPIGroupBookings {
    typealias S = OpenAPISchemas
    typealias P = OpenAPIPaths

    static var schemas: [String: JSONValue] {
        let uai: JSONValue = ["type": "string", "pattern": "^[0-9]{7}[A-Z]$", "examples": ["0750655E"]]
        let year: JSONValue = ["type": "string", "pattern": "^[0-9]{4}-[0-9]{4}$", "examples": ["2026-2027"]]
        return [
            "GroupBooking": S.object(
                ["id": S.string, "schoolID": uai, "schoolYear": year, "offerID": S.identifier, "stockID": S.identifier, "className": S.string,
                 "pupils": ["type": "integer", "minimum": 1], "adults": ["type": "integer", "minimum": 0], "amountCents": ["type": "integer", "minimum": 0],
                 "status": S.enumeration(GroupBooking.Status.allCases.map(\.rawValue)), "requestedAt": S.dateTime, "changedAt": S.dateTime],
                required: ["id", "schoolID", "schoolYear", "offerID", "stockID", "className", "pupils", "adults", "amountCents", "status", "requestedAt"]),
            "GroupBookingList": S.object(["items": S.array(S.ref("GroupBooking"))], required: ["items"]),
            "SchoolBookings": S.object(
                ["budget": S.object(["schoolID": uai, "schoolYear": year, "grantedCents": S.integer, "leftCents": S.integer],
                                    required: ["schoolID", "schoolYear", "grantedCents", "leftCents"]),
                 "items": S.array(S.ref("GroupBooking"))], required: ["budget", "items"]),
            "GroupBookingRequest": S.input(
                ["stockID": S.identifier, "className": ["type": "string", "minLength": 1, "maxLength": 40],
                 "pupils": ["type": "integer", "minimum": .int(Int64(GroupBookingRules.pupils.lowerBound)), "maximum": .int(Int64(GroupBookingRules.pupils.upperBound))],
                 "adults": ["type": "integer", "minimum": .int(Int64(GroupBookingRules.adults.lowerBound)), "maximum": .int(Int64(GroupBookingRules.adults.upperBound))]],
                required: ["stockID", "className", "pupils"], examples: [["stockID": "s1", "className": "4e B", "pupils": 25, "adults": 2]]),
            "ProSession": S.object(
                ["token": ["type": "string", "pattern": "^pro_"], "expiresAt": S.dateTime,
                 "member": S.object(["id": S.string, "email": S.string, "role": S.enumeration(StaffMember.Role.allCases.map(\.rawValue)),
                                     "institutionID": S.identifier, "venueID": S.identifier, "schoolID": uai], required: ["id", "email", "role"])],
                required: ["token", "expiresAt", "member"]),
        ]
    }

    /// An operation a teacher's professional session authenticates.
    static func teacher(_ operation: JSONValue) -> JSONValue { operation.merging(["security": [["proSession": []]]]) }

    static var paths: [String: JSONValue] {
        let refused: [String: JSONValue] = ["409": P.problem("Conflict"), "404": P.problem("NotFound")]
        let id: JSONValue = ["name": "id", "in": "path", "required": true, "schema": S.string]
        let key: JSONValue = [
            "name": "Idempotency-Key", "in": "header", "required": true, "description": "A new key per class booking (a UUID): a replay returns the first one.",
            "schema": ["type": "string", "minLength": 1, "maxLength": .int(Int64(IdempotencyLimits.maximumKeyLength)), "pattern": "^[!-~]+$"],
        ]
        let forbidden: [String: JSONValue] = ["403": P.problem("Forbidden")]
        return [
            "/api/v1/pro/sessions": [
                "post": P.operation("signInProfessional", "Sign in a professional (a teacher, venue staff) with email and password: a session token (pro_…), 12 hours. Limited as the pass's sign-ins.",
                                    tag: "pass", body: "SignInRequest",
                                    responses: ["201": P.json("A new session; its token is shown this once.", "ProSession"), "400": P.problem("BadRequest"),
                                                "401": P.problem("InvalidCredentials"), "422": P.problem("Unprocessable"), "429": P.problem("TooManyRequests")]),
            ],
            "/api/v1/pro/sessions/current": [
                "delete": teacher(P.operation("signOutProfessional", "Sign out (venue staff or teacher): this session's token stops working.", tag: "pass",
                                              responses: ["204": ["description": "Signed out."]], secured: true)),
            ],
            "/api/v1/pro/password": [
                "put": teacher(P.operation(
                    "changeProfessionalPassword",
                    "Change your password (venue staff or teacher; the current one is asked, and counts as a sign-in try): every session of the account closes, and this device gets a new one.",
                    tag: "pass", body: "PasswordChangeRequest",
                    responses: ["200": P.json("A new session; its token is shown this once.", "ProSession"), "400": P.problem("BadRequest"),
                                "403": P.problem("InvalidCredentials"), "422": P.problem("Unprocessable"), "429": P.problem("TooManyRequests")],
                    secured: true)),
            ],
            "/api/v1/group-bookings": [
                "get": teacher(P.operation("listGroupBookings", "Your school's budget this school year and its class bookings, newest first.", tag: "pass",
                                           responses: forbidden.merging(["200": P.json("The budget and the bookings.", "SchoolBookings")]) { first, _ in first }, secured: true)),
                "post": teacher(P.operation(
                    "requestGroupBooking", "Book a dated on-site stock for a class: pupils pay its price from the school's budget, accompanying adults come free; places and budget are held until the venue confirms. Refusals: sold-out, insufficient-budget, booking-closed, offer-withdrawn.",
                    tag: "pass", parameters: [key], body: "GroupBookingRequest",
                    responses: refused.merging(forbidden) { first, _ in first }.merging(["201": P.json("The request, to be confirmed by the venue.", "GroupBooking"),
                                                                   "200": P.json("The first booking of this key.", "GroupBooking"), "400": P.problem("BadRequest"),
                                                                   "422": P.problem("Unprocessable")]) { first, _ in first }, secured: true)),
            ],
            "/api/v1/group-bookings/{id}": [
                "get": teacher(P.operation("getGroupBooking", "One of your school's class bookings of this school year (another school's is 404, as an unknown one).",
                                           tag: "pass", parameters: [id],
                                           responses: forbidden.merging(["200": P.json("The booking.", "GroupBooking"), "404": P.problem("NotFound")]) { first, _ in first },
                                           secured: true)),
                "delete": teacher(P.operation("cancelGroupBooking", "Cancel one of your class bookings until its date begins: places and budget come back.",
                                              tag: "pass", parameters: [id],
                                              responses: refused.merging(forbidden) { first, _ in first }.merging(["200": P.json("The cancelled booking.", "GroupBooking")]) { first, _ in first },
                                              secured: true)),
            ],
            "/api/v1/provider/group-bookings": [
                "get": P.operation("listInstitutionGroupBookings", "The class bookings made to your institution (one status when given), soonest date first, at most 500.",
                                   tag: "pass", parameters: [P.query("status", "Only those with this status.", S.enumeration(GroupBooking.Status.allCases.map(\.rawValue)))],
                                   responses: ["200": P.json("The bookings.", "GroupBookingList"), "400": P.problem("BadRequest")], secured: true),
            ],
            "/api/v1/provider/group-bookings/{id}/{change}": [
                "post": P.operation("changeGroupBooking", "Confirm, decline, cancel or mark used (`use`) a class booking made to your institution; declined or cancelled gives places and budget back.",
                                    tag: "pass",
                                    parameters: [id, ["name": "change", "in": "path", "required": true, "schema": S.enumeration(GroupBookingChange.allCases.map(\.rawValue))]],
                                    responses: refused.merging(["200": P.json("The booking as it is now.", "GroupBooking")]) { first, _ in first }, secured: true),
            ],
        ]
    }
}
