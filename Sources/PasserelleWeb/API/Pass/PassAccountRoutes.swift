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
    let accounts: PassAccounts
    let limits: WebLimits

    /// The longest body a valid request can be: a 254-character email and a 1 024-character password, each
    /// character written as a JSON escape pair (12 bytes), fits in 16 KiB.
    static let bodyBytes = 16_384

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
            let opened = try await accounts.signUp(email: input.email, password: input.password, birthdate: input.birthdate, address: context.remoteAddress)
            return try Self.session(opened, status: .created)
        }
        routes.post("/api/v1/pass/sessions") { request, context in
            let input = try BodyReader.decode(SignInInput.self, from: try await BodyReader.collect(request, limit: Self.bodyBytes))
            return try Self.session(try await accounts.signIn(email: input.email, password: input.password, address: context.remoteAddress), status: .created)
        }
    }

    func registerBeneficiary(_ routes: RouteRegistrar<BeneficiaryContext>) {
        routes.get("/api/v1/pass/me") { _, context in
            guard let beneficiary = try await accounts.store.beneficiary(context.beneficiaryID) else {
                throw Problem(.notFound, code: "not-found", detail: "This account no longer exists.")
            }
            return try JSONResponse.make(AccountView(beneficiary), headers: [.cacheControl: "no-store"])
        }
        routes.delete("/api/v1/pass/sessions/current") { _, context in
            try await accounts.store.closeSession(tokenHash: context.sessionHash)
            return Response(status: .noContent, headers: [.cacheControl: "no-store"])
        }
        routes.put("/api/v1/pass/password") { request, context in
            let input = try BodyReader.decode(PasswordChangeInput.self, from: try await BodyReader.collect(request, limit: Self.bodyBytes))
            let opened = try await accounts.changePassword(of: context.beneficiaryID, current: input.currentPassword, new: input.newPassword)
            return try Self.session(opened, status: .ok)
        }
    }

    private static func session(_ opened: PassAccounts.Opened, status: HTTPResponse.Status) throws -> Response {
        var headers: HTTPFields = [.cacheControl: "no-store"]
        if status == .created { headers[.location] = "/api/v1/pass/me" }
        return try JSONResponse.make(SessionView(opened), status: status, headers: headers)
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

    init(_ opened: PassAccounts.Opened) {
        token = opened.token
        expiresAt = opened.expiresAt
        beneficiary = AccountView(opened.beneficiary)
    }
}
