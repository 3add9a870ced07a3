public import PasserelleCore

/// The name a feed goes by in its records' provenance, and by which its offers are found again at the next read
/// (at most the 64 characters of `Provenance.source`): `KIND:` + a hash of the full location + the start of its
/// last path part, so that two feeds never share a key and a reader still sees which file or page it was.
public enum FeedSourceKey {
    public static func make(kind: String, location: String) -> String {
        let hash = String(StableID.fnv1a64(location), radix: 16)
        let name = location.split(separator: "/").last.map { String($0) } ?? ""
        let head = kind + ":" + String(repeating: "0", count: 16 - hash.count) + hash + ":"
        return head + String(name.unicodeScalars.filter { $0.isASCII && ($0.properties.isAlphabetic || $0.properties.numericType != nil || ".-_".unicodeScalars.contains($0)) }
            .map(Character.init).prefix(64 - head.count))
    }
}
