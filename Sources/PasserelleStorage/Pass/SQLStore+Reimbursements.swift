public import Foundation
public import PasserelleCore
public import PasserellePass
import SQLKit

/// Reimbursement statements (the used bookings, a beneficiary's or a school group's, of an institution in a period, read in one query) and the places
/// the pages show as left.
extension SQLStore {
    public func bookedPlaces(of stocks: [StockID]) async throws -> [StockID: Int] {
        guard !stocks.isEmpty else { return [:] }
        return try await withReadTransaction { database in
            var booked: [StockID: Int] = [:]
            // The reservations row is what a booking checks and updates under its lock.
            for chunk in stride(from: 0, to: stocks.count, by: 200).map({ Array(stocks[$0..<min($0 + 200, stocks.count)]) }) {
                let rows = try await database.select().columns("stock_id", "booked").from("stock_reservations")
                    .where("stock_id", .in, chunk.map(\.rawValue)).all()
                for row in rows {
                    booked[StockID(trusted: try row.decode(column: "stock_id", as: String.self))] = try row.decode(column: "booked", as: Int.self)
                }
            }
            return booked
        }
    }

    public func usedBookings(of institution: InstitutionID, from: Date, before: Date) async throws -> [ReimbursementLine] {
        try await withReadTransaction { database in
            try await database.raw(
                """
                SELECT bookings.id AS id, bookings.changed_at AS changed_at, bookings.offer_id AS offer_id, bookings.stock_id AS stock_id,
                       bookings.quantity AS quantity, bookings.amount_cents AS amount_cents, offers.venue_id AS venue_id, 0 AS is_group
                FROM bookings JOIN offers ON offers.id = bookings.offer_id
                WHERE bookings.institution_id = \(bind: institution.rawValue) AND bookings.status = 'used'
                  AND bookings.changed_at >= \(bind: from.timeIntervalSinceReferenceDate)
                  AND bookings.changed_at < \(bind: before.timeIntervalSinceReferenceDate)
                UNION ALL
                SELECT group_bookings.id, group_bookings.changed_at, group_bookings.offer_id, group_bookings.stock_id,
                       group_bookings.pupils + group_bookings.adults, group_bookings.amount_cents, offers.venue_id, 1
                FROM group_bookings JOIN offers ON offers.id = group_bookings.offer_id
                WHERE group_bookings.institution_id = \(bind: institution.rawValue) AND group_bookings.status = 'used'
                  AND group_bookings.changed_at >= \(bind: from.timeIntervalSinceReferenceDate)
                  AND group_bookings.changed_at < \(bind: before.timeIntervalSinceReferenceDate)
                ORDER BY changed_at, id
                """
            ).all().map { row in
                ReimbursementLine(
                    bookingID: try row.decode(column: "id", as: String.self),
                    usedAt: Date(timeIntervalSinceReferenceDate: try row.decode(column: "changed_at", as: Double.self)),
                    offerID: OfferID(trusted: try row.decode(column: "offer_id", as: String.self)),
                    stockID: StockID(trusted: try row.decode(column: "stock_id", as: String.self)),
                    venueID: try row.decode(column: "venue_id", as: String?.self).map(VenueID.init(trusted:)),
                    quantity: try row.decode(column: "quantity", as: Int.self),
                    amountCents: try row.decode(column: "amount_cents", as: Int64.self),
                    group: try row.decode(column: "is_group", as: Int.self) == 1)
            }
        }
    }
}
