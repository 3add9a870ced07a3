import Crypto
public import Foundation
public import PasserelleCore

/// A visitor's key for one institution and one day: 16 bytes, opaque, not reversible.
public struct VisitorKey: Sendable, Hashable {
    /// The 16 bytes.
    public let bytes: [UInt8]

    /// Wraps stored bytes (exactly 16).
    public init?(bytes: [UInt8]) {
        guard bytes.count == 16 else { return nil }
        self.bytes = bytes
    }

    /// The key as stored: 32 lowercase hexadecimal digits.
    public var hex: String { Hex.encode(bytes) }
}

/// A UTC calendar day, the period a salt lives for and the grid's finest period.
public struct CollectionDay: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Days since 1970-01-01 (UTC).
    public let number: Int

    /// The day containing `date`.
    public init(_ date: Date) { number = Int((date.timeIntervalSince1970 / 86_400).rounded(.down)) }

    /// The day with the given number.
    public init(number: Int) { self.number = number }

    /// `YYYY-MM-DD`.
    public var text: String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day], from: start)
        return String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!)
    }

    /// Midnight UTC at the start of the day.
    public var start: Date { Date(timeIntervalSince1970: Double(number) * 86_400) }

    /// The day before.
    public var previous: CollectionDay { CollectionDay(number: number - 1) }

    /// `YYYY-MM-DD`.
    public var description: String { text }

    /// Chronological order.
    public static func < (a: CollectionDay, b: CollectionDay) -> Bool { a.number < b.number }
}

/// A day's random salt: 16 bytes from the system's CSPRNG, never derived from the date or a secret, so once it is
/// deleted nobody — not even an operator holding every secret — can recompute that day's visitor keys.
public struct DailySalt: Sendable, Hashable {
    /// The day it salts.
    public let day: CollectionDay
    /// The 16 random bytes.
    public let bytes: [UInt8]

    /// Wraps stored bytes (exactly 16).
    public init?(day: CollectionDay, bytes: [UInt8]) {
        guard bytes.count == 16 else { return nil }
        self.day = day
        self.bytes = bytes
    }

    /// A fresh salt for `day`.
    public static func random(for day: CollectionDay) -> DailySalt {
        var generator = SystemRandomNumberGenerator()
        return DailySalt(day: day, bytes: (0..<16).map { _ in UInt8.random(in: .min ... .max, using: &generator) })!
    }

    /// The visitor key of `material` (the connection's address and user agent, or a sender's opaque visitor id)
    /// for `institution`: HMAC-SHA256 keyed by the salt, truncated to 16 bytes. The institution is inside the
    /// MAC, so the same person has unrelated keys at two institutions (the CNIL exemption's condition).
    public func visitorKey(institution: Identifier<Institution>, material: [String]) -> VisitorKey {
        var message = Data(institution.rawValue.utf8)
        for part in material {
            // Length-prefixed, so ("ab", "c") and ("a", "bc") differ.
            message.append(contentsOf: withUnsafeBytes(of: UInt32(part.utf8.count).bigEndian, Array.init))
            message.append(contentsOf: part.utf8)
        }
        let mac = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: bytes))
        return VisitorKey(bytes: Array(mac.prefix(16)))!
    }
}

/// Lowercase hexadecimal: how salts and visitor keys are stored (one text type on both engines).
public enum Hex {
    public static func encode(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    public static func decode(_ text: String) -> [UInt8]? {
        let chars = Array(text.utf8)
        guard chars.count % 2 == 0 else { return nil }
        func nibble(_ c: UInt8) -> UInt8? {
            switch c {
            case 0x30...0x39: c - 0x30
            case 0x61...0x66: c - 0x61 + 10
            default: nil
            }
        }
        var out = [UInt8]()
        for i in stride(from: 0, to: chars.count, by: 2) {
            guard let high = nibble(chars[i]), let low = nibble(chars[i + 1]) else { return nil }
            out.append(high << 4 | low)
        }
        return out
    }
}
