import Foundation
import HTTPTypes
import HummingbirdTesting
import PasserelleCore
import PasserellePass
import PasserelleStorage
import PasserelleWeb
import Testing

@Suite("Professionals' own accounts over the API")
struct ProAccountAPITests {
    @Test("venue staff sign out; any professional changes their password: the current one is checked, every session closes, this device gets a new one")
    func signOutAndChangePassword() async throws {
        try await Fixture.using { fixture in
            let (_, deskPassword, _, _) = try await ProPageTests.seed(fixture)
            try await fixture.test { client in
                let json: HTTPFields = [.contentType: "application/json"]
                func signIn(_ password: String) async throws -> TestResponse {
                    try await client.send(.post, "/api/v1/pro/sessions", headers: json, json: ["email": "desk@example.org", "password": .string(password)])
                }
                func bearer(_ response: TestResponse) throws -> HTTPFields {
                    [.authorization: "Bearer \(try #require(try response.json["token"]?.stringValue))", .contentType: "application/json"]
                }
                let first = try bearer(try await signIn(deskPassword))
                let second = try bearer(try await signIn(deskPassword))
                #expect(try await client.send(.delete, "/api/v1/pro/sessions/current", headers: second).status == .noContent,
                        "venue staff sign out too, not only teachers")
                #expect(try await client.send(.delete, "/api/v1/pro/sessions/current", headers: second).status == .unauthorized, "that token is gone")
                #expect(try await client.send(.put, "/api/v1/pro/password", headers: json, json: ["currentPassword": "x", "newPassword": "y"]).status == .unauthorized)

                let strong = "a much longer passphrase 2026"
                let wrong = try await client.send(.put, "/api/v1/pro/password", headers: first, json: ["currentPassword": "not it", "newPassword": .string(strong)])
                #expect(try wrong.status == .forbidden && wrong.json["type"] == "urn:passerelle:problem:invalid-credentials")
                let weak = try await client.send(.put, "/api/v1/pro/password", headers: first, json: ["currentPassword": .string(deskPassword), "newPassword": "short"])
                #expect(try weak.status == .unprocessableContent && weak.json["errors"]?.arrayValue?.first?["field"] == "newPassword")
                let extra = try await client.send(.put, "/api/v1/pro/password", headers: first,
                                                  json: ["currentPassword": .string(deskPassword), "newPassword": .string(strong), "role": "teacher"])
                #expect(extra.status == .badRequest, "an unknown member is refused")

                let third = try bearer(try await signIn(deskPassword))
                let changed = try await client.send(.put, "/api/v1/pro/password", headers: first, json: ["currentPassword": .string(deskPassword), "newPassword": .string(strong)])
                #expect(try changed.status == .ok && changed.json["member"]?["role"] == "venue" && changed.headers[.cacheControl] == "no-store")
                Conformance.expect(.put, "/api/v1/pro/password", changed)
                #expect(try await client.send(.delete, "/api/v1/pro/sessions/current", headers: third).status == .unauthorized, "every other session closed")
                #expect(try await client.send(.delete, "/api/v1/pro/sessions/current", headers: first).status == .unauthorized, "the asking session too")
                #expect(try await signIn(deskPassword).status == .unauthorized, "the old password no longer signs in")
                #expect(try await signIn(strong).status == .created)
                #expect(try await client.send(.delete, "/api/v1/pro/sessions/current", headers: try bearer(changed)).status == .noContent,
                        "the new session of this device works")
            }
        }
    }
}
