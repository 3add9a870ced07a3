public import Foundation

/// How a webhook receiver knows a notification comes from Passerelle, exactly as Stripe's scheme: the header
/// `Passerelle-Webhook-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256>` over `<t>.<body>` with the subscription's
/// secret. A receiver recomputes the MAC over the raw body, compares in constant time, and refuses a timestamp more
/// than five minutes off (a replayed notification).
public enum WebhookSignature {
    public static let header = "Passerelle-Webhook-Signature"
    public static let tolerance: TimeInterval = 300

    public static func sign(body: Data, secret: String, at date: Date = Date()) -> String {
        let timestamp = Int(date.timeIntervalSince1970)
        return SignatureHeader.make(timestamp: timestamp, message: message(timestamp, body), secret: secret)
    }

    public static func verify(_ header: String?, body: Data, secret: String, now: Date = Date()) -> Bool {
        SignatureHeader.verify(header, secret: secret, now: now, tolerance: tolerance) { message($0, body) }
    }

    private static func message(_ timestamp: Int, _ body: Data) -> Data {
        var message = Data("\(timestamp).".utf8)
        message.append(body)
        return message
    }
}
