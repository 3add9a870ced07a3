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
        var lines = ["period,booking_id,used_at,offer_id,stock_id,venue_id,quantity,amount_cents,kind"]
        for line in statement.lines {
            let fields = [statement.period.description, line.bookingID, line.usedAt.formatted(.iso8601), line.offerID.rawValue, line.stockID.rawValue,
                          line.venueID?.rawValue ?? "", String(line.quantity), String(line.amountCents), line.group ? "group" : "individual"]
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
