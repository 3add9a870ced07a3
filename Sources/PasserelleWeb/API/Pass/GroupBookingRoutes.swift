import Foundation
import Hummingbird
import HTTPTypes
import PasserelleCore
import PasserellePass

/// Class bookings over HTTP. A teacher (a professional session, `Authorization: Bearer pro_…`) sees the school's
/// budget and bookings, books for a class and cancels; an institution (its API key) lists the requests made to it
/// and confirms, declines, cancels or marks them used. Refusals are problem+json with the rule's code.
struct GroupBookingRoutes {
    let groups: any GroupBookingStore
    let accounts: ProAccounts
    let limits: WebLimits

    static let maximumListed = 500

    struct RequestInput: StrictInput, Sendable {
        var stockID: StockID
        var className: String
        var pupils: Int
        var adults: Int?
        static let shape = JSONShape.object(["stockID": .value, "className": .value, "pupils": .integer, "adults": .integer])
    }

    func registerPublic(_ routes: RouteRegistrar<PasserelleRequestContext>) {
        routes.post("/api/v1/pro/sessions") { request, context in
            let input = try BodyReader.decode(PassAccountRoutes.SignInInput.self, from: try await BodyReader.collect(request, limit: PassAccountRoutes.bodyBytes))
            let (token, member) = try await accounts.signIn(email: input.email, password: input.password, address: context.remoteAddress)
            return try JSONResponse.make(ProSessionView(token: token, expiresAt: Date().addingTimeInterval(ProSession.lifetime), member: StaffView(member)),
                                         status: .created, headers: [.cacheControl: "no-store", .location: "/api/v1/pro/sessions/current"])
        }
    }

    func registerTeacher(_ routes: RouteRegistrar<TeacherContext>) {
        routes.get("/api/v1/group-bookings") { _, context in
            let year = SchoolYear.containing(Date())
            let budget = try await groups.budget(of: context.school, year: year)
            let items = try await groups.groupBookings(ofSchool: context.school, year: year)
            return try JSONResponse.make(SchoolBookingsView(budget: BudgetView(budget), items: items.map(GroupBookingView.init)), headers: [.cacheControl: "no-store"])
        }
        routes.post("/api/v1/group-bookings") { request, context in
            guard let key = try ProviderRoutes.idempotencyKey(request) else {
                throw Problem(.badRequest, code: "idempotency-key-required",
                              detail: "A class booking needs an Idempotency-Key header (a new UUID per booking), so that a retry never books twice.")
            }
            let input = try BodyReader.decode(RequestInput.self, from: try await BodyReader.collect(request, limit: limits.recordBodyBytes))
            let asked = GroupBookingRequest(stockID: input.stockID, className: input.className, pupils: input.pupils, adults: input.adults ?? 0)
            let now = Date()
            let booking = try await Self.refusalsAsProblems { try await groups.requestGroupBooking(asked, by: context.member, idempotencyKey: key, now: now) }
            guard booking.requestedAt == now else {
                guard booking.stockID == asked.stockID, booking.pupils == asked.pupils, booking.adults == asked.adults else {
                    throw Problem(.unprocessableContent, code: "idempotency-key-reused",
                                  detail: "This Idempotency-Key was used for another class booking; use a new key for a new booking.")
                }
                return try JSONResponse.make(GroupBookingView(booking), headers: [ProviderRoutes.replayedHeader: "true", .cacheControl: "no-store"])
            }
            return try JSONResponse.make(GroupBookingView(booking), status: .created,
                                         headers: [.cacheControl: "no-store", .location: "/api/v1/group-bookings/\(booking.id)"])
        }
        routes.get("/api/v1/group-bookings/{id}") { _, context in
            let id = context.parameters.get("id") ?? ""
            // The school's own, of any school year; another school's is answered as an unknown one.
            guard id.utf8.count <= 64, let booking = try await groups.groupBooking(id), booking.schoolID == context.school else {
                throw Problem(.notFound, code: "not-found", detail: "Your school has no class booking \(id.prefix(40)).")
            }
            return try JSONResponse.make(GroupBookingView(booking), headers: [.cacheControl: "no-store"])
        }
        routes.delete("/api/v1/group-bookings/{id}") { _, context in
            let booking = try await Self.refusalsAsProblems {
                try await groups.changeGroupBooking(context.parameters.get("id") ?? "", .cancel, by: context.member.groupActor, now: Date())
            }
            return try JSONResponse.make(GroupBookingView(booking), headers: [.cacheControl: "no-store"])
        }
    }

    func registerInstitution(_ routes: RouteRegistrar<AuthenticatedContext>) {
        routes.get("/api/v1/provider/group-bookings") { request, context in
            let status = try request.uri.queryParameters.get("status").map { text in
                guard let status = GroupBooking.Status(rawValue: text) else {
                    throw Problem.badRequest("`status` is one of \(GroupBooking.Status.allCases.map(\.rawValue).joined(separator: ", ")).")
                }
                return status
            }
            let items = try await groups.groupBookings(ofInstitution: context.institution.id, venue: nil, status: status, limit: Self.maximumListed)
            return try JSONResponse.make(["items": items.map(GroupBookingView.init)], headers: [.cacheControl: "private, no-store"])
        }
        routes.post("/api/v1/provider/group-bookings/{id}/{change}") { _, context in
            guard let change = GroupBookingChange(rawValue: context.parameters.get("change") ?? "") else {
                throw Problem(.notFound, code: "not-found", detail: "A change is one of \(GroupBookingChange.allCases.map(\.rawValue).joined(separator: ", ")).")
            }
            let booking = try await Self.refusalsAsProblems {
                try await groups.changeGroupBooking(context.parameters.get("id") ?? "", change, by: .venue(context.institution.id, nil), now: Date())
            }
            return try JSONResponse.make(GroupBookingView(booking), headers: [.cacheControl: "no-store"])
        }
    }

    private static func refusalsAsProblems<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let refusal as BookingRefusal {
            throw Problem(.conflict, code: refusal.code.rawValue, detail: refusal.message)
        }
    }
}

/// Resolves `Authorization: Bearer pro_…` to a professional; a missing header passes through (the `TeacherContext`
/// transform then answers 401); an unknown or expired token is a 401 here. Never logged.
struct ProSessionMiddleware: RouterMiddleware {
    typealias Context = PasserelleRequestContext
    let store: any StaffStore

    func handle(_ request: Request, context: PasserelleRequestContext,
                next: (Request, PasserelleRequestContext) async throws -> Response) async throws -> Response {
        guard let digest = try PassSessions.bearerDigest(request, prefix: "pro_") else { return try await next(request, context) }
        guard let member = try await store.staff(sessionTokenHash: digest, at: Date()) else { throw PassSessions.unknownSession }
        var context = context
        context.staffMember = member
        context.proSessionHash = digest
        return try await next(request, context)
    }
}

/// The context of a teacher's routes: built only from a context a professional session of a teacher authenticated.
struct TeacherContext: ChildRequestContext {
    var coreContext: CoreRequestContextStorage
    let member: StaffMember
    let school: SchoolID
    let sessionHash: String
    var maxUploadSize: Int

    init(context: PasserelleRequestContext) throws {
        let staff = try StaffContext(context: context)
        guard staff.member.role == .teacher, let school = staff.member.schoolID else {
            throw Problem(.forbidden, code: "not-a-teacher", detail: "Only teachers book for a class; venues use their institution's key.")
        }
        self.coreContext = staff.coreContext
        self.member = staff.member
        self.school = school
        self.sessionHash = staff.sessionHash
        self.maxUploadSize = staff.maxUploadSize
    }
}

/// A class booking as its teacher and its venue see it.
struct GroupBookingView: Encodable, Sendable {
    var id: String
    var schoolID: SchoolID
    var schoolYear: String
    var offerID: OfferID
    var stockID: StockID
    var className: String
    var pupils: Int
    var adults: Int
    var amountCents: Int64
    var status: GroupBooking.Status
    var requestedAt: Date
    var changedAt: Date?

    init(_ booking: GroupBooking) {
        id = booking.id
        schoolID = booking.schoolID
        schoolYear = booking.schoolYear.description
        offerID = booking.offerID
        stockID = booking.stockID
        className = booking.className
        pupils = booking.pupils
        adults = booking.adults
        amountCents = booking.amountCents
        status = booking.status
        requestedAt = booking.requestedAt
        changedAt = booking.changedAt
    }
}

struct BudgetView: Encodable, Sendable {
    var schoolID: SchoolID
    var schoolYear: String
    var grantedCents: Int64
    var leftCents: Int64

    init(_ budget: SchoolBudget) {
        schoolID = budget.schoolID
        schoolYear = budget.year.description
        grantedCents = budget.grantedCents
        leftCents = budget.leftCents
    }
}

struct SchoolBookingsView: Encodable, Sendable {
    var budget: BudgetView
    var items: [GroupBookingView]
}

/// A professional's account as the API shows it. No password hash, ever.
struct StaffView: Encodable, Sendable {
    var id: String
    var email: String
    var role: StaffMember.Role
    var institutionID: InstitutionID?
    var venueID: VenueID?
    var schoolID: SchoolID?

    init(_ member: StaffMember) {
        id = member.id
        email = member.email
        role = member.role
        institutionID = member.institutionID
        venueID = member.venueID
        schoolID = member.schoolID
    }
}

struct ProSessionView: Encodable, Sendable {
    var token: String
    var expiresAt: Date
    var member: StaffView
}
