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

    public init(id: String, institutionID: InstitutionID, secretHash: String, createdAt: Date = Date(), revokedAt: Date? = nil) {
        self.id = id
        self.institutionID = institutionID
        self.secretHash = secretHash
        self.createdAt = createdAt
        self.revokedAt = revokedAt
    }
}
