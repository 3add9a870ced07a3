import Foundation
import PasserelleCore
import PasserelleStorage
import Testing

/// Idempotency keys on every engine: one first request, replays of its answer, a reused key refused, an abandoned
/// claim taken again, keys per institution, and the day of retention.
extension Contract {
    static func idempotencyKeys(_ store: SQLStore) async throws {
        try await store.write { tx in
            try await tx.save(Fixtures.institution())
            try await tx.save(Fixtures.institution("inst-b", name: "Cinéma B"))
        }
        let a = InstitutionID(trusted: "inst-a"), b = InstitutionID(trusted: "inst-b")
        let now = Fixtures.base
        func claim(_ key: String, _ institution: InstitutionID = a, hash: String = "h1", at offset: TimeInterval = 0) async throws -> IdempotencyClaim {
            try await store.claimIdempotencyKey(key, institution: institution, requestHash: hash, now: now.addingTimeInterval(offset), abandonedAfter: 300)
        }
        // Two first requests at once: exactly one runs.
        async let first = claim("k1")
        async let second = claim("k1")
        let claims = try await [first, second]
        #expect(claims.filter { $0 == .fresh }.count == 1 && claims.filter { $0 == .inFlight }.count == 1, "\(claims)")
        #expect(try await claim("k1", hash: "h2") == .mismatch, "another request under the same key is refused")

        let answer = IdempotentAnswer(status: 200, body: Data(#"{"created":2,"note":"é"}"#.utf8))
        try await store.recordIdempotentAnswer(answer, key: "k1", institution: a)
        #expect(try await claim("k1", at: 10) == .replay(answer))
        #expect(try await claim("k1", b) == .fresh, "keys are per institution")

        // A claim never answered (its process died) is taken again once abandoned.
        #expect(try await claim("k2") == .fresh)
        #expect(try await claim("k2", at: 100) == .inFlight)
        #expect(try await claim("k2", at: 301) == .fresh)
        #expect(try await claim("k2", at: 302) == .inFlight, "taken again: in flight once more")

        // Many retries of an abandoned claim at once: exactly one takes it.
        #expect(try await claim("k3") == .fresh)
        let retries = try await withThrowingTaskGroup(of: IdempotencyClaim.self) { group in
            for _ in 0..<40 { group.addTask { try await claim("k3", at: 400) } }
            return try await group.reduce(into: [IdempotencyClaim]()) { $0.append($1) }
        }
        #expect(retries.filter { $0 == .fresh }.count == 1 && retries.filter { $0 == .inFlight }.count == 39, "\(retries)")

        // After a day the key is forgotten: the same key is a new request.
        #expect(try await claim("k1", at: IdempotencyLimits.retention + 1) == .fresh)
    }
}
