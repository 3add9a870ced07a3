import Foundation
import HTTPTypes
import HummingbirdTesting
import PasserelleCore
import PasserellePass
import PasserelleStorage
import PasserelleWeb
import Testing

/// The pass's pages: sign up, sign in, book from an offer, see the countermark as a QR Code, cancel, sign out —
/// without JavaScript, forms only from our own pages, one booking per form however often it is sent.
@Suite("Culture pass pages")
struct PassPageTests {
    static let form: HTTPFields = [.contentType: "application/x-www-form-urlencoded", .origin: "http://localhost"]

    static func withCookie(_ response: TestResponse, _ fields: HTTPFields = [:]) -> HTTPFields {
        var fields = fields
        fields[.cookie] = response.headers[.setCookie]?.split(separator: ";").first.map(String.init) ?? ""
        return fields
    }

    static func seedStock(_ fixture: Fixture) async throws {
        let now = Date()
        try await fixture.store.write { tx in
            try await tx.save(Offer(id: OfferID(trusted: "o1"), institutionID: InstitutionID(trusted: "inst-a"), venueID: Fixture.venueA,
                                    title: LocalizedText([.fr: "Concert du soir", .en: "Evening concert"]), categoryID: CategoryID(trusted: "music.concert"),
                                    access: .onSite, updatedAt: now))
            try await tx.save(Stock(id: StockID(trusted: "s1"), offerID: OfferID(trusted: "o1"), beginsAt: now.addingTimeInterval(86_400 * 10),
                                    quantity: 5, priceCents: 1_200))
        }
    }

    @Test("sign up, verified, book from the offer page, the QR Code, a resent form books once, cancel, sign out")
    func journey() async throws {
        try await Fixture.using(seed: Self.seedStock) { fixture in
            try await fixture.test { client in
                #expect(try await client.send(.get, "/pass?done=").status == .badRequest, "a page refuses what it does not understand")
                #expect(try await client.send(.get, "/pass?done=paid").status == .badRequest)
                let signedOut = try await client.send(.get, "/pass?lang=en")
                #expect(signedOut.status == .ok && signedOut.headers[.cacheControl] == "private, no-store")
                #expect(signedOut.text.contains("<h1>Sign in to the pass</h1>") && signedOut.text.contains(#"autocomplete="current-password""#))

                let signedUp = try await client.send(.post, "/pass/signup?lang=en", headers: Self.form,
                                                     raw: "email=nina%40example.org&password=correct+horse+battery&birthdate=2008-01-01")
                #expect(signedUp.status == .seeOther && signedUp.headers[.location] == "/pass?lang=en")
                let setCookie = try #require(signedUp.headers[.setCookie])
                #expect(setCookie.hasPrefix("passerelle_pass=pss_") && setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Lax"))
                #expect(!setCookie.contains("Secure"), "the test origin is http")
                let cookie = Self.withCookie(signedUp)
                let mine = try await client.send(.get, "/pass?lang=en", headers: cookie)
                #expect(mine.text.contains("Signed in as nina@example.org") && mine.text.contains("Your identity is not verified yet"))

                let offer = try await client.send(.get, "/offers/o1?lang=en")
                #expect(offer.text.contains(#"href="/pass/book?stock=s1&amp;lang=en">Book with the pass</a>"#))
                let unverified = try await client.send(.post, "/pass/bookings?lang=en", headers: cookie.merging(Self.form),
                                                       raw: "stock=s1&quantity=1&key=k-unverified")
                #expect(unverified.status == .conflict && unverified.text.contains("your identity is not verified yet."))

                let nina = try #require(try await fixture.store.markVerified(email: "nina@example.org", at: Date()))
                _ = try await fixture.store.grantCredit(to: nina.id, policy: Fixture.passPolicy, at: Date())
                let book = try await client.send(.get, "/pass/book?stock=s1&lang=en", headers: cookie)
                #expect(book.status == .ok && book.text.contains("Evening concert") && book.text.contains("You have €150.00 left."))
                let key = try #require(book.text.firstMatch(of: /name="key" value="([0-9a-f-]{36})"/)?.1)
                for _ in 0..<2 {
                    let booked = try await client.send(.post, "/pass/bookings?lang=en", headers: cookie.merging(Self.form),
                                                       raw: "stock=s1&quantity=2&key=\(key)")
                    #expect(booked.status == .seeOther && booked.headers[.location] == "/pass?lang=en&done=booked")
                }
                #expect(try await fixture.store.bookings(of: nina.id).count == 1, "the same form twice is one booking")
                let after = try await client.send(.get, "/pass?lang=en&done=booked", headers: cookie)
                let html = after.text
                #expect(html.contains("Booking confirmed.") && html.contains("You have €126.00 left."))
                #expect(html.contains("<svg") && html.contains("<title>QR code of countermark "))
                let booking = try #require(try await fixture.store.bookings(of: nina.id).first)
                let printed = try #require(Countermark(reading: booking.countermark)).description
                #expect(html.contains(#"<code class="countermark">\#(printed)</code>"#))

                let tooMany = try await client.send(.post, "/pass/bookings?lang=en", headers: cookie.merging(Self.form),
                                                    raw: "stock=s1&quantity=9&key=k-many")
                #expect(tooMany.status == .unprocessableContent || tooMany.status == .conflict, "\(tooMany.status)")

                let cancelled = try await client.send(.post, "/pass/bookings/\(booking.id)/cancel?lang=en", headers: cookie.merging(Self.form), raw: "")
                #expect(cancelled.status == .seeOther && cancelled.headers[.location] == "/pass?lang=en&done=cancelled")
                let back = try await client.send(.get, "/pass?lang=en&done=cancelled", headers: cookie)
                #expect(back.text.contains("Booking cancelled") && back.text.contains("Cancelled") && back.text.contains("You have €150.00 left."))

                let signOut = try await client.send(.post, "/pass/signout?lang=en", headers: cookie.merging(Self.form), raw: "")
                #expect(signOut.status == .seeOther && signOut.headers[.setCookie]?.contains("Max-Age=0") == true)
                #expect(try await client.send(.get, "/pass?lang=en", headers: cookie).text.contains("Sign in to the pass"), "that session is closed")
            }
        }
    }

    @Test("places left on the offer and booking pages; a sold-out stock offers no form")
    func soldOut() async throws {
        try await Fixture.using(seed: Self.seedStock) { fixture in
            let now = Date()
            try await fixture.store.write { tx in
                try await tx.save(Stock(id: StockID(trusted: "last"), offerID: OfferID(trusted: "o1"), beginsAt: now.addingTimeInterval(86_400 * 12),
                                        quantity: 1, priceCents: 500))
            }
            try await fixture.store.createBeneficiary(Beneficiary(id: "eva", email: "eva@example.org", birthdate: "2008-01-01", verifiedAt: now, createdAt: now))
            _ = try await fixture.store.grantCredit(to: "eva", policy: Fixture.passPolicy, at: now)
            try await fixture.test { client in
                let before = try await client.send(.get, "/pass/book?stock=last&lang=en")
                #expect(before.text.contains("Places left: 1"))
                _ = try await fixture.store.book(StockID(trusted: "last"), quantity: 1, for: "eva", idempotencyKey: nil, policy: Fixture.passPolicy, now: now)
                let after = try await client.send(.get, "/pass/book?stock=last&lang=en")
                #expect(after.text.contains("Sold out: no place is left.") && !after.text.contains("Confirm the booking") && !after.text.contains("Sign in"))
                let offer = try await client.send(.get, "/offers/o1?lang=en").text
                #expect(offer.contains("<td>0</td><td>Sold out: no place is left.</td>"), "the offer page says so, and links nowhere")
                #expect(offer.contains("<td>5</td>"), "the other stock still has its 5 places")
            }
        }
    }

    @Test("sign-in errors say what went wrong in the page's language; other sites' forms are refused")
    func signInErrors() async throws {
        try await Fixture.using(seed: Self.seedStock) { fixture in
            try await fixture.test { client in
                _ = try await client.send(.post, "/pass/signup", headers: Self.form, raw: "email=ola%40example.org&password=correct+horse+battery&birthdate=2008-01-01")
                let wrong = try await client.send(.post, "/pass/signin?lang=pl", headers: Self.form, raw: "email=ola%40example.org&password=guess")
                #expect(wrong.status == .unauthorized && wrong.text.contains("Ten adres i hasło nie pasują do żadnego konta."))
                #expect(wrong.text.contains(#"value="ola@example.org""#) && !wrong.text.contains("guess"), "the email is kept, the password never")
                let back = try await client.send(.post, "/pass/signin?lang=fr", headers: Self.form,
                                                 raw: "email=ola%40example.org&password=correct+horse+battery&back=%2Fpass%2Fbook%3Fstock%3Ds1%26lang%3Dfr")
                #expect(back.status == .seeOther && back.headers[.location] == "/pass/book?stock=s1&lang=fr")
                let offsite = try await client.send(.post, "/pass/signin", headers: Self.form,
                                                    raw: "email=ola%40example.org&password=correct+horse+battery&back=https%3A%2F%2Fevil.example%2F")
                #expect(offsite.headers[.location] == "/pass?lang=fr", "never sent back off the site")
                let weak = try await client.send(.post, "/pass/signup?lang=de", headers: Self.form, raw: "email=bad&password=short&birthdate=2008-02-30")
                #expect(weak.status == .unprocessableContent && weak.text.contains("Die E-Mail-Adresse ist ungültig.") && weak.text.contains(#"role="alert""#))
                var crossSite = Self.form
                crossSite[HTTPField.Name("Sec-Fetch-Site")!] = "cross-site"
                #expect(try await client.send(.post, "/pass/signin", headers: crossSite, raw: "email=ola%40example.org&password=x").status == .forbidden)
                for _ in 0..<4 { _ = try await client.send(.post, "/pass/signin?lang=en", headers: Self.form, raw: "email=ola%40example.org&password=guess") }
                let limited = try await client.send(.post, "/pass/signin?lang=en", headers: Self.form, raw: "email=ola%40example.org&password=guess")
                #expect(limited.status == .tooManyRequests && limited.headers[.retryAfter] != nil && limited.text.contains("Too many attempts"))
                #expect(try await client.send(.get, "/pass/book?stock=nope").status == .notFound)
            }
        }
    }
}
