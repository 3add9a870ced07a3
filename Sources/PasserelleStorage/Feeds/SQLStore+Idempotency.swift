public import Foundation
public import PasserelleCore
import SQLKit

/// Idempotency keys in the catalogue's database. A claim is one transaction: the institution's keys past their
/// retention are dropped, then the key is read and taken (the primary key makes two concurrent first requests
/// one winner and one `inFlight`).
extension SQLStore: IdempotencyStore {
    public func claimIdempotencyKey(_ key: String, institution: InstitutionID, requestHash: String, now: Date,
                                    abandonedAfter: TimeInterval) async throws -> IdempotencyClaim {
        let at = now.timeIntervalSinceReferenceDate
        return try await withTransaction { database in
            try await database.raw(
                """
                DELETE FROM idempotency_keys
                WHERE institution_id = \(bind: institution.rawValue) AND created_at < \(bind: at - IdempotencyLimits.retention)
                """
            ).run()
            let inserted = try await database.raw(
                """
                INSERT INTO idempotency_keys (institution_id, idempotency_key, request_hash, status, body, created_at)
                VALUES (\(bind: institution.rawValue), \(bind: key), \(bind: requestHash), 0, NULL, \(bind: at))
                ON CONFLICT (institution_id, idempotency_key) DO NOTHING
                RETURNING status
                """
            ).first()
            if inserted != nil { return .fresh }
            guard let row = try await database.raw(
                """
                SELECT request_hash, status, body, created_at FROM idempotency_keys
                WHERE institution_id = \(bind: institution.rawValue) AND idempotency_key = \(bind: key)
                """
            ).first() else { return .inFlight }
            guard try row.decode(column: "request_hash", as: String.self) == requestHash else { return .mismatch }
            let status = try row.decode(column: "status", as: Int.self)
            if status > 0 {
                let body = try row.decode(column: "body", as: String?.self) ?? ""
                return .replay(IdempotentAnswer(status: status, body: Data(body.utf8)))
            }
            guard try row.decode(column: "created_at", as: Double.self) < at - abandonedAfter else { return .inFlight }
            // Taken again only if still abandoned when the row is updated: on PostgreSQL two retries that both read it
            // abandoned queue on the row, and the second, re-checking after the first's commit, finds it taken.
            let retaken = try await database.raw(
                """
                UPDATE idempotency_keys SET created_at = \(bind: at)
                WHERE institution_id = \(bind: institution.rawValue) AND idempotency_key = \(bind: key) AND status = 0
                  AND created_at < \(bind: at - abandonedAfter)
                RETURNING status
                """
            ).first()
            return retaken == nil ? .inFlight : .fresh
        }
    }

    public func recordIdempotentAnswer(_ answer: IdempotentAnswer, key: String, institution: InstitutionID) async throws {
        try await withTransaction { database in
            try await database.raw(
                """
                UPDATE idempotency_keys SET status = \(bind: answer.status), body = \(bind: String(decoding: answer.body, as: UTF8.self))
                WHERE institution_id = \(bind: institution.rawValue) AND idempotency_key = \(bind: key)
                """
            ).run()
        }
    }
}
