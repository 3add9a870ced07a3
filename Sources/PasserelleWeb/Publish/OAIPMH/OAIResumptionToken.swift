import Crypto
import Foundation

/// Where an incomplete list stops and how to go on (spec §3.5): the list's arguments and a keyset cursor — the
/// last record's (change time, id), or the last institution set's id — never an offset, so changes made during a
/// harvest cannot make it skip a record.
///
/// The text is base64url JSON followed by a checksum. The checksum is not a secret: a token grants nothing the
/// arguments do not; it makes a mangled, truncated or hand-made token a `badResumptionToken`, not a wrong page.
struct OAIResumptionToken: Hashable, Codable {
    /// The verb the token continues; another verb refuses it.
    var verb: String
    var metadataPrefix: String?
    var set: String?
    /// The list's bounds as stored instants (seconds since 2001): `[from, before)`.
    var from: Double?
    var before: Double?
    /// The last record sent: its change time and id (ListRecords, ListIdentifiers) or the last set's id (ListSets).
    var afterTime: Double?
    var afterID: String
    /// How many items earlier pages held: the `cursor` attribute of the next page.
    var sent: Int

    /// Longer texts are refused before they are decoded.
    static let maximumLength = 2_048
    /// The checksum is public knowledge, so a token may be forged: its count is bounded, so adding a page can never
    /// overflow (a trap would stop the server).
    static let maximumSent = 1_000_000_000
    private static let checksumBytes = 12
    private static let domain = Data("passerelle oai-pmh resumption token v1\n".utf8)

    var text: String {
        let payload = (try? Self.encoder.encode(self)) ?? Data()
        return Self.base64url(payload) + "." + Self.base64url(Self.checksum(payload))
    }

    /// The token `text` stands for, or nil when it is not one this repository issued.
    static func decode(_ text: String) -> OAIResumptionToken? {
        guard text.utf8.count <= maximumLength else { return nil }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, let payload = data(base64url: parts[0]), let sum = data(base64url: parts[1]),
            sum == checksum(payload), let token = try? JSONDecoder().decode(OAIResumptionToken.self, from: payload),
            (0...maximumSent).contains(token.sent)
        else { return nil }
        return token
    }

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()

    private static func checksum(_ payload: Data) -> Data {
        Data(SHA256.hash(data: domain + payload).prefix(checksumBytes))
    }

    private static func base64url(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    private static func data(base64url text: Substring) -> Data? {
        guard text.utf8.allSatisfy({ $0 != UInt8(ascii: "+") && $0 != UInt8(ascii: "/") && $0 != UInt8(ascii: "=") }) else { return nil }
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        return Data(base64Encoded: base64)
    }
}
