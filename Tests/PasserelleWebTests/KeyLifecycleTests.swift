import Foundation
import HTTPTypes
import HummingbirdTesting
import PasserelleCore
import PasserelleStorage
import PasserelleWeb
import Testing

@Suite("API key lifecycle")
struct KeyLifecycleTests {
    func bearer(_ key: String) -> HTTPFields { [.authorization: "Bearer \(key)", .contentType: "application/json"] }

    @Test("list, issue, rotate with a grace period, revoke: each state is what authentication enforces")
    func lifecycle() async throws {
        try await Fixture.using { fixture in
            try await fixture.test { client in
                let listed = try await client.send(.get, "/api/v1/keys", headers: bearer(fixture.keyA))
                #expect(listed.status == .ok)
                Conformance.expect(.get, "/api/v1/keys", listed)
                let keys = try #require(try listed.json["items"]?.arrayValue)
                #expect(keys.count == 1 && keys[0]["current"] == true && keys[0]["state"] == "active")
                #expect(!listed.text.contains("secretHash") && !listed.text.contains(APIKeys.hash(fixture.keyA)))
                let currentID = try #require(keys[0]["id"]?.stringValue)
                #expect(fixture.keyA.hasPrefix(currentID + "_"), "a key carries its visible prefix")

                let issued = try await client.send(.post, "/api/v1/keys", headers: bearer(fixture.keyA), json: ["label": "billetterie"])
                #expect(issued.status == .created)
                #expect(issued.headers[.cacheControl] == "no-store")
                Conformance.expect(.post, "/api/v1/keys", issued)
                let second = try #require(try issued.json["secret"]?.stringValue)
                #expect(try await client.send(.get, "/api/v1/venues", headers: bearer(second)).status == .ok)
                #expect(try await client.send(.post, "/api/v1/venues", headers: bearer(second), json: Bodies.venue()).status == .created)

                // Rotation: the new key works at once, the old one keeps working during its grace period.
                let rotated = try await client.send(.post, "/api/v1/keys/\(currentID)/rotation", headers: bearer(second), json: ["graceHours": 2])
                #expect(rotated.status == .created)
                Conformance.expect(.post, "/api/v1/keys/{id}/rotation", rotated)
                #expect(try rotated.json["previous"]?["state"] == "active")
                #expect(try rotated.json["previous"]?["expiresAt"] != nil)
                let replacement = try #require(try rotated.json["secret"]?.stringValue)
                #expect(try await client.send(.post, "/api/v1/venues", headers: bearer(fixture.keyA), json: Bodies.venue()).status == .created)
                #expect(try await client.send(.post, "/api/v1/venues", headers: bearer(replacement), json: Bodies.venue()).status == .created)

                // Revocation is immediate, and says why.
                let revoked = try await client.send(.delete, "/api/v1/keys/\(currentID)", headers: bearer(replacement))
                #expect(revoked.status == .ok)
                Conformance.expect(.delete, "/api/v1/keys/{id}", revoked)
                let refused = try await client.send(.post, "/api/v1/venues", headers: bearer(fixture.keyA), json: Bodies.venue())
                #expect(refused.status == .unauthorized)
                #expect(try refused.json["detail"] == "The API key was revoked.")
                #expect(try await client.send(.delete, "/api/v1/keys/\(currentID)", headers: bearer(replacement)).status == .ok, "idempotent")
                let rotateRevoked = try await client.send(.post, "/api/v1/keys/\(currentID)/rotation", headers: bearer(replacement))
                #expect(rotateRevoked.status == .conflict)
            }
        }
    }

    @Test("a rotation with no grace ends the old key at once; an expired key is 401 'expired'")
    func expiry() async throws {
        try await Fixture.using { fixture in
            try await fixture.test { client in
                let keyID = try #require(try await client.send(.get, "/api/v1/keys", headers: bearer(fixture.keyA)).json["items"]?.arrayValue?.first?["id"]?.stringValue)
                let rotated = try await client.send(.post, "/api/v1/keys/\(keyID)/rotation", headers: bearer(fixture.keyA), json: ["graceHours": 0])
                #expect(rotated.status == .created)
                let refused = try await client.send(.post, "/api/v1/venues", headers: bearer(fixture.keyA), json: Bodies.venue())
                #expect(refused.status == .unauthorized)
                #expect(try refused.json["detail"] == "The API key has expired.")
                #expect(refused.headers[.wwwAuthenticate]?.contains("invalid_token") == true)
                let tooLong = try await client.send(.post, "/api/v1/keys/\(keyID)/rotation", headers: bearer(try #require(try rotated.json["secret"]?.stringValue)), json: ["graceHours": 721])
                #expect(tooLong.status == .unprocessableContent || tooLong.status == .conflict)
                let past = try await client.send(.post, "/api/v1/keys", headers: bearer(try #require(try rotated.json["secret"]?.stringValue)), json: ["expiresAt": "2020-01-01T00:00:00Z"])
                #expect(past.status == .unprocessableContent)
            }
        }
    }

    @Test("an institution never sees or touches another's keys: 404, as if they did not exist")
    func isolation() async throws {
        try await Fixture.using { fixture in
            try await fixture.test { client in
                let idOfB = try #require(try await client.send(.get, "/api/v1/keys", headers: bearer(fixture.keyB)).json["items"]?.arrayValue?.first?["id"]?.stringValue)
                #expect(try await client.send(.delete, "/api/v1/keys/\(idOfB)", headers: bearer(fixture.keyA)).status == .notFound)
                #expect(try await client.send(.post, "/api/v1/keys/\(idOfB)/rotation", headers: bearer(fixture.keyA)).status == .notFound)
                let listA = try await client.send(.get, "/api/v1/keys", headers: bearer(fixture.keyA)).text
                #expect(!listA.contains(idOfB))
                #expect(try await client.send(.get, "/api/v1/venues", headers: bearer(fixture.keyB)).status == .ok, "B's key still works")
                #expect(try await client.send(.get, "/api/v1/keys").status == .unauthorized, "listing keys needs a key")
            }
        }
    }

    @Test("at most 10 working keys per institution")
    func cap() async throws {
        try await Fixture.using { fixture in
            try await fixture.test { client in
                for _ in 1..<APIKeyRecord.maximumActivePerInstitution {
                    #expect(try await client.send(.post, "/api/v1/keys", headers: bearer(fixture.keyA)).status == .created)
                }
                let over = try await client.send(.post, "/api/v1/keys", headers: bearer(fixture.keyA))
                #expect(over.status == .conflict)
                #expect(try over.json["detail"]?.stringValue?.contains("revoke one first") == true)
            }
        }
    }

    @Test("last use is written once per 15 minutes, not once per request")
    func lastUse() async throws {
        try await Fixture.using { fixture in
            let keyID = String(fixture.keyA.prefix(12))
            let first = try await fixture.test { client -> Date in
                #expect(try await fixture.store.read { try await $0.apiKey(keyID) }?.lastUsedAt == nil)
                _ = try await client.send(.post, "/api/v1/venues", headers: bearer(fixture.keyA), json: Bodies.venue())
                let first = try #require(try await fixture.store.read { try await $0.apiKey(keyID) }?.lastUsedAt)
                for _ in 0..<5 { _ = try await client.send(.post, "/api/v1/venues", headers: bearer(fixture.keyA), json: Bodies.venue()) }
                #expect(try await fixture.store.read { try await $0.apiKey(keyID) }?.lastUsedAt == first, "no write per request")
                // Fifteen minutes later (the stored value moved back): this process does not ask again yet.
                try await fixture.store.write { tx in
                    var key = try #require(try await tx.apiKey(keyID))
                    key.lastUsedAt = first.addingTimeInterval(-APIKeyRecord.lastUsedResolution)
                    try await tx.save(key)
                }
                _ = try await client.send(.post, "/api/v1/venues", headers: bearer(fixture.keyA), json: Bodies.venue())
                #expect(try await fixture.store.read { try await $0.apiKey(keyID) }?.lastUsedAt ?? .distantPast < first)
                return first
            }
            // A new process (a new router, so no attempt remembered): the next request records itself again.
            try await fixture.test { client in
                _ = try await client.send(.post, "/api/v1/venues", headers: bearer(fixture.keyA), json: Bodies.venue())
                #expect(try await fixture.store.read { try await $0.apiKey(keyID) }?.lastUsedAt ?? .distantPast >= first)
            }
        }
    }
}
