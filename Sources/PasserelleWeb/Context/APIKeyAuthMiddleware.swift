import Foundation
import Hummingbird
import HTTPTypes
import Logging
import PasserelleCore
import Synchronization

/// Resolves `Authorization: Bearer <key>` to an institution. A missing header passes through (the
/// `AuthenticatedContext` transform then answers 401); a present but unknown or malformed key is a 401 here.
/// The key and the header are never logged: only the key's public prefix.
struct APIKeyAuthMiddleware: RouterMiddleware {
    typealias Context = PasserelleRequestContext
    let store: any CatalogueStore
    let useThrottle = KeyUseThrottle()

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
        let now = Date()
        let credential = try await store.read { try await $0.credential(apiKeyHash: digest) }
        guard let credential, credential.institution.status == .active else {
            context.logger.info("rejected unknown API key", metadata: ["api_key_id": .string(publicID)])
            throw Unauthenticated(reason: "The API key is unknown.", invalidToken: true)
        }
        switch credential.key.state(at: now) {
        case .active:
            break
        case .revoked:
            context.logger.info("rejected revoked API key", metadata: ["api_key_id": .string(publicID)])
            throw Unauthenticated(reason: "The API key was revoked.", invalidToken: true)
        case .expired:
            context.logger.info("rejected expired API key", metadata: ["api_key_id": .string(publicID)])
            throw Unauthenticated(reason: "The API key has expired.", invalidToken: true)
        }
        if credential.key.needsUseRecorded(at: now) { await recordUse(of: credential.key.id, at: now, logger: context.logger) }
        var context = context
        context.institution = credential.institution
        context.apiKeyID = credential.key.id
        context.logger[metadataKey: "institution_id"] = .string(credential.institution.id.rawValue)
        context.logger[metadataKey: "api_key_id"] = .string(publicID)
        return try await next(request, context)
    }

    /// Writes the key's last use, at most once per `APIKeyRecord.lastUsedResolution`: authentication is not a
    /// write per request. One targeted UPDATE, so it cannot undo a revocation committed meanwhile; attempts are
    /// also throttled in this process, so a database that refuses writes (a full disk) is not asked on every
    /// request. Failing to record it never fails the request.
    private func recordUse(of keyID: String, at now: Date, logger: Logger) async {
        guard useThrottle.shouldAttempt(keyID, at: now) else { return }
        do {
            try await store.write { tx in
                try await tx.recordUse(ofKey: keyID, at: now, ifLastUseBefore: now.addingTimeInterval(-APIKeyRecord.lastUsedResolution))
            }
        } catch {
            logger.warning("could not record an API key's last use", metadata: ["api_key_id": .string(keyID)])
        }
    }

    /// The token of a `Bearer` credential (scheme case-insensitive, RFC 9110 §11.1).
    static func bearerToken(_ header: String) -> String? {
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        let token = parts[1].trimmingCharacters(in: .whitespaces)
        return token.isEmpty ? nil : token
    }
}

/// When this process last tried to record each key's use; one attempt per key per `lastUsedResolution`.
final class KeyUseThrottle: Sendable {
    private let attempts = Mutex<[String: Date]>([:])

    func shouldAttempt(_ keyID: String, at now: Date) -> Bool {
        attempts.withLock { attempts in
            if let last = attempts[keyID], now.timeIntervalSince(last) < APIKeyRecord.lastUsedResolution { return false }
            // Bounded: forget everything rather than grow without limit (an attempt too many is harmless).
            if attempts.count >= 100_000 { attempts.removeAll() }
            attempts[keyID] = now
            return true
        }
    }
}
