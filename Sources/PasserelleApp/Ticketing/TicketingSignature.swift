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
        return SignatureHeader.make(timestamp: timestamp, message: message(timestamp, method, path, body), secret: secret)
    }

    /// Whether `header` signs this request with `secret`, within the tolerance of `now`.
    public static func verify(_ header: String?, method: String, path: String, body: Data, secret: String, now: Date = Date()) -> Bool {
        SignatureHeader.verify(header, secret: secret, now: now, tolerance: tolerance) { message($0, method, path, body) }
    }

    private static func message(_ timestamp: Int, _ method: String, _ path: String, _ body: Data) -> Data {
        var message = Data("\(timestamp).\(method.uppercased()).\(path).".utf8)
        message.append(body)
        return message
    }
}
