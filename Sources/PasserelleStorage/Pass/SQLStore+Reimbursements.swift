public import Foundation
public import PasserelleCore
public import PasserellePass
import SQLKit

/// Reimbursement statements: the used bookings of an institution in a period, read in one query.
extension SQLStore {
    public func usedBookings(of institution: InstitutionID, from: Date, before: Date) async throws -> [ReimbursementLine] {
        try await withReadTransaction { database in
            try await database.raw(
                """
                SELECT bookings.id, bookings.changed_at, bookings.offer_id, bookings.stock_id, bookings.quantity, bookings.amount_cents,
                       offers.venue_id
                FROM bookings JOIN offers ON offers.id = bookings.offer_id
                WHERE bookings.institution_id = \(bind: institution.rawValue) AND bookings.status = 'used'
                  AND bookings.changed_at >= \(bind: from.timeIntervalSinceReferenceDate)
                  AND bookings.changed_at < \(bind: before.timeIntervalSinceReferenceDate)
                ORDER BY bookings.changed_at, bookings.id
                """
            ).all().map { row in
                ReimbursementLine(
                    bookingID: try row.decode(column: "id", as: String.self),
                    usedAt: Date(timeIntervalSinceReferenceDate: try row.decode(column: "changed_at", as: Double.self)),
                    offerID: OfferID(trusted: try row.decode(column: "offer_id", as: String.self)),
                    stockID: StockID(trusted: try row.decode(column: "stock_id", as: String.self)),
                    venueID: try row.decode(column: "venue_id", as: String?.self).map(VenueID.init(trusted:)),
                    quantity: try row.decode(column: "quantity", as: Int.self),
                    amountCents: try row.decode(column: "amount_cents", as: Int64.self))
            }
        }
    }
}
