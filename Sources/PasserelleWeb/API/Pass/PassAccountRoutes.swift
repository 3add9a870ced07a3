import Foundation
import Hummingbird
import HTTPTypes
import PasserelleCore
import PasserellePass

/// Beneficiaries' own accounts: sign up (an unverified account, which books nothing until an operator — the State's
/// identity provider in a real deployment — verifies it), sign in and out, see who they are, change the password.
/// Only the bcrypt hash of a password and the SHA-256 of a session token are stored. Every guessable step is
/// counted by `RateLimiter` and answered 429 with `Retry-After` past its limit.
struct PassAccountRoutes {
    let store: any PassStore
    let hasher: PasswordHasher
    let limiter: RateLimiter
    let limits: WebLimits

    /// The longest body a valid request can be: a 254-character email and a 1 024-character password, each
    /// character written as a JSON escape pair (12 bytes), fits in 16 KiB.
    static let bodyBytes = 16_384
    /// A password typed to sign in is compared, never stored; past this it cannot be any account's (they are at
    /// most 72 bytes), and bcrypt would not read it anyway.
    static let typedPasswordCharacters = 1_024

    struct SignUpInput: StrictInput, Sendable {
        var email: String
        var password: String
        var birthdate: String
        static let shape = JSONShape.object(["email": .value, "password": .value, "birthdate": .value])
    }

    struct SignInInput: StrictInput, Sendable {
        var email: String
        var password: String
        static let shape = JSONShape.object(["email": .value, "password": .value])
    }

    struct PasswordChangeInput: StrictInput, Sendable {
        var currentPassword: String
        var newPassword: String
        static let shape = JSONShape.object(["currentPassword": .value, "newPassword": .value])
    }

    func registerPublic(_ routes: RouteRegistrar<PasserelleRequestContext>) {
        routes.post("/api/v1/pass/beneficiaries") { request, context in
            let input = try BodyReader.decode(SignUpInput.self, from: try await BodyReader.collect(request, limit: Self.bodyBytes))
            let now = Date()
            let beneficiary = Beneficiary(email: input.email.trimmingCharacters(in: .whitespaces), birthdate: input.birthdate,
                                          verifiedAt: nil, createdAt: now)
            // Every cheap check before the costly hash, and before the attempt is counted.
            var issues = Beneficiary.problems(email: beneficiary.email, birthdate: beneficiary.birthdate)
            if let problem = PassAccountRules.passwordProblem(input.password) {
                issues.append(FieldIssue(field: "password", code: "weak-password", message: problem))
            }
            guard issues.isEmpty else { throw CoreError.invalid(issues) }
            try await limiter.attempt("signup-address", context.remoteAddress ?? "unknown", under: limiter.limits.signupPerAddress)
            try await store.createBeneficiary(beneficiary, passwordHash: try await hasher.hash(input.password))
            let session = try await PassSessions.openSession(for: beneficiary.id, in: store, at: now)
            return try JSONResponse.make(SessionView(session, beneficiary), status: .created,
                                         headers: [.location: "/api/v1/pass/me", .cacheControl: "no-store"])
        }
        routes.post("/api/v1/pass/sessions") { request, context in
            let input = try BodyReader.decode(SignInInput.self, from: try await BodyReader.collect(request, limit: Self.bodyBytes))
            try Self.checkTyped(input.password, field: "password")
            let email = input.email.trimmingCharacters(in: .whitespaces).lowercased()
            // The address first: one client trying many accounts is stopped before it costs any account its tries.
            try await limiter.attempt("login-address", context.remoteAddress ?? "unknown", under: limiter.limits.loginPerAddress)
            let receipt = try await limiter.attempt("login-email", email, under: limiter.limits.loginPerEmail)
            let credentials = try await store.credentials(email: email)
            guard try await hasher.verify(input.password, against: credentials?.passwordHash), let beneficiary = credentials?.beneficiary else {
                throw Problem(.unauthorized, code: "invalid-credentials", detail: "This email and password do not match an account.")
            }
            // The owner who got it right is not left with fewer tries for having mistyped before.
            try await receipt.refund()
            let session = try await PassSessions.openSession(for: beneficiary.id, in: store, at: Date())
            return try JSONResponse.make(SessionView(session, beneficiary), status: .created,
                                         headers: [.location: "/api/v1/pass/me", .cacheControl: "no-store"])
        }
    }

    func registerBeneficiary(_ routes: RouteRegistrar<BeneficiaryContext>) {
        routes.get("/api/v1/pass/me") { _, context in
            guard let beneficiary = try await store.beneficiary(context.beneficiaryID) else {
                throw Problem(.notFound, code: "not-found", detail: "This account no longer exists.")
            }
            return try JSONResponse.make(AccountView(beneficiary), headers: [.cacheControl: "no-store"])
        }
        routes.delete("/api/v1/pass/sessions/current") { _, context in
            try await store.closeSession(tokenHash: context.sessionHash)
            return Response(status: .noContent, headers: [.cacheControl: "no-store"])
        }
        routes.put("/api/v1/pass/password") { request, context in
            let input = try BodyReader.decode(PasswordChangeInput.self, from: try await BodyReader.collect(request, limit: Self.bodyBytes))
            try Self.checkTyped(input.currentPassword, field: "currentPassword")
            try Self.checkPassword(input.newPassword, field: "newPassword")
            guard let beneficiary = try await store.beneficiary(context.beneficiaryID) else {
                throw Problem(.notFound, code: "not-found", detail: "This account no longer exists.")
            }
            // A stolen session must not become a way to guess the password: the same limit as signing in.
            let receipt = try await limiter.attempt("login-email", beneficiary.email, under: limiter.limits.loginPerEmail)
            guard try await hasher.verify(input.currentPassword, against: try await store.credentials(email: beneficiary.email)?.passwordHash) else {
                throw Problem(.forbidden, code: "invalid-credentials", detail: "The current password is not this account's.")
            }
            try await receipt.refund()
            try await store.setPasswordHash(try await hasher.hash(input.newPassword), for: beneficiary.id)
            // Every session was closed, this one too; the device that changed the password gets a new one.
            let session = try await PassSessions.openSession(for: beneficiary.id, in: store, at: Date())
            return try JSONResponse.make(SessionView(session, beneficiary), headers: [.cacheControl: "no-store"])
        }
    }

    private static func checkTyped(_ password: String, field: String) throws {
        if password.count > typedPasswordCharacters {
            throw CoreError.invalid([FieldIssue(field: field, code: "too-long", message: "must be at most \(typedPasswordCharacters) characters")])
        }
    }

    private static func checkPassword(_ password: String, field: String) throws {
        if let problem = PassAccountRules.passwordProblem(password) {
            throw CoreError.invalid([FieldIssue(field: field, code: "weak-password", message: problem)])
        }
    }
}

/// A beneficiary's account as they see it. No password hash, ever.
struct AccountView: Encodable, Sendable {
    var id: String
    var email: String
    var birthdate: String
    /// False until the identity is verified: until then the account books nothing.
    var verified: Bool
    var verifiedAt: Date?
    var createdAt: Date

    init(_ beneficiary: Beneficiary) {
        id = beneficiary.id
        email = beneficiary.email
        birthdate = beneficiary.birthdate
        verified = beneficiary.verifiedAt != nil
        verifiedAt = beneficiary.verifiedAt
        createdAt = beneficiary.createdAt
    }
}

/// A session opened by signing up, signing in or changing the password: the token is shown this once.
struct SessionView: Encodable, Sendable {
    var token: String
    var expiresAt: Date
    var beneficiary: AccountView

    init(_ session: (token: String, expiresAt: Date), _ beneficiary: Beneficiary) {
        token = session.token
        expiresAt = session.expiresAt
        self.beneficiary = AccountView(beneficiary)
    }
}
