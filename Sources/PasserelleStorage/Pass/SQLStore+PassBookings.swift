public import Foundation
public import PasserelleCore
public import PasserellePass
import SQLKit

/// Bookings, cancellations and use, each one transaction. Locks are taken in one order everywhere (the
/// beneficiary's row, then the offer's) so that concurrent bookings queue instead of deadlocking; on SQLite the one
/// writer already serialises them.
extension SQLStore {
    public func book(_ stockID: StockID, quantity: Int, for beneficiaryID: String, idempotencyKey: String?, policy: CreditPolicy,
                     now: Date, holdUntil: Date?) async throws -> Booking {
        try await writeCatalogue { catalogue in
            let database = try catalogue.db()
            // Read and locked in one round trip (FOR UPDATE on PostgreSQL; SQLite's one writer excludes the others).
            let forUpdate: SQLQueryString = database.dialect.name == "postgresql" ? " FOR UPDATE" : ""
            guard let holder = try await database.raw("SELECT verified_at FROM beneficiaries WHERE id = \(bind: beneficiaryID)\(forUpdate)").first() else {
                throw CoreError(.notFound, "no beneficiary \(beneficiaryID)")
            }
            // A free place is still a place: an account whose identity nobody verified books nothing.
            guard try holder.decode(column: "verified_at", as: Double?.self) != nil else {
                throw BookingRefusal(.identityNotVerified, "the beneficiary's identity is not verified yet")
            }
            // The stock's offer, locked, with the booking this key already made if any: one round trip, read after the
            // beneficiary's lock so that a replay racing its first try sees it. An unknown stock returns no row.
            guard let locked = try await database.raw(
                """
                SELECT \(unsafeRaw: Columns.list(Columns.offers)),
                       (SELECT id FROM bookings WHERE beneficiary_id = \(bind: beneficiaryID) AND idempotency_key = \(bind: idempotencyKey)) AS replayed_id
                FROM offers WHERE id = (SELECT offer_id FROM stocks WHERE id = \(bind: stockID.rawValue))\(forUpdate)
                """
            ).first() else {
                if let replayed = try await Self.bookingMade(with: idempotencyKey, by: beneficiaryID, in: database) { return replayed }
                throw CoreError(.notFound, "no stock \(stockID)")
            }
            if let replayedID = try locked.decode(column: "replayed_id", as: String?.self) {
                return try Self.booking(try await database.raw("SELECT * FROM bookings WHERE id = \(bind: replayedID)").first()!)
            }
            let offer = try Offer(row: locked, json: catalogue.json)
            // The stock and its booked places, read under the offer's lock (a concurrent booking or edit came first).
            guard let stockRow = try await database.raw(
                """
                SELECT \(unsafeRaw: Columns.list(Columns.stocks, alias: "s")), COALESCE(r.booked, 0) AS reserved_places
                FROM stocks s LEFT JOIN stock_reservations r ON r.stock_id = s.id WHERE s.id = \(bind: stockID.rawValue)
                """
            ).first() else { throw CoreError(.notFound, "no stock \(stockID)") }
            let stock = try Stock(row: stockRow)
            let booked = try stockRow.decode(column: "reserved_places", as: Int.self)
            let ledger = PassLedgerSQL(database: database)
            let wallet = try await ledger.wallet(of: beneficiaryID, policy: policy, at: now)
            let plan = try BookingDecision.decide(offer: offer, stock: stock, placesLeft: stock.quantity.map { $0 - booked }, quantity: quantity,
                                                  wallet: wallet, policy: policy, now: now).get()
            let booking = Booking(id: UUID().uuidString.lowercased(), beneficiaryID: beneficiaryID, offerID: offer.id, stockID: stockID,
                                  institutionID: offer.institutionID, quantity: quantity, amountCents: plan.totalCents,
                                  countermark: Countermark.make().value, status: holdUntil == nil ? .active : .pending, bookedAt: now,
                                  holdExpiresAt: holdUntil)
            let insert: SQLQueryString = """
                INSERT INTO bookings (id, beneficiary_id, offer_id, stock_id, institution_id, quantity, amount_cents, offer_access, category_id,
                                      countermark, status, booked_at, idempotency_key, hold_expires_at)
                VALUES (\(bind: booking.id), \(bind: beneficiaryID), \(bind: offer.id.rawValue), \(bind: stockID.rawValue),
                        \(bind: offer.institutionID.rawValue), \(bind: quantity), \(bind: plan.totalCents), \(bind: offer.access.rawValue),
                        \(bind: offer.categoryID.rawValue), \(bind: booking.countermark), \(bind: booking.status.rawValue),
                        \(bind: now.timeIntervalSinceReferenceDate), \(bind: idempotencyKey), \(bind: holdUntil?.timeIntervalSinceReferenceDate))
                """
            // The places, the institution's notification (when it subscribed) and the booking: one round trip on PostgreSQL.
            var writes = [StockReservationsSQL.reservation(quantity, of: stock)]
            if let type = WebhookEventType.forBooking(from: nil, to: booking.status) {
                writes.append(Self.webhookInsert(WebhookEvent.about(booking, type: type, at: now), whenSubscribed: true))
            }
            try await WriteSequence.run(writes, then: insert, in: database)
            if !plan.entries.isEmpty {
                try await ledger.post(try LedgerTransaction(id: "tx-book-" + booking.id, kind: .booking, reference: booking.id, at: now, entries: plan.entries))
            }
            return booking
        }
    }

    /// The booking `key` already made for the beneficiary, if any.
    private static func bookingMade(with key: String?, by beneficiaryID: String, in database: any SQLDatabase) async throws -> Booking? {
        guard let key else { return nil }
        return try await database.raw("SELECT * FROM bookings WHERE beneficiary_id = \(bind: beneficiaryID) AND idempotency_key = \(bind: key)")
            .first().map(Self.booking)
    }

    public func cancelBooking(_ id: String, by canceller: Canceller, policy: CreditPolicy, now: Date) async throws -> Booking {
        try await changeBooking(id, lockingBeneficiary: true, now: now, cancelledBy: canceller) { database, booking, stock in
            switch canceller {
            case .beneficiary(let beneficiaryID):
                guard booking.beneficiaryID == beneficiaryID else { throw CoreError(.notFound, "no booking \(id)") }
                try BookingDecision.beneficiaryMayCancel(bookedAt: booking.bookedAt, beginsAt: stock?.beginsAt, now: now, policy: policy).get()
            case .institution(let institution):
                guard booking.institutionID == institution else { throw CoreError(.notFound, "no booking \(id)") }
            }
            guard booking.status == .active else { throw BookingRefusal(.notCancellable, "the booking is \(booking.status.rawValue)") }
            try await Self.giveBack(booking, in: database, kind: .refund, at: now)
            return .cancelled
        }
    }

    /// Expires the active bookings of goods still not collected `policy.uncollectedGoodsExpiryDays` after being
    /// made, at most `limit` of them, each in its own transaction (places and credit given back, as a cancellation
    /// would). Returns how many expired; run it again until it returns fewer than `limit`.
    public func expireUncollectedBookings(policy: CreditPolicy, now: Date, limit: Int = 500) async throws -> Int {
        let before = BookingDecision.uncollectedBefore(now, policy: policy)
        let due = try await withReadTransaction { database in
            try await database.raw(
                """
                SELECT bookings.id FROM bookings JOIN stocks ON stocks.id = bookings.stock_id
                WHERE bookings.status = 'active' AND bookings.offer_access = \(bind: OfferAccess.onSite.rawValue) AND stocks.begins_at IS NULL
                  AND bookings.booked_at < \(bind: before.timeIntervalSinceReferenceDate)
                ORDER BY bookings.booked_at, bookings.id LIMIT \(bind: limit)
                """
            ).all().map { try $0.decode(column: "id", as: String.self) }
        }
        var expired = 0
        for id in due {
            do {
                _ = try await changeBooking(id, lockingBeneficiary: true, now: now) { database, booking, stock in
                    // Checked again under the locks: it may have been collected or cancelled since it was listed.
                    guard booking.status == .active, booking.bookedAt < before,
                          BookingDecision.isGoodsToCollect(access: OfferAccess(rawValue: try await Self.access(of: booking, in: database)) ?? .online,
                                                           beginsAt: stock?.beginsAt)
                    else { throw BookingRefusal(.notCancellable, "no longer due to expire") }
                    try await Self.giveBack(booking, in: database, kind: .expiry, at: now)
                    return .expired
                }
                expired += 1
            } catch is BookingRefusal {
                continue
            }
        }
        return expired
    }

    private static func access(of booking: Booking, in database: any SQLDatabase) async throws -> String {
        try await database.raw("SELECT offer_access FROM bookings WHERE id = \(bind: booking.id)").first()?
            .decode(column: "offer_access", as: String.self) ?? ""
    }

    /// Gives a booking's places back to its stock and its price back to the grants it came from: the booking's
    /// ledger transaction reversed, as a `refund` (cancelled) or an `expiry` (goods never collected).
    private static func giveBack(_ booking: Booking, in database: any SQLDatabase, kind: LedgerTransaction.Kind, at now: Date) async throws {
        try await StockReservationsSQL.release(booking.quantity, of: booking.stockID, in: database)
        guard booking.amountCents > 0 else { return }
        let paid = try await database.raw(
            "SELECT account_kind, account_owner, amount_cents FROM ledger_entries WHERE transaction_id = \(bind: "tx-book-" + booking.id)"
        ).all().map { LedgerEntry(try Self.account($0), try $0.decode(column: "amount_cents", as: Int64.self)) }
        let original = try LedgerTransaction(id: "tx-book-" + booking.id, kind: .booking, reference: booking.id, at: booking.bookedAt, entries: paid)
        try await PassLedgerSQL(database: database).post(original.reversal(id: "tx-\(kind.rawValue)-" + booking.id, kind: kind, at: now))
    }

    public func useBooking(countermark: Countermark, by institution: InstitutionID, now: Date) async throws -> Booking {
        let id = try await withReadTransaction { database in
            try await database.raw("SELECT id, institution_id FROM bookings WHERE countermark = \(bind: countermark.value)").first().flatMap { row in
                try row.decode(column: "institution_id", as: String.self) == institution.rawValue ? try row.decode(column: "id", as: String.self) : nil
            }
        }
        // Another institution's countermark is answered as an unknown one: a venue learns nothing of others' bookings.
        guard let id else { throw CoreError(.notFound, "no booking with this countermark") }
        return try await changeBooking(id, lockingBeneficiary: false, now: now) { _, booking, _ in
            guard booking.status == .active else { throw BookingRefusal(.notCancellable, "the booking is already \(booking.status.rawValue)") }
            return .used
        }
    }

    public func confirmHeld(_ id: String, ticket: String, now: Date) async throws -> Booking {
        do {
            var booking = try await changeBooking(id, lockingBeneficiary: false, now: now) { database, booking, _ in
                // Settled twice (the answer and a settling round): the first settlement stands.
                guard booking.status == .pending else { throw HoldAlreadySettled(booking: booking) }
                try await database.raw("UPDATE bookings SET provider_ticket = \(bind: ticket) WHERE id = \(bind: id)").run()
                return .active
            }
            booking.providerTicket = ticket
            return booking
        } catch let settled as HoldAlreadySettled {
            return settled.booking
        }
    }

    public func releaseHeld(_ id: String, now: Date) async throws -> Booking {
        do {
            return try await changeBooking(id, lockingBeneficiary: true, now: now) { database, booking, _ in
                guard booking.status == .pending else { throw HoldAlreadySettled(booking: booking) }
                try await Self.giveBack(booking, in: database, kind: .refund, at: now)
                return .cancelled
            }
        } catch let settled as HoldAlreadySettled {
            return settled.booking
        }
    }

    public func heldBookings(expiringBefore date: Date, limit: Int) async throws -> [Booking] {
        try await withReadTransaction { database in
            try await database.raw(
                """
                SELECT * FROM bookings WHERE status = 'pending' AND hold_expires_at < \(bind: date.timeIntervalSinceReferenceDate)
                ORDER BY hold_expires_at, id LIMIT \(bind: limit)
                """
            ).all().map(Self.booking)
        }
    }

    /// Locks and reads a booking, lets `change` check it and write what goes with it, then records its new status.
    private func changeBooking(
        _ id: String, lockingBeneficiary: Bool, now: Date, cancelledBy: Canceller? = nil,
        _ change: @escaping @Sendable (any SQLDatabase, Booking, Stock?) async throws -> Booking.Status
    ) async throws -> Booking {
        try await writeCatalogue { catalogue in
            let database = try catalogue.db()
            guard let row = try await database.raw("SELECT * FROM bookings WHERE id = \(bind: id)").first() else {
                throw CoreError(.notFound, "no booking \(id)")
            }
            var booking = try Self.booking(row)
            if lockingBeneficiary { try await Self.lock(database, "beneficiaries", booking.beneficiaryID) }
            try await catalogue.lockOffer(booking.offerID)
            // Read again under the locks: a concurrent change may have come first.
            booking = try Self.booking(try await database.raw("SELECT * FROM bookings WHERE id = \(bind: id)").first()!)
            let status = try await change(database, booking, try await catalogue.stock(booking.stockID))
            let notice = WebhookEventType.forBooking(from: booking.status, to: status)
            booking.status = status
            booking.changedAt = now
            if notice == .bookingCreated {
                // Confirmed by the provider: its ticket goes in the notification (the change wrote it in this transaction).
                booking.providerTicket = try await database.raw("SELECT provider_ticket FROM bookings WHERE id = \(bind: id)").first()?
                    .decode(column: "provider_ticket", as: String?.self)
            }
            // The notification, when the institution subscribed, in the change's transaction: none is lost on a crash.
            try await WriteSequence.run(
                notice.map { [Self.webhookInsert(WebhookEvent.about(booking, type: $0, cancelledBy: cancelledBy, at: now), whenSubscribed: true)] } ?? [],
                then: "UPDATE bookings SET status = \(bind: status.rawValue), changed_at = \(bind: now.timeIntervalSinceReferenceDate) WHERE id = \(bind: id)",
                in: database)
            return booking
        }
    }

    /// A hold settled before (it rolls the second settlement's transaction back, writing nothing).
    private struct HoldAlreadySettled: Error {
        let booking: Booking
    }

    /// `SELECT … FOR UPDATE` on PostgreSQL; nothing on SQLite, whose one writer excludes the others.
    static func lock(_ database: any SQLDatabase, _ table: String, _ id: String) async throws {
        guard database.dialect.name == "postgresql" else { return }
        try await database.raw("SELECT id FROM \(ident: table) WHERE id = \(bind: id) FOR UPDATE").run()
    }
}
