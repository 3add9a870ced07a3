public import Foundation
public import PasserelleCore

/// An anonymous visitor: a random 128-bit number in a first-party cookie, set only when the visitor keeps a
/// favourite or states interests (an action of theirs, never on a first visit). It names nobody; accounts come
/// with the culture pass and will own the same signals.
public struct VisitorID: Sendable, Hashable, Codable, CustomStringConvertible {
    public let rawValue: String

    /// 32 lowercase hexadecimal digits, else nil (a forged or truncated cookie is ignored, never trusted).
    public init?(_ rawValue: String) {
        guard rawValue.utf8.count == 32, rawValue.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }) else {
            return nil
        }
        self.rawValue = rawValue
    }

    /// A number drawn from the identifier (its first 64 bits), to vary choices from one visitor to the next.
    public var seed: UInt64 { UInt64(rawValue.prefix(16), radix: 16) ?? 0 }

    public static func random() -> VisitorID {
        var generator = SystemRandomNumberGenerator()
        let digits = (0..<2).map { _ in String(generator.next() as UInt64, radix: 16) }
            .map { String(repeating: "0", count: 16 - $0.count) + $0 }
        return VisitorID(digits.joined())!
    }

    public var description: String { rawValue }
}

/// What a visitor did with an offer. Bookings join when the culture pass exists.
public enum SignalKind: String, Sendable, Hashable, Codable, CaseIterable {
    case view, favourite

    /// How much the signal says about taste, for the relevance model.
    public var weight: Float {
        switch self {
        case .view: 1
        case .favourite: 3
        }
    }
}

/// One signal: the latest time a visitor did `kind` with an offer (one per visitor, offer and kind).
public struct VisitorSignal: Sendable, Hashable {
    public let offerID: OfferID
    public let kind: SignalKind
    public let at: Date

    public init(offerID: OfferID, kind: SignalKind, at: Date) {
        self.offerID = offerID
        self.kind = kind
        self.at = at
    }
}

/// How far recommendations stray from what the visitor already likes (the λ of MMR in `ExposureReranker`).
public enum Variety: String, Sendable, Hashable, Codable, CaseIterable {
    /// More of the same: relevance alone (the exposure guarantees still hold).
    case same
    case balanced
    /// More variety: similarity to what is already listed weighs more than relevance, so another domain nearby
    /// beats one more offer of a chosen category (two cinemas of one département overlap by 0.6, λ = 0.3).
    case wider

    public var lambda: Double {
        switch self {
        case .same: 1
        case .balanced: 0.7
        case .wider: 0.3
        }
    }
}

/// What a visitor told us: interests, a home département, the variety they want. No name, no address.
public struct VisitorProfile: Sendable, Hashable, Codable {
    public var interests: Set<CategoryID>
    public var departementCode: String?
    public var variety: Variety

    public init(interests: Set<CategoryID> = [], departementCode: String? = nil, variety: Variety = .balanced) {
        self.interests = interests
        self.departementCode = departementCode
        self.variety = variety
    }

    /// Field problems: unknown categories or département, too many interests.
    public func validationIssues() -> [FieldIssue] {
        var validator = Validator()
        if interests.count > VisitorLimits.maximumInterests {
            validator.fail("interests", "too-many", "at most \(VisitorLimits.maximumInterests) interests")
        }
        for interest in interests.sorted() where Taxonomy.category(interest) == nil {
            validator.fail("interests", "unknown-category", "'\(interest.rawValue)' is not a category of the shared taxonomy")
        }
        if let departementCode, Departement.code(departementCode) == nil {
            validator.fail("departement", "unknown-departement", "'\(departementCode)' is not a département code")
        }
        return validator.issues
    }
}

/// The explicit limits of what is kept per visitor.
public enum VisitorLimits {
    /// Favourites a visitor may keep; one more is refused with a clear message.
    public static let maximumFavourites = 200
    /// Views kept per visitor: the newest; older ones are dropped as new ones come.
    public static let keptViews = 100
    public static let maximumInterests = 12
    /// A visitor not seen for this long is forgotten (the CNIL's 13 months for a cookie's data).
    public static let inactivityLimit: TimeInterval = 395 * 86_400
}
