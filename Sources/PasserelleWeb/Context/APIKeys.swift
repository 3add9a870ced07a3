public import PasserelleCore
import Crypto
import Foundation

/// Creates and hashes institutions' API keys. Keys look like `psl_3f9a1c2b_<43 base64url characters>`:
/// a public prefix that names the key (its `APIKeyRecord.id`) and a 256-bit secret.
public enum APIKeys {
    /// A fresh key for `institution`: the plaintext to hand over once, and the record to store (hash only).
    public static func generate(for institution: InstitutionID) -> (plaintext: String, record: APIKeyRecord) {
        var generator = SystemRandomNumberGenerator()
        let prefixBytes = (0..<4).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let secretBytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let publicID = "psl_" + hex(prefixBytes)
        let plaintext = publicID + "_" + base64URL(secretBytes)
        let record = APIKeyRecord(id: publicID, institutionID: institution, secretHash: hash(plaintext))
        return (plaintext, record)
    }

    /// Lowercase hex SHA-256 of the whole key, as stored in `APIKeyRecord.secretHash`.
    public static func hash(_ key: String) -> String {
        hex(Array(SHA256.hash(data: Data(key.utf8))))
    }

    /// The public prefix of a well-formed key (`psl_xxxxxxxx`), safe to log; nil for anything else.
    public static func publicID(of key: String) -> String? {
        let parts = key.split(separator: "_", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "psl", parts[1].count == 8,
            parts[1].allSatisfy({ $0.isHexDigit }), !parts[2].isEmpty
        else { return nil }
        return "psl_" + parts[1]
    }

    private static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { byte in
            let digits = String(byte, radix: 16)
            return byte < 16 ? "0" + digits : digits
        }.joined()
    }

    private static func base64URL(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
