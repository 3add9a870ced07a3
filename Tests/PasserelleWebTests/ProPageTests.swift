import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PasserelleCore
import PasserellePass
import PasserelleStorage
import PasserelleWeb
import Testing

/// The professional area: a venue's desk checks and validates countermarks, lists its bookings, confirms a class
/// and prints its statement; a teacher books for a class against the school's budget. Each sees only their own.
@Suite("Professional pages")
struct ProPageTests {
    static let form = PassPageTests.form
    static let school = SchoolID("0750655E")!

    /// A beneficiary with a booking of s1, a desk account of institution A and one of B, a school with 500 € and its teacher.
    static func seed(_ fixture: Fixture) async throws -> (booking: Booking, desk: String, other: String, teacher: String) {
        try await PassPageTests.seedStock(fixture)
        let now = Date()
        try await fixture.store.createBeneficiary(Beneficiary(id: "eva", email: "eva@example.org", birthdate: "2008-01-01", verifiedAt: now, createdAt: now))
        _ = try await fixture.store.grantCredit(to: "eva", policy: Fixture.passPolicy, at: now)
        let booking = try await fixture.store.book(StockID(trusted: "s1"), quantity: 1, for: "eva", idempotencyKey: nil, policy: Fixture.passPolicy, now: now)
        let desk = try await ProAccountOpening.open(.venueStaff(email: "desk@example.org", institution: fixture.a.id, at: now), in: fixture.store, bcryptCost: 4)
        let other = try await ProAccountOpening.open(.venueStaff(email: "desk@b.example.org", institution: fixture.b.id, at: now), in: fixture.store, bcryptCost: 4)
        try await fixture.store.saveSchool(School(id: school, name: "Collège Victor-Hugo", departementCode: "75"))
        _ = try await fixture.store.addBudget(50_000, to: school, year: SchoolYear.containing(now), at: now)
        let teacher = try await ProAccountOpening.open(.teacher(email: "prof@example.org", school: school, at: now), in: fixture.store, bcryptCost: 4)
        return (booking, desk, other, teacher)
    }

    static func signIn(_ client: any TestClientProtocol, _ email: String, _ password: String) async throws -> HTTPFields {
        let response = try await client.send(.post, "/pro/signin?lang=en", headers: form,
                                             raw: "email=\(email.replacingOccurrences(of: "@", with: "%40"))&password=\(password)")
        #expect(response.status == .seeOther && response.headers[.location] == "/pro?lang=en", "\(response.status)")
        let cookie = try #require(response.headers[.setCookie])
        #expect(cookie.hasPrefix("passerelle_pro=pro_") && cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && cookie.contains("Max-Age=43200"))
        return PassPageTests.withCookie(response)
    }

    @Test("the desk checks a typed countermark, validates it once, and another venue learns nothing of it")
    func desk() async throws {
        try await Fixture.using { fixture in
            let (booking, deskPassword, otherPassword, _) = try await Self.seed(fixture)
            try await fixture.test { client in
                let signedOut = try await client.send(.get, "/pro?lang=en")
                #expect(signedOut.text.contains("<h1>Sign in to the professional area</h1>") && signedOut.text.contains(#"action="/pro/signin?lang=en""#))
                #expect(!signedOut.text.contains("signup"), "accounts are opened by the operator")
                let wrong = try await client.send(.post, "/pro/signin?lang=en", headers: Self.form, raw: "email=desk%40example.org&password=nope")
                #expect(wrong.status == .unauthorized && wrong.text.contains("This email and password do not match an account."))

                let cookie = try await Self.signIn(client, "desk@example.org", deskPassword)
                let home = try await client.send(.get, "/pro?lang=en", headers: cookie)
                let printed = try #require(Countermark(reading: booking.countermark)).description
                #expect(home.status == .ok && home.text.contains("Professional area — Musée A") && home.text.contains("<code>\(printed)</code>"))
                #expect(home.headers[.contentSecurityPolicy]?.contains("script-src 'self'") == true && home.text.contains(#"<script src="/static/desk.js?v="#))
                #expect(home.text.contains(#"id="scan""#) && home.text.contains(" hidden"), "the scan button waits for the script")
                let script = try await client.send(.get, "/static/desk.js")
                #expect(script.status == .ok && script.headers[.contentType] == "text/javascript; charset=utf-8" && script.text.contains("BarcodeDetector"))

                let typo = try await client.send(.get, "/pro/check?code=AAAAA-AAAAA-A&lang=en", headers: cookie)
                #expect(typo.status == .notFound && typo.text.contains("This countermark is not one of your venue"))
                // Typed in lower case and without hyphens, as people type.
                let typed = printed.replacingOccurrences(of: "-", with: "").lowercased()
                let check = try await client.send(.get, "/pro/check?code=\(typed)&lang=en", headers: cookie)
                #expect(check.status == .ok && check.text.contains("Valid countermark: 1 place(s).") && check.text.contains("Evening concert"))
                #expect(check.text.contains(#"action="/pro/check/use?lang=en""#))
                let use = try await client.send(.post, "/pro/check/use?lang=en", headers: cookie.merging(Self.form), raw: "code=\(typed)")
                #expect(use.status == .seeOther && use.headers[.location] == "/pro?lang=en&done=used")
                #expect(try await client.send(.get, "/pro?lang=en&done=used", headers: cookie).text.contains("Entry validated."))
                let again = try await client.send(.get, "/pro/check?code=\(typed)&lang=en", headers: cookie)
                #expect(again.text.contains("Already used on") && !again.text.contains("Let them in"))
                let twice = try await client.send(.post, "/pro/check/use?lang=en", headers: cookie.merging(Self.form), raw: "code=\(typed)")
                #expect(twice.status == .conflict && twice.text.contains("Already used on"), "no second entry")

                let month = StatementPeriod.containing(Date()).description
                let statement = try await client.send(.get, "/pro/statements/\(month)?lang=en", headers: cookie)
                #expect(statement.status == .ok && statement.text.contains("Reimbursement statement, ") && statement.text.contains("Provisional statement"))
                #expect(statement.text.contains("Total owed by the pass: €12.00 for 1 booking(s).") && statement.text.contains("Musée A, site Rivoli"))
                let csv = try await client.send(.get, "/pro/statements/\(month)/lines.csv", headers: cookie)
                #expect(csv.status == .ok && csv.text.hasPrefix("period,booking_id,used_at,offer_id,stock_id,venue_id,quantity,amount_cents,kind\r\n"))
                #expect(csv.text.contains(",1200,individual\r\n"))
                #expect(try await client.send(.get, "/pro/statements/\(month)/lines.csv").status == .unauthorized)
                #expect(try await client.send(.get, "/pro/statements/2026-13?lang=en", headers: cookie).status == .notFound)

                let signOut = try await client.send(.post, "/pro/signout?lang=en", headers: cookie.merging(Self.form), raw: "")
                #expect(signOut.headers[.setCookie]?.contains("Max-Age=0") == true)
                #expect(try await client.send(.get, "/pro?lang=en", headers: cookie).text.contains("Sign in to the professional area"), "that session is closed")

                // Institution B's desk: A's countermark is unknown there, and A's statement lines are not B's.
                let other = try await Self.signIn(client, "desk@b.example.org", otherPassword)
                #expect(try await client.send(.get, "/pro/check?code=\(typed)&lang=en", headers: other).status == .notFound)
                #expect(try await client.send(.post, "/pro/check/use?lang=en", headers: other.merging(Self.form), raw: "code=\(typed)").status == .notFound)
                #expect(try await client.send(.get, "/pro/statements/\(month)?lang=en", headers: other).text.contains("No booking used this month."))
                var crossSite = other.merging(Self.form)
                crossSite[HTTPField.Name("Sec-Fetch-Site")!] = "cross-site"
                #expect(try await client.send(.post, "/pro/check/use", headers: crossSite, raw: "code=\(typed)").status == .forbidden)
            }
        }
    }

    @Test("a teacher books for a class from the budget; the venue confirms; a resent form books once")
    func schoolGroup() async throws {
        try await Fixture.using { fixture in
            let (_, deskPassword, _, teacherPassword) = try await Self.seed(fixture)
            try await fixture.test { client in
                let book = try await client.send(.get, "/pass/book?stock=s1&lang=en")
                #expect(book.text.contains(#"href="/pro/group?stock=s1&amp;lang=en">Teacher? Book this date for a class</a>"#))
                let signedOut = try await client.send(.get, "/pro/group?stock=s1&lang=en")
                #expect(signedOut.text.contains("Sign in to the professional area to book for a class.") && signedOut.text.contains(#"action="/pro/signin?lang=en""#))
                let teacher = try await Self.signIn(client, "prof@example.org", teacherPassword)
                let page = try await client.send(.get, "/pro/group?stock=s1&lang=en", headers: teacher)
                #expect(page.text.contains("Budget ") && page.text.contains(": €500.00 left of €500.00.") && page.text.contains("Places left: 4"))
                let key = try #require(page.text.firstMatch(of: /name="key" value="([0-9a-f-]{36})"/)?.1)
                let bad = try await client.send(.post, "/pro/groups?lang=en", headers: teacher.merging(Self.form), raw: "stock=s1&key=\(key)&className=&pupils=0&adults=1")
                #expect(bad.status == .unprocessableContent && bad.text.contains("The class: 1 to 40 characters, on one line.") && bad.text.contains("The pupils: 1 to 60."))
                #expect(bad.text.contains(#"aria-invalid="true" aria-describedby="className-problem""#) && !bad.text.contains(#"id="adults-problem""#))
                let full = try await client.send(.post, "/pro/groups?lang=en", headers: teacher.merging(Self.form), raw: "stock=s1&key=k-full&className=4e+B&pupils=4&adults=1")
                #expect(full.status == .conflict && full.text.contains("not enough places are left."), "4 places, 5 people")
                for _ in 0..<2 {
                    let sent = try await client.send(.post, "/pro/groups?lang=en", headers: teacher.merging(Self.form), raw: "stock=s1&key=\(key)&className=4e+B&pupils=3&adults=1")
                    #expect(sent.status == .seeOther && sent.headers[.location] == "/pro?lang=en&done=requested")
                }
                let mine = try await client.send(.get, "/pro?lang=en&done=requested", headers: teacher)
                #expect(mine.text.contains("Request sent") && mine.text.contains("Collège Victor-Hugo") && mine.text.contains(": €464.00 left of €500.00."))
                #expect(mine.text.contains("<td>4e B</td>") && mine.text.contains("To confirm") && mine.headers[.contentSecurityPolicy]?.contains("script-src") == false)
                let groups = try await fixture.store.groupBookings(ofSchool: Self.school, year: SchoolYear.containing(Date()))
                #expect(groups.count == 1, "the same form twice is one request")
                let id = try #require(groups.first?.id)
                #expect(try await client.send(.post, "/pro/groups/\(id)/confirm?lang=en", headers: teacher.merging(Self.form), raw: "").status == .conflict,
                        "a teacher does not confirm their own request")

                let desk = try await Self.signIn(client, "desk@example.org", deskPassword)
                let home = try await client.send(.get, "/pro?lang=en", headers: desk)
                #expect(home.text.contains(#"aria-label="Confirm — 4e B, Collège Victor-Hugo""#))
                let confirmed = try await client.send(.post, "/pro/groups/\(id)/confirm?lang=en", headers: desk.merging(Self.form), raw: "")
                #expect(confirmed.status == .seeOther && confirmed.headers[.location] == "/pro?lang=en&done=saved")
                #expect(try await client.send(.post, "/pro/groups/\(id)/explode?lang=en", headers: desk.merging(Self.form), raw: "").status == .notFound)
                #expect(try await client.send(.get, "/pro?lang=en", headers: teacher).text.contains("<td>Confirmed</td>"))
                #expect(try await client.send(.get, "/pro?done=paid", headers: teacher).status == .badRequest)
                #expect(try await fixture.store.auditLedger().isSound)
            }
        }
    }

    @Test("without a pass policy the navigation does not offer the pass, nor the footer the professional area")
    func chromeFollowsConfiguration() async throws {
        try await Fixture.using { fixture in
            var dependencies = fixture.dependencies()
            dependencies.passPolicy = nil
            let app = Application(router: makeRouter(dependencies))
            try await app.test(.router) { client in
                let home = try await client.send(.get, "/?lang=en").text
                #expect(!home.contains(#"href="/pass?lang=en""#) && !home.contains(#"href="/pro?lang=en""#))
            }
            try await fixture.test { client in
                let home = try await client.send(.get, "/?lang=en").text
                #expect(home.contains(#"href="/pass?lang=en""#) && home.contains(#"href="/pro?lang=en""#))
            }
        }
    }
}
