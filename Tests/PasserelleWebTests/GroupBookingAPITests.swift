import Foundation
import HTTPTypes
import HummingbirdTesting
import PasserelleCore
import PasserellePass
import PasserelleStorage
import PasserelleWeb
import Testing

/// Class bookings over the API: a teacher signs in (pro_ token), books with an Idempotency-Key, reads the budget and
/// cancels; the venue lists and confirms with its institution's key; nobody else reaches them.
@Suite("Class bookings API")
struct GroupBookingAPITests {
    @Test("teacher: sign in, book (replay-safe), list with the budget; venue: list, confirm; others: 401, 403, 404")
    func journey() async throws {
        try await Fixture.using { fixture in
            let (_, deskPassword, _, teacherPassword) = try await ProPageTests.seed(fixture)
            try await fixture.test { client in
                let json: HTTPFields = [.contentType: "application/json"]
                let wrong = try await client.send(.post, "/api/v1/pro/sessions", headers: json, json: ["email": "prof@example.org", "password": "nope"])
                #expect(wrong.status == .unauthorized)
                let opened = try await client.send(.post, "/api/v1/pro/sessions", headers: json, json: ["email": "prof@example.org", "password": .string(teacherPassword)])
                #expect(try opened.status == .created && opened.json["member"]?["role"] == "teacher")
                Conformance.expect(.post, "/api/v1/pro/sessions", opened)
                let token = try #require(try opened.json["token"]?.stringValue)
                var teacher: HTTPFields = [.authorization: "Bearer \(token)", .contentType: "application/json"]

                #expect(try await client.send(.get, "/api/v1/group-bookings").status == .unauthorized)
                #expect(try await client.send(.get, "/api/v1/group-bookings", headers: [.authorization: "Bearer pss_nope"]).status == .unauthorized)
                let noKey = try await client.send(.post, "/api/v1/group-bookings", headers: teacher, json: ["stockID": "s1", "className": "4e B", "pupils": 3])
                #expect(noKey.status == .badRequest)
                teacher[HTTPField.Name("Idempotency-Key")!] = "g-1"
                let body: JSONValue = ["stockID": "s1", "className": "4e B", "pupils": 3, "adults": 1]
                let made = try await client.send(.post, "/api/v1/group-bookings", headers: teacher, json: body)
                #expect(try made.status == .created && made.json["status"] == "requested" && made.json["amountCents"] == 3_600)
                Conformance.expect(.post, "/api/v1/group-bookings", made)
                let replay = try await client.send(.post, "/api/v1/group-bookings", headers: teacher, json: body)
                #expect(try replay.status == .ok && replay.headers[HTTPField.Name("Idempotent-Replayed")!] == "true" && replay.json["id"] == made.json["id"])
                let reused = try await client.send(.post, "/api/v1/group-bookings", headers: teacher, json: ["stockID": "s1", "className": "4e B", "pupils": 4])
                #expect(reused.status == .unprocessableContent)
                teacher[HTTPField.Name("Idempotency-Key")!] = "g-2"
                let full = try await client.send(.post, "/api/v1/group-bookings", headers: teacher, json: ["stockID": "s1", "className": "3e", "pupils": 9])
                #expect(try full.status == .conflict && full.json["type"] == "urn:passerelle:problem:sold-out")
                let bad = try await client.send(.post, "/api/v1/group-bookings", headers: teacher, json: ["stockID": "s1", "className": "", "pupils": 0])
                #expect(bad.status == .unprocessableContent)

                let mine = try await client.send(.get, "/api/v1/group-bookings", headers: teacher)
                #expect(try mine.status == .ok && mine.json["budget"]?["leftCents"] == 46_400 && mine.json["items"]?.arrayValue?.count == 1)
                Conformance.expect(.get, "/api/v1/group-bookings", mine)
                let id = try #require(try made.json["id"]?.stringValue)
                let one = try await client.send(.get, "/api/v1/group-bookings/\(id)", headers: teacher)
                #expect(one.status == .ok && made.headers[.location] == "/api/v1/group-bookings/\(id)")
                Conformance.expect(.get, "/api/v1/group-bookings/{id}", one)

                // The venue's side, with its institution's key; another institution sees nothing of it.
                let listed = try await client.send(.get, "/api/v1/provider/group-bookings?status=requested", headers: fixture.auth(fixture.keyA))
                #expect(try listed.status == .ok && listed.json["items"]?.arrayValue?.first?["id"] == .string(id))
                Conformance.expect(.get, "/api/v1/provider/group-bookings", listed)
                #expect(try await client.send(.get, "/api/v1/provider/group-bookings", headers: fixture.auth(fixture.keyB)).json["items"]?.arrayValue?.isEmpty == true)
                #expect(try await client.send(.post, "/api/v1/provider/group-bookings/\(id)/confirm", headers: fixture.auth(fixture.keyB)).status == .notFound)
                #expect(try await client.send(.post, "/api/v1/provider/group-bookings/\(id)/explode", headers: fixture.auth(fixture.keyA)).status == .notFound)
                let confirmed = try await client.send(.post, "/api/v1/provider/group-bookings/\(id)/confirm", headers: fixture.auth(fixture.keyA))
                #expect(try confirmed.status == .ok && confirmed.json["status"] == "confirmed")
                Conformance.expect(.post, "/api/v1/provider/group-bookings/{id}/{change}", confirmed)
                let twice = try await client.send(.post, "/api/v1/provider/group-bookings/\(id)/confirm", headers: fixture.auth(fixture.keyA))
                #expect(twice.status == .conflict)

                let cancelled = try await client.send(.delete, "/api/v1/group-bookings/\(id)", headers: teacher)
                #expect(try cancelled.status == .ok && cancelled.json["status"] == "cancelled")
                #expect(try await client.send(.get, "/api/v1/group-bookings", headers: teacher).json["budget"]?["leftCents"] == 50_000)

                // A venue's staff session is not a teacher's.
                let desk = try await client.send(.post, "/api/v1/pro/sessions", headers: json, json: ["email": "desk@example.org", "password": .string(deskPassword)])
                let deskToken = try #require(try desk.json["token"]?.stringValue)
                #expect(try await client.send(.get, "/api/v1/group-bookings", headers: [.authorization: "Bearer \(deskToken)"]).status == .forbidden)
                #expect(try await client.send(.delete, "/api/v1/pro/sessions/current", headers: teacher).status == .noContent)
                #expect(try await client.send(.get, "/api/v1/group-bookings", headers: teacher).status == .unauthorized, "signed out")
                #expect(try await fixture.store.auditLedger().isSound)
            }
        }
    }

    @Test("a teacher reads a class booking of an earlier school year; another school's is 404")
    func earlierYear() async throws {
        try await Fixture.using { fixture in
            let (_, _, _, teacherPassword) = try await ProPageTests.seed(fixture)
            let lastYear = Date().addingTimeInterval(-365 * 86_400)
            _ = try await fixture.store.addBudget(50_000, to: ProPageTests.school, year: SchoolYear.containing(lastYear), at: lastYear)
            let teacher = try #require(try await fixture.store.staffCredentials(email: "prof@example.org")?.member)
            let old = try await fixture.store.requestGroupBooking(GroupBookingRequest(stockID: StockID(trusted: "s1"), className: "5e A", pupils: 2, adults: 0),
                                                                  by: teacher, idempotencyKey: nil, now: lastYear)
            let otherSchool = SchoolID("0310001A")!
            try await fixture.store.saveSchool(School(id: otherSchool, name: "Collège Jean-Jaurès", departementCode: "31"))
            let otherPassword = try await ProAccountOpening.open(.teacher(email: "autre@example.org", school: otherSchool, at: Date()), in: fixture.store, bcryptCost: 4)
            try await fixture.test { client in
                func bearer(_ email: String, _ password: String) async throws -> HTTPFields {
                    let opened = try await client.send(.post, "/api/v1/pro/sessions", headers: [.contentType: "application/json"],
                                                       json: ["email": .string(email), "password": .string(password)])
                    return [.authorization: "Bearer \(try #require(try opened.json["token"]?.stringValue))"]
                }
                let mine = try await client.send(.get, "/api/v1/group-bookings/\(old.id)", headers: try await bearer("prof@example.org", teacherPassword))
                #expect(try mine.status == .ok && mine.json["className"] == "5e A", "last school year's booking is still the school's to read")
                let theirs = try await client.send(.get, "/api/v1/group-bookings/\(old.id)", headers: try await bearer("autre@example.org", otherPassword))
                #expect(theirs.status == .notFound, "another school's booking is answered as an unknown one")
            }
        }
    }
}
