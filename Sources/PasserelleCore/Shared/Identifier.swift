import Foundation

/// A typed identifier: `Identifier<Offer>` and `Identifier<Venue>` cannot be mixed up.
///
/// The raw value is a short, URL-safe string (1–64 of `A-Z a-z 0-9 . _ -`, not made of dots alone), so identifiers
/// from institutions' own systems can be kept as they are (e.g. `museofile-M0123`) and appear in URLs unescaped.
/// `.` and `..` are refused: as path segments they resolve to the parent (`/offers/..` is `/`), so a record with
/// such an id could be created but never read back.
public struct Identifier<Entity>: Hashable, Sendable, Codable, CustomStringConvertible, Comparable {
    public let rawValue: String

    /// Builds an identifier, or returns nil when the string is not a valid identifier.
    public init?(_ rawValue: String) {
        guard Self.isValid(rawValue) else { return nil }
        self.rawValue = rawValue
    }

    /// A fresh random identifier (a lowercase UUID).
    public static func random() -> Self {
        Self(trusted: UUID().uuidString.lowercased())
    }

    /// For values already validated (database rows, generated ids).
    public init(trusted rawValue: String) {
        self.rawValue = rawValue
    }

    /// The rule every identifier follows, stated once for error messages and the OpenAPI document.
    public static var rule: String { "1–64 of A-Z a-z 0-9 . _ -, not only dots" }

    /// The same rule as a regular expression, for the OpenAPI document.
    /// (At least one character that is not a dot; the length is stated separately as 1–64.)
    public static var pattern: String { "^[A-Za-z0-9._-]*[A-Za-z0-9_-][A-Za-z0-9._-]*$" }

    public static func isValid(_ raw: String) -> Bool {
        guard (1...64).contains(raw.utf8.count), !raw.utf8.allSatisfy({ $0 == 0x2E }) else { return false }
        return raw.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == 0x2E || byte == 0x5F || byte == 0x2D
        }
    }

    public var description: String { rawValue }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    public init(from decoder: any Decoder) throws {
        let raw = try decoder.singleValueContainer().decode(String.self)
        guard Self.isValid(raw) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "not a valid identifier: \(Self.rule)")
            )
        }
        self.rawValue = raw
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

public typealias InstitutionID = Identifier<Institution>
public typealias VenueID = Identifier<Venue>
public typealias WorkID = Identifier<Work>
public typealias OfferID = Identifier<Offer>
public typealias StockID = Identifier<Stock>
