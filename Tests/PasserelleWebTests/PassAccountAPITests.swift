import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PasserelleCore
import PasserellePass
import PasserelleStorage
import PasserelleWeb
import Testing

@Suite("Culture pass accounts: sign up, sign in, verify, password, limits")
struct PassAccountAPITests {
    static let password = "correct horse battery"

    static func json(_ token: String? = nil) -> HTTPFields {
        var fields: HTTPFields = [.contentType: "application/json"]
        if let token { fields[.authorization] = "Bearer \(token)" }
        return fields
    }

    static func signUp(_ client: any TestClientProtocol, _ email: String, password: String = Self.password) async throws -> TestResponse {
        try await client.send(.post, "/api/v1/pass/beneficiaries", headers: json(),
                              json: ["email": .string(email), "password": .string(password), "birthdate": "2008-01-01"])
    }

    static func signIn(_ client: any TestClientProtocol, _ email: String, password: String) async throws -> TestResponse {
        try await client.send(.post, "/api/v1/pass/sessions", headers: json(), json: ["email": .string(email), "password": .string(password)])
    }

    @Test("an account signs up unverified, books nothing until verified, then books with its credit")
    func signUpVerifyBook() async throws {
        try await Fixture.using { fixture in
            let now = Date()
            try await fixture.store.write { tx in
                try await tx.save(Offer(id: OfferID(trusted: "o1"), institutionID: InstitutionID(trusted: "inst-a"), venueID: Fixture.venueA,
                                        title: LocalizedText([.fr: "Concert"]), categoryID: CategoryID(trusted: "music.concert"), access: .onSite, updatedAt: now))
                try await tx.save(Stock(id: StockID(trusted: "s1"), offerID: OfferID(trusted: "o1"), beginsAt: now.addingTimeInterval(86_400 * 10),
                                        quantity: 5, priceCents: 1_000))
            }
            try await fixture.test { client in
                let created = try await Self.signUp(client, " Zoe@Example.org")
                #expect(created.status == .created && created.headers[.location] == "/api/v1/pass/me")
                #expect(created.headers[.cacheControl] == "no-store", "a token is never cached")
                Conformance.expect(.post, "/api/v1/pass/beneficiaries", created)
                let token = try #require(try created.json["token"]?.stringValue)
                #expect(token.hasPrefix("pss_"))
                #expect(try created.json["beneficiary"]?["email"] == "zoe@example.org")
                #expect(try created.json["beneficiary"]?["verified"] == false)
                #expect(!created.text.contains("$2"), "no bcrypt hash in an answer")

                let me = try await client.send(.get, "/api/v1/pass/me", headers: Self.json(token))
                #expect(try me.status == .ok && me.json["email"] == "zoe@example.org")
                Conformance.expect(.get, "/api/v1/pass/me", me)

                var fields = Self.json(token)
                fields[HTTPField.Name("Idempotency-Key")!] = "z1"
                let refused = try await client.send(.post, "/api/v1/bookings", headers: fields, json: ["stockID": "s1"])
                #expect(try refused.status == .conflict && refused.json["type"] == "urn:passerelle:problem:identity-not-verified",
                        "an unverified account books nothing: \(refused.text)")

                // The operator's step (`passerelle pass beneficiary verify`), then the credit of the age.
                let verified = try #require(try await fixture.store.markVerified(email: "zoe@example.org", at: now))
                _ = try await fixture.store.grantCredit(to: verified.id, policy: Fixture.passPolicy, at: now)
                fields[HTTPField.Name("Idempotency-Key")!] = "z2"
                let booked = try await client.send(.post, "/api/v1/bookings", headers: fields, json: ["stockID": "s1"])
                #expect(booked.status == .created, "\(booked.text)")
                #expect(try await client.send(.get, "/api/v1/pass/me", headers: Self.json(token)).json["verified"] == true)

                #expect(try await Self.signUp(client, "zoe@example.org").status == .conflict, "one account per email")
                let weak = try await Self.signUp(client, "short@example.org", password: "tooshort")
                #expect(try weak.status == .unprocessableContent && weak.json["errors"]?.arrayValue?.first?["code"] == "weak-password", "\(weak.text)")
                let long = try await Self.signUp(client, "long@example.org", password: String(repeating: "é", count: 37))
                #expect(long.status == .unprocessableContent, "74 bytes: bcrypt would silently cut it")
                let bad = try await client.send(.post, "/api/v1/pass/beneficiaries", headers: Self.json(),
                                                json: ["email": "not an email", "password": "short", "birthdate": "2008-02-30"])
                let badFields = try bad.json["errors"]?.arrayValue?.compactMap { $0["field"]?.stringValue } ?? []
                #expect(bad.status == .unprocessableContent && Set(badFields) == ["email", "password", "birthdate"], "every field's issue at once: \(bad.text)")
                let unknownField = try await client.send(.post, "/api/v1/pass/beneficiaries", headers: Self.json(),
                                                         json: ["email": "x@example.org", "password": .string(Self.password), "birthdate": "2008-01-01", "verified": true])
                #expect(unknownField.status == .unprocessableContent || unknownField.status == .badRequest, "no one verifies themselves")
                #expect(try await fixture.store.credentials(email: "x@example.org") == nil)
            }
        }
    }

    @Test("sign in, wrong passwords limited per account with Retry-After, a success refunds, sign out closes that session")
    func signInAndLimits() async throws {
        try await Fixture.using { fixture in
            try await fixture.test { client in
                #expect(try await Self.signUp(client, "ana@example.org").status == .created)
                let wrong = try await Self.signIn(client, "ana@example.org", password: "not the password")
                #expect(try wrong.status == .unauthorized && wrong.json["type"] == "urn:passerelle:problem:invalid-credentials")
                let unknown = try await Self.signIn(client, "nobody@example.org", password: "not the password")
                #expect(try unknown.status == .unauthorized && unknown.json["detail"] == wrong.json["detail"],
                        "an unknown email reads as a wrong password")

                // 1 wrong so far; 3 more, then a right one refunds itself: still 4 counted, room for 1.
                for _ in 0..<3 { #expect(try await Self.signIn(client, "ANA@example.org", password: "guess").status == .unauthorized) }
                let signedIn = try await Self.signIn(client, "ana@example.org", password: Self.password)
                #expect(signedIn.status == .created)
                Conformance.expect(.post, "/api/v1/pass/sessions", signedIn)
                #expect(try await Self.signIn(client, "ana@example.org", password: "guess").status == .unauthorized, "the 5th wrong one")
                let limited = try await Self.signIn(client, "ana@example.org", password: Self.password)
                #expect(try limited.status == .tooManyRequests && limited.json["type"] == "urn:passerelle:problem:rate-limited")
                let retryAfter = try #require(limited.headers[.retryAfter].flatMap { Int($0) })
                #expect(retryAfter >= 1 && retryAfter <= 1_800, "at most two windows: \(retryAfter)")
                #expect(try await Self.signIn(client, "other@example.org", password: "guess").status == .unauthorized,
                        "another account keeps its own tries")

                let token = try #require(try signedIn.json["token"]?.stringValue)
                let signedOut = try await client.send(.delete, "/api/v1/pass/sessions/current", headers: Self.json(token))
                #expect(signedOut.status == .noContent)
                Conformance.expect(.delete, "/api/v1/pass/sessions/current", signedOut)
                #expect(try await client.send(.get, "/api/v1/pass/me", headers: Self.json(token)).status == .unauthorized)
            }
        }
    }

    @Test("changing the password needs the current one, closes every session and hands back a new one")
    func passwordChange() async throws {
        try await Fixture.using { fixture in
            try await fixture.test { client in
                let first = try #require(try await Self.signUp(client, "lou@example.org").json["token"]?.stringValue)
                let second = try #require(try await Self.signIn(client, "lou@example.org", password: Self.password).json["token"]?.stringValue)
                let change: (String, String) -> JSONValue = { ["currentPassword": .string($0), "newPassword": .string($1)] }
                let wrong = try await client.send(.put, "/api/v1/pass/password", headers: Self.json(first), json: change("guess", "a brand new password"))
                #expect(try wrong.status == .forbidden && wrong.json["type"] == "urn:passerelle:problem:invalid-credentials")
                let weak = try await client.send(.put, "/api/v1/pass/password", headers: Self.json(first), json: change(Self.password, "short"))
                #expect(weak.status == .unprocessableContent)
                #expect(try await client.send(.put, "/api/v1/pass/password", json: change(Self.password, "a brand new password")).status == .unauthorized)

                let changed = try await client.send(.put, "/api/v1/pass/password", headers: Self.json(first), json: change(Self.password, "a brand new password"))
                #expect(changed.status == .ok)
                Conformance.expect(.put, "/api/v1/pass/password", changed)
                let fresh = try #require(try changed.json["token"]?.stringValue)
                for old in [first, second] {
                    #expect(try await client.send(.get, "/api/v1/pass/me", headers: Self.json(old)).status == .unauthorized, "every old session closed")
                }
                #expect(try await client.send(.get, "/api/v1/pass/me", headers: Self.json(fresh)).status == .ok)
                #expect(try await Self.signIn(client, "lou@example.org", password: Self.password).status == .unauthorized)
                #expect(try await Self.signIn(client, "lou@example.org", password: "a brand new password").status == .created)
            }
        }
    }

    @Test("countermark checks are limited per institution")
    func countermarkLimit() async throws {
        try await Fixture.using { fixture in
            // A limit of 5 an hour: the same rule as the default 120 a minute, and no race with a slow machine's clock.
            var dependencies = fixture.dependencies()
            dependencies.passAccounts.limits.countermarkPerInstitution = try #require(RateLimit(limit: 5, window: 3_600))
            try await Application(router: makeRouter(dependencies)).test(.router) { client in
                var last: TestResponse?
                for _ in 0..<6 { last = try await client.send(.post, "/api/v1/countermarks/GDW4V-CNPG4-W/use", headers: fixture.auth(fixture.keyA)) }
                #expect(last?.status == .tooManyRequests, "the 6th check in the window")
                #expect(try await client.send(.post, "/api/v1/countermarks/GDW4V-CNPG4-W/use", headers: fixture.auth(fixture.keyB)).status == .notFound,
                        "another institution's door is counted apart")
            }
        }
    }
}
