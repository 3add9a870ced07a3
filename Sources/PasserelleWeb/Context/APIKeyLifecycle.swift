public import Foundation
public import PasserelleCore

/// Issues, rotates, revokes and lists API keys, for the institution itself (through the API) and for operators
/// (through the CLI, `caller` nil). Each change is one transaction; a key is only ever shown in clear once.
public struct APIKeyLifecycle: Sendable {
    public let store: any CatalogueStore

    public init(store: any CatalogueStore) { self.store = store }

    /// A key just made: its record, and the key itself to hand over now (only its hash is kept).
    public struct Issued: Sendable {
        public let record: APIKeyRecord
        public let plaintext: String
    }

    /// A new key for an active institution, under `APIKeyRecord.maximumActivePerInstitution` working keys.
    public func issue(for institutionID: InstitutionID, label: String? = nil, expiresAt: Date? = nil, now: Date = Date()) async throws -> Issued {
        let generated = APIKeys.generate(for: institutionID)
        var record = generated.record
        record.createdAt = now
        record.label = label.map { $0.trimmingWhiteSpace() }.flatMap { $0.isEmpty ? nil : $0 }
        record.expiresAt = expiresAt
        try Self.check(record, now: now)
        try await store.write { [record] tx in
            try await tx.lockInstitution(institutionID)
            guard let institution = try await tx.institution(institutionID), institution.status == .active else {
                throw CoreError(.notFound, "no active institution \(institutionID)")
            }
            try await Self.checkRoom(in: tx, for: institutionID, now: now, besides: nil)
            try await tx.save(record)
        }
        return Issued(record: record, plaintext: generated.plaintext)
    }

    /// A new key that replaces `keyID`: the old one keeps working for `grace` seconds (0 ends it now), then expires.
    public func rotate(
        _ keyID: String, by caller: InstitutionID?, grace: TimeInterval = APIKeyRecord.defaultGrace, now: Date = Date()
    ) async throws -> (issued: Issued, previous: APIKeyRecord) {
        guard (0...APIKeyRecord.maximumGrace).contains(grace) else {
            throw CoreError.invalid([
                FieldIssue(field: "graceHours", code: "out-of-range", message: "must be between 0 and \(Int(APIKeyRecord.maximumGrace / 3_600)) hours")
            ])
        }
        return try await store.write { tx in
            var previous = try await Self.owned(keyID, by: caller, in: tx)
            guard previous.state(at: now) == .active else {
                throw CoreError(.conflict, "key \(keyID) is \(previous.state(at: now).rawValue): only a working key can be rotated")
            }
            try await Self.checkRoom(in: tx, for: previous.institutionID, now: now, besides: previous.id)
            let generated = APIKeys.generate(for: previous.institutionID)
            var record = generated.record
            record.createdAt = now
            record.label = previous.label
            let ends = now.addingTimeInterval(grace)
            previous.expiresAt = min(previous.expiresAt ?? ends, ends)
            try await tx.save(previous)
            try await tx.save(record)
            return (Issued(record: record, plaintext: generated.plaintext), previous)
        }
    }

    /// Revokes `keyID` at once. Revoking a revoked key changes nothing and answers it as it is.
    public func revoke(_ keyID: String, by caller: InstitutionID?, now: Date = Date()) async throws -> APIKeyRecord {
        try await store.write { tx in
            var key = try await Self.owned(keyID, by: caller, in: tx)
            guard key.revokedAt == nil else { return key }
            key.revokedAt = now
            try await tx.save(key)
            return key
        }
    }

    /// Every key of an institution, newest first.
    public func keys(of institutionID: InstitutionID) async throws -> [APIKeyRecord] {
        try await store.read { try await $0.apiKeys(of: institutionID) }
    }

    /// The key, if it exists and `caller` (when given) owns it; another institution's key is "not found".
    private static func owned(_ keyID: String, by caller: InstitutionID?, in tx: any CatalogueWriting) async throws -> APIKeyRecord {
        guard let found = try await tx.apiKey(keyID), caller == nil || found.institutionID == caller else {
            throw CoreError(.notFound, "no key \(keyID)")
        }
        // Serialise every change to this institution's keys, then read the key again under the lock: two
        // rotations of one key, or an eleventh key issued concurrently, cannot both pass their checks.
        try await tx.lockInstitution(found.institutionID)
        guard let key = try await tx.apiKey(keyID) else { throw CoreError(.notFound, "no key \(keyID)") }
        return key
    }

    private static func checkRoom(in tx: any CatalogueWriting, for institutionID: InstitutionID, now: Date, besides: String?) async throws {
        let working = try await tx.apiKeys(of: institutionID).count { $0.state(at: now) == .active && $0.id != besides }
        guard working < APIKeyRecord.maximumActivePerInstitution else {
            throw CoreError(
                .conflict,
                "institution \(institutionID) already has \(working) working keys, the most it may hold: revoke one first"
            )
        }
    }

    private static func check(_ record: APIKeyRecord, now: Date) throws {
        var issues = record.validationIssues()
        if let expiresAt = record.expiresAt, expiresAt <= now {
            issues.append(FieldIssue(field: "expiresAt", code: "in-the-past", message: "must be in the future"))
        }
        if !issues.isEmpty { throw CoreError.invalid(issues) }
    }
}
