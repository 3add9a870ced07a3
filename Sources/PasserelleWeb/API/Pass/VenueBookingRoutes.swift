import Foundation
import Hummingbird
import HTTPTypes
import PasserelleCore
import PasserellePass

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
