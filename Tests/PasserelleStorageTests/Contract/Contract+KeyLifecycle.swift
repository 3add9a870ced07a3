import Foundation
import PasserelleCore
import PasserelleStorage
import Testing

extension Contract {
    /// Keys in every state read back whole; lookups by hash, by prefix and by institution; one institution per
    /// SIREN backed by the database; name search with LIKE's wildcards taken literally; database facts.
    static func keyLifecycle(_ store: SQLStore) async throws {
        let now = Date(timeIntervalSinceReferenceDate: 800_000_000)
        let hashes = (0..<3).map { String(repeating: String($0), count: 64) }
        let active = APIKeyRecord(id: "psl_00000001", institutionID: InstitutionID(trusted: "inst-a"), secretHash: hashes[0], createdAt: now, label: "billetterie")
        let rotated = APIKeyRecord(
            id: "psl_00000002", institutionID: InstitutionID(trusted: "inst-a"), secretHash: hashes[1], createdAt: now.addingTimeInterval(-60),
            expiresAt: now.addingTimeInterval(-1), lastUsedAt: now.addingTimeInterval(-30)
        )
        let revoked = APIKeyRecord(id: "psl_00000003", institutionID: InstitutionID(trusted: "inst-b"), secretHash: hashes[2], createdAt: now, revokedAt: now)
        try await store.write { tx async throws in
            try await tx.save(Fixtures.institution())
            try await tx.save(Fixtures.institution("inst-b", name: "Théâtre 100% _B_"))
            try await tx.save(active)
            try await tx.save(rotated)
            try await tx.save(revoked)
            try await tx.setDatabaseFact("demo.loaded-at", "2026-12-01T10:00:00Z")
            try await tx.setDatabaseFact("demo.loaded-at", "2026-12-01T11:00:00Z")
        }
        try await store.read { tx async throws in
            #expect(try await tx.credential(apiKeyHash: hashes[0]) == APICredential(key: active, institution: Fixtures.institution()))
            #expect(try await tx.credential(apiKeyHash: hashes[1])?.key == rotated, "an expired key is found, in its state")
            #expect(try await tx.credential(apiKeyHash: String(repeating: "f", count: 64)) == nil)
            #expect(try await tx.institution(apiKeyHash: hashes[1]) == nil, "an expired key authenticates nobody")
            #expect(try await tx.apiKey("psl_00000003") == revoked)
            #expect(try await tx.apiKeys(of: InstitutionID(trusted: "inst-a")) == [active, rotated], "newest first")
            #expect(try await tx.institution(siren: "732829320")?.id.rawValue == "inst-a")
            #expect(try await tx.institution(siren: "552100554") == nil)
            #expect(try await tx.institutions(nameContaining: "100% _b_", limit: 10).map(\.id.rawValue) == ["inst-b"])
            #expect(try await tx.institutions(nameContaining: "0%", limit: 10).map(\.id.rawValue) == ["inst-b"])
            #expect(try await tx.institutions(nameContaining: "%", limit: 10).map(\.id.rawValue) == ["inst-b"], "% is literal")
            #expect(try await tx.institutions(nameContaining: nil, limit: 1).count == 1)
            #expect(try await tx.databaseFact("demo.loaded-at") == "2026-12-01T11:00:00Z")
            #expect(try await tx.databaseFact("nothing") == nil)
        }
        // Recording a use touches last_used_at only, and only when older than asked: it never undoes a revocation.
        try await store.write { tx async throws in
            try await tx.lockInstitution(InstitutionID(trusted: "inst-b"))
            try await tx.lockOffer(OfferID(trusted: "no-such-offer"))
            try await tx.recordUse(ofKey: "psl_00000003", at: now.addingTimeInterval(100), ifLastUseBefore: now)
            try await tx.recordUse(ofKey: "psl_00000002", at: now.addingTimeInterval(100), ifLastUseBefore: now.addingTimeInterval(-60))
        }
        try await store.read { tx async throws in
            let used = try await tx.apiKey("psl_00000003")
            #expect(used?.lastUsedAt == now.addingTimeInterval(100) && used?.revokedAt == now)
            #expect(try await tx.apiKey("psl_00000002")?.lastUsedAt == now.addingTimeInterval(-30), "a recent use is not rewritten")
        }
        let duplicate = await #expect(throws: CoreError.self) {
            try await store.write { tx async throws in
                var copy = Fixtures.institution("inst-c", name: "Copie")
                copy.siren = "732829320"
                try await tx.save(copy)
            }
        }
        #expect(duplicate?.code == .conflict, "the database refuses a second institution with the same SIREN")
    }
}
