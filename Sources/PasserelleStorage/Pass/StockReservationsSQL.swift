import PasserelleCore
import SQLKit

/// A stock's booked places, one row shared by beneficiaries' and classes' bookings: its CHECK refuses a stock
/// booked past its quantity, whoever books. Called inside the booking's transaction, under the offer's lock.
enum StockReservationsSQL {
    static func booked(_ stock: StockID, in database: any SQLDatabase) async throws -> Int {
        try await database.raw("SELECT booked FROM stock_reservations WHERE stock_id = \(bind: stock.rawValue)").first()?
            .decode(column: "booked", as: Int.self) ?? 0
    }

    static func reserve(_ places: Int, of stock: Stock, in database: any SQLDatabase) async throws {
        try await database.raw(reservation(places, of: stock)).run()
    }

    /// The statement `reserve` runs, for a caller that sends it with another in one round trip (PostgreSQL's WITH).
    static func reservation(_ places: Int, of stock: Stock) -> SQLQueryString {
        """
        INSERT INTO stock_reservations (stock_id, booked, capacity) VALUES (\(bind: stock.id.rawValue), \(bind: places), \(bind: stock.quantity))
        ON CONFLICT (stock_id) DO UPDATE SET booked = stock_reservations.booked + excluded.booked, capacity = excluded.capacity
        """
    }

    static func release(_ places: Int, of stock: StockID, in database: any SQLDatabase) async throws {
        try await database.raw("UPDATE stock_reservations SET booked = booked - \(bind: places) WHERE stock_id = \(bind: stock.rawValue)").run()
    }
}
