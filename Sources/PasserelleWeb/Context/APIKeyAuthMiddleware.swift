import Foundation
import Hummingbird
import HTTPTypes
import Logging
import PasserelleCore

/// Resolves `Authorization: Bearer <key>` to an institution. A missing header passes through (the
/// `AuthenticatedContext` transform then answers 401); a present but unknown or malformed key is a 401 here.
/// The key and the header are never logged: only the key's public prefix.
struct APIKeyAuthMiddleware: RouterMiddleware {
    typealias Context = PasserelleRequestContext
    let store: any CatalogueStore

    func handle(
        _ request: Request, context: PasserelleRequestContext,
        next: (Request, PasserelleRequestContext) async throws -> Response
    ) async throws -> Response {
        guard let header = request.headers[.authorization] else { return try await next(request, context) }
        guard let key = Self.bearerToken(header), let publicID = APIKeys.publicID(of: key) else {
            context.logger.info("rejected malformed Authorization header")
            throw Unauthenticated(reason: "The Authorization header must be `Bearer psl_<prefix>_<secret>`.", invalidToken: true)
        }
        let digest = APIKeys.hash(key)
        guard let institution = try await store.read({ try await $0.institution(apiKeyHash: digest) }),
            institution.status == .active
        else {
            context.logger.info("rejected unknown or revoked API key", metadata: ["api_key_id": .string(publicID)])
            throw Unauthenticated(reason: "The API key is unknown or revoked.", invalidToken: true)
        }
        var context = context
        context.institution = institution
        context.logger[metadataKey: "institution_id"] = .string(institution.id.rawValue)
        context.logger[metadataKey: "api_key_id"] = .string(publicID)
        return try await next(request, context)
    }

    /// The token of a `Bearer` credential (scheme case-insensitive, RFC 9110 §11.1).
    static func bearerToken(_ header: String) -> String? {
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        let token = parts[1].trimmingCharacters(in: .whitespaces)
        return token.isEmpty ? nil : token
    }
}
