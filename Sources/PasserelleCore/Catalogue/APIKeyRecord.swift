public import Foundation

/// An institution's API key as stored: never the key itself, only its SHA-256 digest.
///
/// Keys are 256-bit random secrets, so a fast hash is enough (bcrypt exists to slow down guessing of
/// low-entropy passwords; a random key cannot be guessed) and keeps authentication off the hot path.
public struct APIKeyRecord: Sendable, Hashable, Codable, Identifiable {
    /// A public, non-secret prefix that names the key in listings and logs (`psl_3f9a1c2b`).
    public var id: String
    public var institutionID: InstitutionID
    /// Lowercase hex SHA-256 of the whole key.
    public var secretHash: String
    public var createdAt: Date
    public var revokedAt: Date?
    /// The key stops working at this instant (a rotated key's grace period ends, or an expiry was set).
    public var expiresAt: Date?
    /// When the key last authenticated a request, to `APIKeyRecord.lastUsedResolution`.
    public var lastUsedAt: Date?
    /// A name the institution gives the key ("ticketing system", "website"), at most 100 characters.
    public var label: String?

    public init(
        id: String, institutionID: InstitutionID, secretHash: String, createdAt: Date = Date(), revokedAt: Date? = nil,
        expiresAt: Date? = nil, lastUsedAt: Date? = nil, label: String? = nil
    ) {
        self.id = id
        self.institutionID = institutionID
        self.secretHash = secretHash
        self.createdAt = createdAt
        self.revokedAt = revokedAt
        self.expiresAt = expiresAt
        self.lastUsedAt = lastUsedAt
        self.label = label
    }

    /// Whether a key works, and if not why.
    public enum State: String, Sendable, Hashable, Codable {
        case active, expired, revoked
    }

    public func state(at now: Date) -> State {
        if revokedAt != nil { return .revoked }
        if let expiresAt, expiresAt <= now { return .expired }
        return .active
    }

    /// `last used` is written at most once per this interval per key, so authentication is not a write per request.
    public static let lastUsedResolution: TimeInterval = 15 * 60

    /// Whether a request at `now` should record itself as the key's last use.
    public func needsUseRecorded(at now: Date) -> Bool {
        guard let lastUsedAt else { return true }
        return now.timeIntervalSince(lastUsedAt) >= Self.lastUsedResolution
    }

    /// At most this many working keys per institution (rotation needs two at once; a key per system is plenty).
    public static let maximumActivePerInstitution = 10

    /// The longest grace period a rotated key may keep working.
    public static let maximumGrace: TimeInterval = 30 * 86_400

    /// The grace period of a rotation when none is asked for.
    public static let defaultGrace: TimeInterval = 86_400

    /// Every field-level problem with this key's own values.
    public func validationIssues() -> [FieldIssue] {
        var validator = Validator()
        validator.optionalText(label, "label", max: 100)
        // The database counts code points, not characters (🇫🇷 is two): check what it will check.
        if let label, label.unicodeScalars.count > 100, label.trimmingWhiteSpace().count <= 100 {
            validator.fail("label", "too-long", "must be at most 100 characters (code points)")
        }
        if let expiresAt, expiresAt <= createdAt {
            validator.fail("expiresAt", "before-creation", "must be after the key's creation")
        }
        return validator.issues
    }
}

/// A key that matched, with the institution it belongs to.
public struct APICredential: Sendable, Hashable {
    public let key: APIKeyRecord
    public let institution: Institution

    public init(key: APIKeyRecord, institution: Institution) {
        self.key = key
        self.institution = institution
    }
}
