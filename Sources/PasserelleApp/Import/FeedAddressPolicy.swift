public import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Which hosts a registered feed may be fetched from. An institution types the URL, so by default it may not point
/// Passerelle at its own network: a host that resolves to a loopback, private, link-local (cloud metadata), CGNAT,
/// multicast or unspecified address is refused before any request. `PASSERELLE_FEEDS_ALLOW_PRIVATE=true` lifts it
/// (tests on loopback, an intranet deployment). The operator's own `passerelle import URL` is not subject to it.
/// The address is checked before the fetch, which resolves the name again: a DNS answer that changes between the two
/// (rebinding) is not caught here; a deployment that needs that guarantee also filters egress at its firewall.
public struct FeedAddressPolicy: Sendable {
    public var allowPrivate: Bool

    public init(allowPrivate: Bool) { self.allowPrivate = allowPrivate }

    /// Why `url` may not be fetched, nil when it may. Resolves the host, so it blocks: call it off the cooperative
    /// pool (`FeedFetcher` does, for the first request and for every redirect).
    public func refusal(for url: URL) -> String? {
        guard !allowPrivate else { return nil }
        guard let host = url.host, !host.isEmpty else { return "the URL has no host" }
        let addresses = Self.resolve(host)
        // One answer for both: the feed's last message is shown to the institution, and telling "does not resolve"
        // from "resolves to 10.1.2.3" would let anyone map the names and addresses of Passerelle's own network.
        guard !addresses.isEmpty, !addresses.contains(where: Self.isInternal) else {
            return "\(host) is not a public host (it does not resolve, or resolves to a private network): Passerelle calls public hosts only"
        }
        return nil
    }

    /// Every address `host` resolves to, as text.
    static func resolve(_ host: String) -> [String] {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        #if canImport(Glibc)
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #else
        hints.ai_socktype = SOCK_STREAM
        #endif
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, nil, &hints, &list) == 0, let first = list else { return [] }
        defer { freeaddrinfo(first) }
        var addresses: [String] = []
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        while let entry = cursor {
            var buffer = [CChar](repeating: 0, count: Int(NI_MAXHOST))
            if getnameinfo(entry.pointee.ai_addr, entry.pointee.ai_addrlen, &buffer, socklen_t(buffer.count), nil, 0, NI_NUMERICHOST) == 0 {
                addresses.append(String(cString: buffer))
            }
            cursor = entry.pointee.ai_next
        }
        return addresses
    }

    /// Loopback, private (RFC 1918, ULA), link-local, CGNAT, multicast, unspecified, and IPv4 mapped into IPv6.
    public static func isInternal(_ address: String) -> Bool {
        let lower = address.lowercased()
        if lower.contains(":") {
            if lower.hasPrefix("::ffff:") { return isInternal(String(lower.dropFirst(7))) }
            return lower == "::1" || lower == "::" || lower.hasPrefix("fe8") || lower.hasPrefix("fe9") || lower.hasPrefix("fea")
                || lower.hasPrefix("feb") || lower.hasPrefix("fc") || lower.hasPrefix("fd") || lower.hasPrefix("ff")
        }
        let parts = lower.split(separator: ".").compactMap { Int($0) }
        guard parts.count == 4 else { return true }
        switch (parts[0], parts[1]) {
        case (0, _), (10, _), (127, _), (169, 254), (192, 168): return true
        case (172, 16...31), (100, 64...127): return true
        case (224...255, _): return true
        default: return false
        }
    }
}
