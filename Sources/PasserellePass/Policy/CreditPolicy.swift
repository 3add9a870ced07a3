public import Foundation
public import PasserelleCore

/// The rules of the pass, held in configuration (a JSON file), never in code: what credit each age gives and for
/// how long, the caps per kind of offer, the cancellation window, when unused bookings of goods expire. A policy has
/// a version; every grant records the version it was made under, so a new policy never rewrites past grants.
public struct CreditPolicy: Sendable, Hashable, Codable {
    /// The credit of one age: granted once, on the beneficiary's request, while they are that age.
    public struct AgeGrant: Sendable, Hashable, Codable {
        public var age: Int
        public var amountCents: Int64
        /// Months the credit can be spent, from the grant.
        public var validityMonths: Int

        public init(age: Int, amountCents: Int64, validityMonths: Int) {
            self.age = age
            self.amountCents = amountCents
            self.validityMonths = validityMonths
        }
    }

    /// The most a beneficiary may spend on one kind of offer out of all their grants (for example digital offers).
    public struct Cap: Sendable, Hashable, Codable {
        /// `online` (offers with online access), or a category id or its prefix (`books`, `music.concert`).
        public var applies: String
        public var maximumCents: Int64

        public init(applies: String, maximumCents: Int64) {
            self.applies = applies
            self.maximumCents = maximumCents
        }

        /// Whether the cap counts a booking of `offer`.
        public func covers(_ offer: Offer) -> Bool {
            if applies == "online" { return offer.access == .online }
            let category = offer.categoryID.rawValue
            return category == applies || category.hasPrefix(applies + ".")
        }
    }

    public var version: String
    public var grants: [AgeGrant]
    public var caps: [Cap]
    /// Hours after booking during which the beneficiary may cancel (and before the event, for a dated stock).
    public var cancellationWindowHours: Int
    /// Days after which a booking of goods (undated stock) that was never collected expires and is refunded.
    public var uncollectedGoodsExpiryDays: Int
    /// Most places of one stock in one booking.
    public var maximumQuantityPerBooking: Int

    public init(version: String, grants: [AgeGrant], caps: [Cap], cancellationWindowHours: Int, uncollectedGoodsExpiryDays: Int,
                maximumQuantityPerBooking: Int) {
        self.version = version
        self.grants = grants
        self.caps = caps
        self.cancellationWindowHours = cancellationWindowHours
        self.uncollectedGoodsExpiryDays = uncollectedGoodsExpiryDays
        self.maximumQuantityPerBooking = maximumQuantityPerBooking
    }

    /// The grant of `age`, if the policy gives one.
    public func grant(forAge age: Int) -> AgeGrant? { grants.first { $0.age == age } }

    /// Every problem with the policy, each under its field: a policy with any is refused at start-up.
    public func validationIssues() -> [FieldIssue] {
        var issues: [FieldIssue] = []
        func fail(_ field: String, _ message: String) { issues.append(FieldIssue(field: field, code: "invalid-value", message: message)) }
        if version.trimmingCharacters(in: .whitespaces).isEmpty || version.count > 64 { fail("version", "must be 1–64 characters") }
        if grants.isEmpty { fail("grants", "must give credit at one age at least") }
        if Set(grants.map(\.age)).count != grants.count { fail("grants", "must give one grant per age") }
        for (index, grant) in grants.enumerated() {
            if !(6...30).contains(grant.age) { fail("grants/\(index)/age", "must be 6–30") }
            if !(1...1_000_000).contains(grant.amountCents) { fail("grants/\(index)/amountCents", "must be 1–1 000 000 cents (10 000 €)") }
            if !(1...120).contains(grant.validityMonths) { fail("grants/\(index)/validityMonths", "must be 1–120") }
        }
        for (index, cap) in caps.enumerated() {
            if cap.applies != "online" && CategoryID(cap.applies) == nil { fail("caps/\(index)/applies", "must be online or a category id or prefix") }
            if cap.maximumCents < 0 { fail("caps/\(index)/maximumCents", "must not be negative") }
        }
        if !(0...720).contains(cancellationWindowHours) { fail("cancellationWindowHours", "must be 0–720") }
        if !(1...365).contains(uncollectedGoodsExpiryDays) { fail("uncollectedGoodsExpiryDays", "must be 1–365") }
        if !(1...50).contains(maximumQuantityPerBooking) { fail("maximumQuantityPerBooking", "must be 1–50") }
        return issues
    }

    /// Reads a policy document; throws with every problem named.
    public static func read(json data: Data) throws -> CreditPolicy {
        let policy: CreditPolicy
        do {
            policy = try JSONDecoder().decode(CreditPolicy.self, from: data)
        } catch {
            throw CoreError(.invalid, "the pass policy cannot be read: \(error)")
        }
        let issues = policy.validationIssues()
        guard issues.isEmpty else { throw CoreError.invalid(issues) }
        return policy
    }
}
