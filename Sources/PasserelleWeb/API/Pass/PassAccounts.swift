import Foundation
import HTTPTypes
import PasserelleCore
import PasserellePass

/// Signing up and in, shared by the API (`PassAccountRoutes`) and the pages (`PassPageRoutes`): the cheap checks
/// first, then the limits, then bcrypt. Only the bcrypt hash of a password and the SHA-256 of a token are stored.
struct PassAccounts: Sendable {
    let store: any PassStore
    let hasher: PasswordHasher
    let limiter: RateLimiter

    /// A session just opened: its token (shown once), its expiry, and whose it is.
    struct Opened: Sendable {
        let token: String
        let expiresAt: Date
        let beneficiary: Beneficiary
    }

    /// A password typed to sign in is compared, never stored; past this it cannot be any account's (they are at
    /// most 72 bytes), and bcrypt would not read it anyway.
    static let typedPasswordCharacters = 1_024

    /// A new, unverified account, signed in. Every field's issue at once (422) before any work; 409 for an email
    /// already taken; 429 past the sign-ups of one address.
    func signUp(email: String, password: String, birthdate: String, address: String?) async throws -> Opened {
        let now = Date()
        let beneficiary = Beneficiary(email: email.trimmingCharacters(in: .whitespaces), birthdate: birthdate, verifiedAt: nil, createdAt: now)
        var issues = Beneficiary.problems(email: beneficiary.email, birthdate: beneficiary.birthdate)
        if let problem = PassAccountRules.passwordProblem(password) {
            issues.append(FieldIssue(field: "password", code: "weak-password", message: problem))
        }
        guard issues.isEmpty else { throw CoreError.invalid(issues) }
        try await limiter.attempt("signup-address", address ?? "unknown", under: limiter.limits.signupPerAddress)
        try await store.createBeneficiary(beneficiary, passwordHash: try await hasher.hash(password))
        let session = try await PassSessions.openSession(for: beneficiary.id, in: store, at: now)
        return Opened(token: session.token, expiresAt: session.expiresAt, beneficiary: beneficiary)
    }

    /// A new session for the account with this email and password; 401 `invalid-credentials` otherwise (an unknown
    /// email answers the same, as slowly), 429 past the tries of the address or of the account.
    func signIn(email: String, password: String, address: String?) async throws -> Opened {
        let beneficiary = try await Self.checkSignIn(email: email, password: password, address: address, emailBucket: "login-email",
                                                     hasher: hasher, limiter: limiter) { email in
            try await store.credentials(email: email).map { ($0.beneficiary, $0.passwordHash) }
        }
        let session = try await PassSessions.openSession(for: beneficiary.id, in: store, at: Date())
        return Opened(token: session.token, expiresAt: session.expiresAt, beneficiary: beneficiary)
    }

    /// Replaces the password after checking the current one (403 otherwise, counted as a sign-in try), closes every
    /// session, and opens one for the device that asked.
    func changePassword(of beneficiaryID: String, current: String, new: String) async throws -> Opened {
        try Self.checkNewPassword(new, typedCurrent: current)
        guard let beneficiary = try await store.beneficiary(beneficiaryID) else {
            throw Problem(.notFound, code: "not-found", detail: "This account no longer exists.")
        }
        try await Self.checkCurrentPassword(current, email: beneficiary.email, emailBucket: "login-email", hasher: hasher, limiter: limiter) {
            try await store.credentials(email: $0)?.passwordHash
        }
        try await store.setPasswordHash(try await hasher.hash(new), for: beneficiary.id)
        let session = try await PassSessions.openSession(for: beneficiary.id, in: store, at: Date())
        return Opened(token: session.token, expiresAt: session.expiresAt, beneficiary: beneficiary)
    }

    /// What every password change checks before touching the account: the current password as typed, the new one's rules.
    static func checkNewPassword(_ new: String, typedCurrent current: String) throws {
        try checkTyped(current, field: "currentPassword")
        if let problem = PassAccountRules.passwordProblem(new) {
            throw CoreError.invalid([FieldIssue(field: "newPassword", code: "weak-password", message: problem)])
        }
    }

    /// The current password of the account with `email`, checked as a sign-in try of that account (a stolen session
    /// must not become a way to guess it): 403 `invalid-credentials` when it does not match, the try given back when it does.
    static func checkCurrentPassword(_ current: String, email: String, emailBucket: String, hasher: PasswordHasher, limiter: RateLimiter,
                                     storedHash: (String) async throws -> String?) async throws {
        let receipt = try await limiter.attempt(emailBucket, email, under: limiter.limits.loginPerEmail)
        guard try await hasher.verify(current, against: try await storedHash(email)) else {
            throw Problem(.forbidden, code: "invalid-credentials", detail: "The current password is not this account's.")
        }
        try await receipt.refund()
    }

    /// The checks of every password sign-in, in order: the typed length, the address's limit (one client trying many
    /// accounts is stopped before it costs any account its tries), the account's, then bcrypt against the account's
    /// hash or a decoy (an unknown email answers the same, as slowly). 401 `invalid-credentials` when they do not
    /// match; a match gives its try back, so the owner is not left with fewer for having mistyped before.
    static func checkSignIn<Account: Sendable>(
        email: String, password: String, address: String?, emailBucket: String, hasher: PasswordHasher, limiter: RateLimiter,
        lookup: (String) async throws -> (Account, String?)?
    ) async throws -> Account {
        try checkTyped(password, field: "password")
        let email = email.trimmingCharacters(in: .whitespaces).lowercased()
        try await limiter.attempt("login-address", address ?? "unknown", under: limiter.limits.loginPerAddress)
        let receipt = try await limiter.attempt(emailBucket, email, under: limiter.limits.loginPerEmail)
        let found = try await lookup(email)
        guard try await hasher.verify(password, against: found?.1), let account = found?.0 else {
            throw Problem(.unauthorized, code: "invalid-credentials", detail: "This email and password do not match an account.")
        }
        try await receipt.refund()
        return account
    }

    private static func checkTyped(_ password: String, field: String) throws {
        if password.count > typedPasswordCharacters {
            throw CoreError.invalid([FieldIssue(field: field, code: "too-long", message: "must be at most \(typedPasswordCharacters) characters")])
        }
    }
}
