public import Crypto
public import Foundation

/// How Passerelle signs what it sends to a provider's ticketing system, as Stripe signs its webhooks: the header
/// `Passerelle-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256>` over `<t>.<METHOD>.<path>.<body>` with the secret the
/// operator gave the provider. Method and path are signed too, so a signed confirmation cannot be replayed as a
/// release of another hold; a receiver refuses a timestamp more than five minutes off.
public enum TicketingSignature {
    public static let header = "Passerelle-Signature"
    public static let tolerance: TimeInterval = 300

    public static func sign(method: String, path: String, body: Data, secret: String, at date: Date = Date()) -> String {
        let timestamp = Int(date.timeIntervalSince1970)
        return "t=\(timestamp),v1=\(mac(timestamp: timestamp, method: method, path: path, body: body, secret: secret))"
    }

    /// Whether `header` signs this request with `secret`, within the tolerance of `now`.
    public static func verify(_ header: String?, method: String, path: String, body: Data, secret: String, now: Date = Date()) -> Bool {
        guard let header else { return false }
        var fields: [String: String] = [:]
        for part in header.split(separator: ",") {
            let pair = part.split(separator: "=", maxSplits: 1)
            if pair.count == 2 { fields[String(pair[0]).trimmingCharacters(in: .whitespaces)] = String(pair[1]) }
        }
        guard let timestamp = fields["t"].flatMap(Int.init), let given = fields["v1"],
              abs(now.timeIntervalSince1970 - Double(timestamp)) <= tolerance else { return false }
        let expected = mac(timestamp: timestamp, method: method, path: path, body: body, secret: secret)
        // Compared in constant time: the difference of every byte, not the first one that differs.
        guard given.utf8.count == expected.utf8.count else { return false }
        return zip(given.utf8, expected.utf8).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }

    private static func mac(timestamp: Int, method: String, path: String, body: Data, secret: String) -> String {
        var message = Data("\(timestamp).\(method.uppercased()).\(path).".utf8)
        message.append(body)
        return HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: Data(secret.utf8))).map { String(format: "%02x", $0) }.joined()
    }
}
