public import Crypto
public import Foundation
public import Hummingbird
import HTTPTypes
public import PasserellePass

/// Beneficiaries' session tokens: `pss_` and 43 characters of base64url (32 random bytes). Only their SHA-256 is
/// stored, so a copy of the database opens no session.
public enum PassSessions {
    public static let lifetime: TimeInterval = 30 * 86_400

    /// A new token and the hash to store (`pss_…` for beneficiaries, `pro_…` for professionals).
    public static func generate(prefix: String = "pss_") -> (token: String, hash: String) {
        let bytes = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }
        let token = prefix + bytes.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
        return (token, hash(token))
    }

    public static func hash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// The hash of the `Bearer <prefix>…` session token `request` carries (`pss_` beneficiaries, `pro_`
    /// professionals); nil without an Authorization header; a 401 for any other header. The token is never logged.
    static func bearerDigest(_ request: Request, prefix: String) throws -> String? {
        guard let header = request.headers[.authorization] else { return nil }
        guard let token = APIKeyAuthMiddleware.bearerToken(header), token.hasPrefix(prefix), token.utf8.count <= 100 else {
            throw Unauthenticated(reason: "The Authorization header must be `Bearer \(prefix)<session token>`.", invalidToken: true)
        }
        return hash(token)
    }

    static let unknownSession = Unauthenticated(reason: "The session is unknown or has expired; sign in again.", invalidToken: true)

    /// Opens a session for `beneficiaryID` and returns its token (to show once).
    public static func open(for beneficiaryID: String, in store: any PassStore, at date: Date = Date()) async throws -> String {
        try await openSession(for: beneficiaryID, in: store, at: date).token
    }

    /// Opens a session and returns its token and when it expires.
    static func openSession(for beneficiaryID: String, in store: any PassStore, at date: Date) async throws -> (token: String, expiresAt: Date) {
        let (token, digest) = generate()
        let expiresAt = date.addingTimeInterval(lifetime)
        try await store.openSession(tokenHash: digest, for: beneficiaryID, at: date, expiresAt: expiresAt)
        return (token, expiresAt)
    }
}

/// Resolves `Authorization: Bearer pss_…` to a beneficiary. A missing header passes through (the
/// `BeneficiaryContext` transform then answers 401); an unknown or expired token is a 401 here. Never logged.
struct PassSessionMiddleware: RouterMiddleware {
    typealias Context = PasserelleRequestContext
    let store: any PassStore

    func handle(_ request: Request, context: PasserelleRequestContext,
                next: (Request, PasserelleRequestContext) async throws -> Response) async throws -> Response {
        guard let digest = try PassSessions.bearerDigest(request, prefix: "pss_") else { return try await next(request, context) }
        guard let beneficiary = try await store.beneficiary(sessionTokenHash: digest, at: Date()) else { throw PassSessions.unknownSession }
        var context = context
        context.beneficiaryID = beneficiary.id
        context.passSessionHash = digest
        return try await next(request, context)
    }
}

/// The context of a beneficiary's routes: built only from a context a pass session authenticated.
public struct BeneficiaryContext: ChildRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let beneficiaryID: String
    /// The SHA-256 of the session token this request came with.
    public let sessionHash: String
    public var maxUploadSize: Int
    /// The peer's address, for the per-address limits only (never logged or stored in clear).
    public let remoteAddress: String?

    public init(context: PasserelleRequestContext) throws {
        guard let beneficiaryID = context.beneficiaryID, let sessionHash = context.passSessionHash else {
            throw Unauthenticated(reason: "A pass session is required: send `Authorization: Bearer pss_<session token>`.")
        }
        self.coreContext = context.coreContext
        self.beneficiaryID = beneficiaryID
        self.sessionHash = sessionHash
        self.maxUploadSize = context.maxUploadSize
        self.remoteAddress = context.remoteAddress
    }
}
