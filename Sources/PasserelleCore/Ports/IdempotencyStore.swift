public import Foundation

/// The first answer to a request sent with an `Idempotency-Key`, kept so that a replay gets it again.
public struct IdempotentAnswer: Sendable, Hashable {
    public var status: Int
    public var body: Data

    public init(status: Int, body: Data) {
        self.status = status
        self.body = body
    }
}

/// What a request with an `Idempotency-Key` may do.
public enum IdempotencyClaim: Sendable, Hashable {
    /// The key is new (or its first request died without an answer): run the request, then record its answer.
    case fresh
    /// The same request was answered before: send that answer again.
    case replay(IdempotentAnswer)
    /// The first request with this key is still running.
    case inFlight
    /// The key was used for another request (another body or path): refused, never a silent replay.
    case mismatch
}

/// Where idempotency keys live, per institution, for `retention` seconds.
public protocol IdempotencyStore: Sendable {
    /// Takes `key` for a request whose content hashes to `requestHash`, or says why not. A claim older than
    /// `abandonedAfter` seconds without an answer is taken again (its process died).
    func claimIdempotencyKey(_ key: String, institution: InstitutionID, requestHash: String, now: Date,
                             abandonedAfter: TimeInterval) async throws -> IdempotencyClaim
    /// Records the answer of a fresh claim.
    func recordIdempotentAnswer(_ answer: IdempotentAnswer, key: String, institution: InstitutionID) async throws
}

public enum IdempotencyLimits {
    /// How long a key is remembered (a day, as payment APIs do).
    public static let retention: TimeInterval = 24 * 3_600
    /// A key is 1–255 visible ASCII characters.
    public static let maximumKeyLength = 255
}
