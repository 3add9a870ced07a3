import Crypto
import Foundation
public import PasserelleCore

/// The limits of the routes worth guessing or hammering, counted in the database (`RateLimitStore`) so that they
/// hold across every `serve` process. A refused attempt is answered 429 `rate-limited` with `Retry-After`.
public struct RateLimiter: Sendable {
    /// The configured limits; the defaults are `PassAccountRules`'.
    public struct Limits: Sendable, Hashable {
        public var loginPerEmail: RateLimit
        public var loginPerAddress: RateLimit
        public var signupPerAddress: RateLimit
        public var bookingPerBeneficiary: RateLimit
        public var countermarkPerInstitution: RateLimit
        public var feedRunPerInstitution: RateLimit

        public init(loginPerEmail: RateLimit, loginPerAddress: RateLimit, signupPerAddress: RateLimit, bookingPerBeneficiary: RateLimit,
                    countermarkPerInstitution: RateLimit, feedRunPerInstitution: RateLimit = FeedSource.runRequestLimit) {
            self.loginPerEmail = loginPerEmail
            self.loginPerAddress = loginPerAddress
            self.signupPerAddress = signupPerAddress
            self.bookingPerBeneficiary = bookingPerBeneficiary
            self.countermarkPerInstitution = countermarkPerInstitution
            self.feedRunPerInstitution = feedRunPerInstitution
        }
    }

    /// An attempt that was counted; `refund()` takes it back (a login that succeeded does not count against the
    /// account's owner).
    struct Receipt: Sendable {
        let store: any RateLimitStore
        let bucket: String
        let window: Int64

        func refund() async throws { try await store.refundAttempt(bucket: bucket, window: window) }
    }

    let store: any RateLimitStore
    let limits: Limits

    public init(store: any RateLimitStore, limits: Limits) {
        self.store = store
        self.limits = limits
    }

    /// Counts one attempt in `kind`'s bucket for `subject`, or throws `RateLimited`. The subject (an email, an
    /// address) is kept only as a SHA-256, so the table holds no personal data in clear; windows last ≤ 2 days.
    @discardableResult
    func attempt(_ kind: String, _ subject: String, under limit: RateLimit) async throws -> Receipt {
        let bucket = kind + ":" + SHA256.hash(data: Data(subject.utf8)).prefix(16).map { String(format: "%02x", $0) }.joined()
        let window = try await store.attempt(bucket, under: limit)
        return Receipt(store: store, bucket: bucket, window: window)
    }
}

extension RateLimited {
    /// Whole seconds for `Retry-After` (RFC 9110 §10.2.3), at least one.
    var retryAfterSeconds: Int { max(1, Int(retryAfter.rounded(.up))) }
}
