import Foundation

/// Where a page of results ended: the score and group key of its last group. The next page starts strictly
/// after it in the result order (score descending, then key ascending), so a page never repeats a group and a
/// write between two pages moves only the groups it changes.
///
/// Its text form is opaque to clients (base64url of `score:key`), but checked on the way in: a tampered cursor is
/// a 400, not a silent first page.
public struct SearchCursor: Sendable, Hashable {
    public let score: Double
    public let key: String

    public init(score: Double, key: String) {
        self.score = score
        self.key = key
    }

    /// The text a client sends back as `cursor`.
    public var token: String {
        let plain = "\(score.bitPattern):\(key)"
        return Data(plain.utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Reads a cursor's text form, nil when it is not one this server made.
    public init?(token: String) {
        guard token.count <= 400 else { return nil }
        var base64 = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard let data = Data(base64Encoded: base64), let plain = String(data: data, encoding: .utf8),
            let colon = plain.firstIndex(of: ":"), let bits = UInt64(plain[..<colon])
        else { return nil }
        let score = Double(bitPattern: bits)
        let key = String(plain[plain.index(after: colon)...])
        guard score.isFinite, !key.isEmpty else { return nil }
        self.init(score: score, key: key)
    }

    /// Whether a group with this score and key comes after the cursor in the result order.
    public func precedes(score other: Double, key otherKey: String) -> Bool {
        other < score || (other == score && otherKey > key)
    }
}
