import Foundation
import Hummingbird
import HTTPTypes
import NIOCore
import PasserelleCore
import PasserellePass

/// An institution's reimbursement statements (its API key): for a month in Paris time, every booking its venues
/// marked used, totalled per venue, as JSON or CSV. Another institution's bookings never appear.
struct ReimbursementRoutes {
    let store: any PassStore

    func register(_ routes: RouteRegistrar<AuthenticatedContext>) {
        routes.get("/api/v1/reimbursements/{period}") { _, context in
            try JSONResponse.make(StatementView(try await statement(context)), headers: [.cacheControl: "private, no-store"])
        }
        routes.get("/api/v1/reimbursements/{period}/lines.csv") { _, context in
            let statement = try await statement(context)
            var headers: HTTPFields = [.contentType: "text/csv; charset=utf-8", .cacheControl: "private, no-store"]
            headers[.contentDisposition] = "attachment; filename=\"passerelle-reimbursement-\(statement.institutionID.rawValue)-\(statement.period).csv\""
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: Self.csv(statement))))
        }
    }

    private func statement(_ context: AuthenticatedContext) async throws -> ReimbursementStatement {
        let text = context.parameters.get("period") ?? ""
        guard let period = StatementPeriod(text) else {
            throw Problem(.notFound, code: "not-found", detail: "`\(text.prefix(40))` is not a month (YYYY-MM).")
        }
        let institution = context.institution.id
        let lines = try await store.usedBookings(of: institution, from: period.start, before: period.end)
        return ReimbursementStatement(institutionID: institution, period: period, lines: lines, at: Date())
    }

    /// RFC 4180: a header, one line per used booking, CRLF; a field with a comma, quote or line break is quoted.
    static func csv(_ statement: ReimbursementStatement) -> String {
        var lines = ["period,booking_id,used_at,offer_id,stock_id,venue_id,quantity,amount_cents"]
        for line in statement.lines {
            let fields = [statement.period.description, line.bookingID, line.usedAt.formatted(.iso8601), line.offerID.rawValue, line.stockID.rawValue,
                          line.venueID?.rawValue ?? "", String(line.quantity), String(line.amountCents)]
            lines.append(fields.map { $0.contains(where: { ",\"\r\n".contains($0) }) ? "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : $0 }
                .joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }
}

/// A statement as JSON: its totals, per venue, and its lines.
struct StatementView: Encodable, Sendable {
    var institutionID: InstitutionID
    var period: String
    /// False while the month is not over: more bookings may still be used in it.
    var final: Bool
    var bookings: Int
    var totalCents: Int64
    var venues: [ReimbursementStatement.VenueTotal]
    var lines: [ReimbursementLine]

    init(_ statement: ReimbursementStatement) {
        institutionID = statement.institutionID
        period = statement.period.description
        final = statement.isFinal
        bookings = statement.lines.count
        totalCents = statement.totalCents
        venues = statement.venues
        lines = statement.lines
    }
}

/// A venue's side of its bookings (its institution's key): the list, to prepare the door or count a show, and a
/// cancellation by the venue (a show called off), which gives places and credit back whatever the window.
/// Beneficiaries are never named: a booking carries its countermark, not who made it.
struct VenueBookingRoutes {
    let store: any PassStore
    let policy: CreditPolicy?

    static let maximumListed = 500

    func register(_ routes: RouteRegistrar<AuthenticatedContext>) {
        routes.get("/api/v1/provider/bookings") { request, context in
            let query = request.uri.queryParameters
            let stock = try query.get("stock").map { text in
                guard let id = StockID(text) else { throw Problem.badRequest("`stock` is not a stock id.") }
                return id
            }
            let status = try query.get("status").map { text in
                guard let status = Booking.Status(rawValue: text) else {
                    throw Problem.badRequest("`status` is one of \(Booking.Status.allCases.map(\.rawValue).joined(separator: ", ")).")
                }
                return status
            }
            let bookings = try await store.bookings(ofInstitution: context.institution.id, stock: stock, status: status, limit: Self.maximumListed)
            return try JSONResponse.make(["items": bookings.map(BookingView.init)], headers: [.cacheControl: "private, no-store"])
        }
        routes.delete("/api/v1/provider/bookings/{id}") { _, context in
            guard let policy else {
                throw Problem(.serviceUnavailable, code: "pass-not-configured", detail: "The culture pass has no policy configured on this server.")
            }
            do {
                let booking = try await store.cancelBooking(context.parameters.get("id") ?? "", by: .institution(context.institution.id), policy: policy, now: Date())
                return try JSONResponse.make(BookingView(booking))
            } catch let refusal as BookingRefusal {
                throw Problem(.conflict, code: refusal.code.rawValue, detail: refusal.message)
            }
        }
    }
}
