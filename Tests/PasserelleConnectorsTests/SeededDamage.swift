@testable import PasserelleConnectors

/// Seeded random damage to a document, the same at every run for a seed: one to four of bytes deleted, a run
/// duplicated, a bit flipped, the document cut, a random byte inserted.
enum SeededDamage {
    static func damage(_ bytes: inout [UInt8], _ random: inout SplitMix64, maximumSpan: Int = 24) {
        for _ in 0..<1 + random.below(4) where !bytes.isEmpty {
            let at = random.below(bytes.count)
            let span = min(1 + random.below(maximumSpan), bytes.count - at)
            switch random.below(5) {
            case 0: bytes.removeSubrange(at..<(at + span))
            case 1: bytes.insert(contentsOf: bytes[at..<(at + span)], at: at)
            case 2: bytes[at] ^= UInt8(1 << random.below(8))
            case 3: bytes.removeSubrange(at...)
            default: bytes.insert(UInt8(random.below(256)), at: at)
            }
        }
    }
}
