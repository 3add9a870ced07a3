/// Deterministic identifiers built from source keys, so that re-running an import gives the same ids.
enum StableID {
    /// `prefix` + `key` when the key is already id-safe (`A-Za-z0-9.-`). Otherwise other characters become `_`
    /// (runs collapsed) and 8 hex digits of a hash of the exact key are appended, so `OA 10426` and `OA_10426`
    /// stay distinct. Past the 64-character limit of `Identifier`, the key is cut and a 16-digit hash appended.
    static func make(_ prefix: String, _ key: String) -> String {
        var safe = ""
        for scalar in key.unicodeScalars {
            let allowed = scalar.isASCII
                && (("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
                    || scalar == "." || scalar == "-")
            if allowed {
                safe.unicodeScalars.append(scalar)
            } else if !safe.hasSuffix("_") {
                safe += "_"
            }
        }
        let hash = String(fnv1a64(key), radix: 16)
        let hash16 = String(repeating: "0", count: 16 - hash.count) + hash
        if safe == key && !key.isEmpty && (prefix + key).utf8.count <= 64 { return prefix + key }
        let short = prefix + safe + "-" + hash16.suffix(8)
        if short.utf8.count <= 64 { return short }
        let room = 64 - prefix.utf8.count - 17
        return prefix + String(safe.prefix(max(room, 0))) + "-" + hash16
    }

    /// A lowercase slug of a name (`UGC Normandie` → `ugc-normandie`), diacritics folded.
    static func slug(_ name: String) -> String {
        Clean.foldKey(name).lowercased().split(separator: " ").joined(separator: "-")
    }

    /// FNV-1a, 64 bits: stable across runs and platforms, unlike `Hasher`, which is seeded per process.
    static func fnv1a64(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return hash
    }
}
