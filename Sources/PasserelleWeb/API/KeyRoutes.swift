import Foundation
import Hummingbird
import HTTPTypes
import PasserelleCore

/// An institution manages its own API keys: list, issue another, rotate (the old key keeps working for a grace
/// period), revoke. Another institution's key is 404, as if it did not exist. The secret is in the answer once.
struct KeyRoutes {
    let lifecycle: APIKeyLifecycle
    let limits: WebLimits

    /// A key as the API shows it: never its hash.
    struct KeyView: Encodable, Sendable {
        var id: String
        var label: String?
        var state: APIKeyRecord.State
        var createdAt: Date
        var expiresAt: Date?
        var revokedAt: Date?
        var lastUsedAt: Date?
        /// True for the key that authenticated this request.
        var current: Bool

        init(_ record: APIKeyRecord, currentKey: String, now: Date = Date()) {
            id = record.id
            label = record.label
            state = record.state(at: now)
            createdAt = record.createdAt
            expiresAt = record.expiresAt
            revokedAt = record.revokedAt
            lastUsedAt = record.lastUsedAt
            current = record.id == currentKey
        }
    }

    /// A key just issued, with its secret (shown this once), and the key it replaces after a rotation.
    struct IssuedView: Encodable, Sendable {
        var key: KeyView
        var secret: String
        var previous: KeyView?
    }

    struct NewKeyInput: StrictInput, Sendable {
        var label: String?
        var expiresAt: Date?
        static let shape = JSONShape.object(["label": .value, "expiresAt": .value])
    }

    struct RotationInput: StrictInput, Sendable {
        var graceHours: Int?
        static let shape = JSONShape.object(["graceHours": .integer])
    }

    func register(_ routes: RouteRegistrar<AuthenticatedContext>) {
        routes.get("/api/v1/keys") { _, context in
            let keys = try await lifecycle.keys(of: context.institution.id)
            return try JSONResponse.make(["items": keys.map { KeyView($0, currentKey: context.apiKeyID) }])
        }
        routes.post("/api/v1/keys") { request, context in
            let input = try await optionalBody(NewKeyInput.self, request) ?? NewKeyInput()
            let issued = try await lifecycle.issue(for: context.institution.id, label: input.label, expiresAt: input.expiresAt)
            return try created(IssuedView(key: KeyView(issued.record, currentKey: context.apiKeyID), secret: issued.plaintext))
        }
        routes.post("/api/v1/keys/{id}/rotation") { request, context in
            let id = context.parameters.get("id") ?? ""
            let input = try await optionalBody(RotationInput.self, request) ?? RotationInput()
            let grace = input.graceHours.map { TimeInterval($0) * 3_600 } ?? APIKeyRecord.defaultGrace
            let (issued, previous) = try await lifecycle.rotate(id, by: context.institution.id, grace: grace)
            return try created(IssuedView(
                key: KeyView(issued.record, currentKey: context.apiKeyID), secret: issued.plaintext,
                previous: KeyView(previous, currentKey: context.apiKeyID)
            ))
        }
        routes.delete("/api/v1/keys/{id}") { _, context in
            let id = context.parameters.get("id") ?? ""
            let revoked = try await lifecycle.revoke(id, by: context.institution.id)
            return try JSONResponse.make(KeyView(revoked, currentKey: context.apiKeyID))
        }
    }

    /// A body that may be left out entirely (then the defaults apply); when present, it is read strictly.
    private func optionalBody<T: StrictInput>(_ type: T.Type, _ request: Request) async throws -> T? {
        var buffer = try await request.body.collect(upTo: limits.recordBodyBytes)
        guard buffer.readableBytes > 0 else { return nil }
        try BodyReader.requireJSON(request)
        return try BodyReader.decode(T.self, from: Data(buffer.readBytes(length: buffer.readableBytes) ?? []))
    }

    private func created(_ view: IssuedView) throws -> Response {
        var headers = HTTPFields()
        headers[.location] = "/api/v1/keys/\(view.key.id)"
        headers[.cacheControl] = "no-store"
        return try JSONResponse.make(view, status: .created, headers: headers)
    }
}
