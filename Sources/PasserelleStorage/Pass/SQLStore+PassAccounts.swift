public import Foundation
public import PasserellePass
import PasserelleCore
import SQLKit

/// Beneficiaries' passwords and sessions. Only hashes are stored: the bcrypt hash of a password, the SHA-256 of a
/// session token.
extension SQLStore {
    public func credentials(email: String) async throws -> BeneficiaryCredentials? {
        try await withReadTransaction { database in
            try await database.raw("SELECT * FROM beneficiaries WHERE email = \(bind: email.lowercased())").first().map { row in
                BeneficiaryCredentials(beneficiary: try Self.beneficiary(row), passwordHash: try row.decode(column: "password_hash", as: String?.self))
            }
        }
    }

    @discardableResult
    public func setPasswordHash(_ passwordHash: String, for beneficiaryID: String) async throws -> Int {
        try await withTransaction { database in
            let changed = try await database.raw(
                "UPDATE beneficiaries SET password_hash = \(bind: passwordHash) WHERE id = \(bind: beneficiaryID) RETURNING id"
            ).all()
            guard !changed.isEmpty else { throw CoreError(.notFound, "no beneficiary \(beneficiaryID)") }
            return try await database.raw("DELETE FROM pass_sessions WHERE beneficiary_id = \(bind: beneficiaryID) RETURNING token_hash").all().count
        }
    }

    public func closeSession(tokenHash: String) async throws {
        try await withTransaction { database in
            try await database.raw("DELETE FROM pass_sessions WHERE token_hash = \(bind: tokenHash)").run()
        }
    }

    public func markVerified(email: String, at date: Date) async throws -> Beneficiary? {
        try await withTransaction { database in
            try await database.raw(
                """
                UPDATE beneficiaries SET verified_at = COALESCE(verified_at, \(bind: date.timeIntervalSinceReferenceDate))
                WHERE email = \(bind: email.lowercased()) RETURNING *
                """
            ).first().map(Self.beneficiary)
        }
    }
}
