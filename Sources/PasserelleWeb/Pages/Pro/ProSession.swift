public import Crypto
public import Foundation
import HTTPTypes
import Hummingbird
public import PasserelleCore
public import PasserellePass

/// Professionals' sign-in and session, in a cookie of its own (`passerelle_pro`, `pro_` tokens) so that a
/// beneficiary's and a venue's sessions never mix on a shared device. The same rules as the pass's: `HttpOnly`,
/// `SameSite=Lax`, `Secure` on HTTPS, only the token's SHA-256 stored; a working day long, since desks are shared.
enum ProSession {
    static let cookieName = "passerelle_pro"
    static let lifetime: TimeInterval = 12 * 3_600

    static func token(_ request: Request) -> String? {
        RequestCookies.value(cookieName, in: request) { $0.hasPrefix("pro_") && $0.utf8.count <= 100 }
    }

    /// The signed-in professional and their session's hash, or nil.
    static func member(_ request: Request, store: any StaffStore) async throws -> (StaffMember, sessionHash: String)? {
        guard let token = token(request) else { return nil }
        let digest = PassSessions.hash(token)
        return try await store.staff(sessionTokenHash: digest, at: Date()).map { ($0, digest) }
    }

    static func setCookie(_ token: String, secure: Bool) -> String {
        "\(cookieName)=\(token); Path=/; Max-Age=\(Int(lifetime)); HttpOnly; SameSite=Lax" + (secure ? "; Secure" : "")
    }

    static func expiredCookie(secure: Bool) -> String {
        "\(cookieName)=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax" + (secure ? "; Secure" : "")
    }
}

/// Signing professionals in, with the pass's checks (`PassAccounts.checkSignIn`) on an account count of their own.
struct ProAccounts: Sendable {
    let store: any StaffStore
    let hasher: PasswordHasher
    let limiter: RateLimiter

    /// A new session's token (shown once, in the cookie) for the account with this email and password.
    func signIn(email: String, password: String, address: String?) async throws -> (token: String, member: StaffMember) {
        let member = try await PassAccounts.checkSignIn(email: email, password: password, address: address, emailBucket: "pro-login-email",
                                                        hasher: hasher, limiter: limiter) { email in
            try await store.staffCredentials(email: email).map { ($0.member, $0.passwordHash) }
        }
        return (try await openSession(for: member), member)
    }
}

extension ProAccounts {
    /// A new session of `member`: its token, shown once (only its SHA-256 is stored).
    func openSession(for member: StaffMember) async throws -> String {
        let (token, digest) = PassSessions.generate(prefix: "pro_")
        let now = Date()
        try await store.openStaffSession(tokenHash: digest, for: member.id, at: now, expiresAt: now.addingTimeInterval(ProSession.lifetime))
        return token
    }

    /// Replaces the password after checking the current one (403 `invalid-credentials` otherwise, counted as a
    /// sign-in try of the account, so a stolen session cannot guess it), signs the account out everywhere, and
    /// opens a session for the device that asked.
    func changePassword(of member: StaffMember, current: String, new: String) async throws -> (token: String, member: StaffMember) {
        try PassAccounts.checkNewPassword(new, typedCurrent: current)
        try await PassAccounts.checkCurrentPassword(current, email: member.email, emailBucket: "pro-login-email", hasher: hasher, limiter: limiter) {
            try await store.staffCredentials(email: $0)?.passwordHash
        }
        guard try await store.resetStaffPassword(email: member.email, passwordHash: try await hasher.hash(new)) else {
            throw Problem(.forbidden, code: "account-disabled", detail: "This account is closed.")
        }
        return (try await openSession(for: member), member)
    }
}

/// The operator's side: opening a professional's account with a generated password, shown once.
public enum ProAccountOpening {
    /// Creates the account with a new random password (20 characters of base32, 100 bits) and returns it.
    public static func open(_ member: StaffMember, in store: any StaffStore, bcryptCost: UInt8 = UInt8(PassAccountRules.bcryptCost)) async throws -> String {
        let password = generatedPassword()
        try await store.createStaff(member, passwordHash: try await PasswordHasher(cost: bcryptCost).hash(password))
        return password
    }

    /// Gives the account with this email a new generated password (returned, to show once) and signs it out
    /// everywhere; nil when there is no open account with this email.
    public static func reset(email: String, in store: any StaffStore, bcryptCost: UInt8 = UInt8(PassAccountRules.bcryptCost)) async throws -> String? {
        let password = generatedPassword()
        let changed = try await store.resetStaffPassword(email: email, passwordHash: try await PasswordHasher(cost: bcryptCost).hash(password))
        return changed ? password : nil
    }

    static func generatedPassword() -> String {
        let alphabet = Array("abcdefghijkmnpqrstuvwxyz23456789")
        let bytes = SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) }
        let characters = bytes.prefix(20).map { alphabet[Int($0) % alphabet.count] }
        return stride(from: 0, to: 20, by: 5).map { String(characters[$0..<$0 + 5]) }.joined(separator: "-")
    }
}
