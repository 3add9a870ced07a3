import Foundation
import HTTPTypes
import HummingbirdTesting
import PasserelleCore
import PasserellePass
import PasserelleStorage
import PasserelleWeb
import Testing

@Suite("Culture pass API")
struct PassAPITests {
    @Test("book with a session and an Idempotency-Key, replay, refusals as problems, cancel, countermark used by its venue only")
    func bookingOverHTTP() async throws {
        try await Fixture.using { fixture in
            let now = Date()
            try await fixture.store.createBeneficiary(Beneficiary(id: "lea", email: "lea@example.org", birthdate: "2008-01-01", verifiedAt: now, createdAt: now))
            _ = try await fixture.store.grantCredit(to: "lea", policy: Fixture.passPolicy, at: now)
            try await fixture.store.createBeneficiary(Beneficiary(id: "max", email: "max@example.org", birthdate: "2008-01-01", verifiedAt: now, createdAt: now))
            let token = try await PassSessions.open(for: "lea", in: fixture.store)
            try await fixture.store.write { tx in
                try await tx.save(Offer(id: OfferID(trusted: "o1"), institutionID: InstitutionID(trusted: "inst-a"), venueID: Fixture.venueA,
                                        title: LocalizedText([.fr: "Concert"]), categoryID: CategoryID(trusted: "music.concert"), access: .onSite, updatedAt: now))
                try await tx.save(Stock(id: StockID(trusted: "s1"), offerID: OfferID(trusted: "o1"), beginsAt: now.addingTimeInterval(86_400 * 10),
                                        quantity: 2, priceCents: 1_000))
            }
            try await fixture.test { client in
                func bearer(_ key: String, idempotency: String? = nil) -> HTTPFields {
                    var fields: HTTPFields = [.authorization: "Bearer \(key)", .contentType: "application/json"]
                    if let idempotency { fields[HTTPField.Name("Idempotency-Key")!] = idempotency }
                    return fields
                }
                let wallet = try await client.send(.get, "/api/v1/pass/wallet", headers: bearer(token))
                Conformance.expect(.get, "/api/v1/pass/wallet", wallet)
                #expect(try wallet.json["totalCents"] == 15_000)
                #expect(try await client.send(.post, "/api/v1/bookings", headers: bearer(token), json: ["stockID": "s1"]).status == .badRequest,
                        "a booking without an Idempotency-Key is refused")
                let booked = try await client.send(.post, "/api/v1/bookings", headers: bearer(token, idempotency: "b1"), json: ["stockID": "s1", "quantity": 2])
                #expect(booked.status == .created)
                Conformance.expect(.post, "/api/v1/bookings", booked)
                let replay = try await client.send(.post, "/api/v1/bookings", headers: bearer(token, idempotency: "b1"), json: ["stockID": "s1", "quantity": 2])
                #expect(replay.status == .ok && replay.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")
                #expect(try replay.json["id"] == booked.json["id"])
                let soldOut = try await client.send(.post, "/api/v1/bookings", headers: bearer(token, idempotency: "b2"), json: ["stockID": "s1"])
                #expect(try soldOut.status == .conflict && soldOut.json["type"] == "urn:passerelle:problem:sold-out")
                #expect(try await client.send(.get, "/api/v1/bookings").status == .unauthorized)
                #expect(try await client.send(.get, "/api/v1/bookings", headers: bearer("pss_forged")).status == .unauthorized)

                let code = try #require(try booked.json["countermark"]?.stringValue)
                let id = try #require(try booked.json["id"]?.stringValue)
                let read = try await client.send(.get, "/api/v1/bookings/\(id)", headers: bearer(token))
                #expect(try read.status == .ok && read.json["countermark"]?.stringValue == code)
                Conformance.expect(.get, "/api/v1/bookings/{id}", read)
                let qr = try await client.send(.get, "/api/v1/bookings/\(id)/countermark.svg", headers: bearer(token))
                #expect(qr.status == .ok && qr.headers[.contentType]?.hasPrefix("image/svg+xml") == true)
                #expect(qr.text.hasPrefix("<svg") && qr.text.contains("<title>Contremarque \(code)</title>") && qr.text.utf8.count < 6_000, "\(qr.text.prefix(300))")
                Conformance.expect(.get, "/api/v1/bookings/{id}/countermark.svg", qr)
                let other = try await PassSessions.open(for: "max", in: fixture.store)
                #expect(try await client.send(.get, "/api/v1/bookings/\(id)", headers: bearer(other)).status == .notFound,
                        "another beneficiary's booking is unknown to them")
                #expect(try await client.send(.get, "/api/v1/bookings/\(id)/countermark.svg", headers: bearer(other)).status == .notFound)
                #expect(try await client.send(.post, "/api/v1/countermarks/\(code)/use", headers: bearer(fixture.keyB)).status == .notFound,
                        "another venue's booking is unknown to it")
                let cancelled = try await client.send(.delete, "/api/v1/bookings/\(id)", headers: bearer(token))
                #expect(try cancelled.status == .ok && cancelled.json["status"] == "cancelled")
                Conformance.expect(.delete, "/api/v1/bookings/{id}", cancelled)
                let again = try await client.send(.post, "/api/v1/bookings", headers: bearer(token, idempotency: "b3"), json: ["stockID": "s1"])
                let second = try #require(try again.json["countermark"]?.stringValue)
                let used = try await client.send(.post, "/api/v1/countermarks/\(second.lowercased())/use", headers: bearer(fixture.keyA))
                #expect(try used.status == .ok && used.json["status"] == "used")
                Conformance.expect(.post, "/api/v1/countermarks/{code}/use", used)

                // The venue's side: its bookings (no beneficiary named), filtered; another institution sees none of them.
                let venueList = try await client.send(.get, "/api/v1/provider/bookings", headers: bearer(fixture.keyA))
                #expect(try venueList.status == .ok && venueList.json["items"]?.arrayValue?.count == 2 && !venueList.text.contains("lea"))
                Conformance.expect(.get, "/api/v1/provider/bookings", venueList)
                #expect(try await client.send(.get, "/api/v1/provider/bookings?status=used&stock=s1", headers: bearer(fixture.keyA)).json["items"]?.arrayValue?.count == 1)
                #expect(try await client.send(.get, "/api/v1/provider/bookings", headers: bearer(fixture.keyB)).json["items"]?.arrayValue?.count == 0)
                #expect(try await client.send(.get, "/api/v1/provider/bookings?status=lost", headers: bearer(fixture.keyA)).status == .badRequest)
                let called = try await client.send(.post, "/api/v1/bookings", headers: bearer(token, idempotency: "b4"), json: ["stockID": "s1"])
                let calledID = try #require(try called.json["id"]?.stringValue)
                #expect(try await client.send(.delete, "/api/v1/provider/bookings/\(calledID)", headers: bearer(fixture.keyB)).status == .notFound)
                let venueCancelled = try await client.send(.delete, "/api/v1/provider/bookings/\(calledID)", headers: bearer(fixture.keyA))
                #expect(try venueCancelled.status == .ok && venueCancelled.json["status"] == "cancelled")
                Conformance.expect(.delete, "/api/v1/provider/bookings/{id}", venueCancelled)
                let usedID = try #require(try used.json["id"]?.stringValue)
                #expect(try await client.send(.delete, "/api/v1/provider/bookings/\(usedID)", headers: bearer(fixture.keyA)).status == .conflict, "a used booking stays")

                // The month's statement (Paris time): the used booking, owed to A; B's statement is its own, empty.
                var paris = Calendar(identifier: .gregorian)
                paris.timeZone = TimeZone(identifier: "Europe/Paris")!
                let month = paris.dateComponents([.year, .month], from: Date())
                let period = String(format: "%04d-%02d", month.year!, month.month!)
                let statement = try await client.send(.get, "/api/v1/reimbursements/\(period)", headers: bearer(fixture.keyA))
                #expect(try statement.status == .ok && statement.json["bookings"] == 1 && statement.json["totalCents"] == 1_000)
                #expect(try statement.json["final"] == false, "the month is not over")
                #expect(try statement.json["venues"]?.arrayValue?.first?["venueID"] == "venue-a")
                Conformance.expect(.get, "/api/v1/reimbursements/{period}", statement)
                let csv = try await client.send(.get, "/api/v1/reimbursements/\(period)/lines.csv", headers: bearer(fixture.keyA))
                let rows = csv.text.split(separator: "\r\n")
                #expect(csv.headers[.contentType] == "text/csv; charset=utf-8" && rows.count == 2 && rows[1].hasSuffix(",venue-a,1,1000,individual"), "\(csv.text)")
                Conformance.expect(.get, "/api/v1/reimbursements/{period}/lines.csv", csv)
                #expect(try await client.send(.get, "/api/v1/reimbursements/\(period)", headers: bearer(fixture.keyB)).json["bookings"] == 0)
                #expect(try await client.send(.get, "/api/v1/reimbursements/2026-13", headers: bearer(fixture.keyA)).status == .notFound)
                #expect(try await client.send(.get, "/api/v1/reimbursements/\(period)").status == .unauthorized)
                #expect(try await client.send(.get, "/api/v1/reimbursements/\(period)", headers: bearer(token)).status == .unauthorized,
                        "a beneficiary's session is not an institution's key")
                #expect(try await fixture.store.auditLedger().isSound)
            }
        }
    }
}
