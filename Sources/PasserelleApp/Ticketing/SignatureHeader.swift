import Crypto
import Foundation

/// The `t=<unix seconds>,v1=<hex HMAC-SHA256>` header both of Passerelle's outgoing signatures use (ticketing calls
/// and webhooks), as Stripe signs its webhooks: made, and checked in constant time within a tolerance.
enum SignatureHeader {
    static func make(timestamp: Int, message: Data, secret: String) -> String {
        "t=\(timestamp),v1=\(mac(message, secret: secret))"
    }

    /// Whether `header` carries a valid MAC of `message(t)` within `tolerance` seconds of `now`.
    static func verify(_ header: String?, secret: String, now: Date, tolerance: TimeInterval, message: (Int) -> Data) -> Bool {
        guard let header else { return false }
        var fields: [String: String] = [:]
        for part in header.split(separator: ",") {
            let pair = part.split(separator: "=", maxSplits: 1)
            if pair.count == 2 { fields[String(pair[0]).trimmingCharacters(in: .whitespaces)] = String(pair[1]) }
        }
        guard let timestamp = fields["t"].flatMap(Int.init), let given = fields["v1"],
              abs(now.timeIntervalSince1970 - Double(timestamp)) <= tolerance else { return false }
        let expected = mac(message(timestamp), secret: secret)
        // Compared in constant time: the difference of every byte, not the first one that differs.
        guard given.utf8.count == expected.utf8.count else { return false }
        return zip(given.utf8, expected.utf8).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }

    private static func mac(_ message: Data, secret: String) -> String {
        HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: Data(secret.utf8))).map { String(format: "%02x", $0) }.joined()
    }
}
