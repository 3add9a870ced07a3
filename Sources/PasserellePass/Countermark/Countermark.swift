/// The code a beneficiary shows at the venue: 10 random characters of Crockford's base32 (50 bits from the system's
/// cryptographic generator) and one check character, written `ABCDE-FGHJK-M`. Read back, it forgives case, spaces,
/// hyphens and the letters people confuse with digits (I, L → 1; O → 0); a typo is caught by the check character
/// before any database lookup. Unguessable: 2⁵⁰ codes, and validation is rate-limited per venue.
public struct Countermark: Sendable, Hashable, CustomStringConvertible {
    /// The 11 characters, without hyphens.
    public let value: String

    static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")
    /// The check symbols (Crockford's, modulo 37).
    static let checkAlphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ*~$=U")
    static let randomLength = 10

    /// A new code from `generator` (the system's cryptographic generator unless a test gives a seeded one).
    public static func make<G: RandomNumberGenerator>(using generator: inout G) -> Countermark {
        var symbols = ""
        var value: UInt64 = 0
        for _ in 0..<randomLength {
            let digit = Int(generator.next(upperBound: UInt64(alphabet.count)))
            symbols.append(alphabet[digit])
            value = value * 32 + UInt64(digit)
        }
        symbols.append(checkAlphabet[Int(value % 37)])
        return Countermark(value: symbols)
    }

    public static func make() -> Countermark {
        var generator = SystemRandomNumberGenerator()
        return make(using: &generator)
    }

    private init(value: String) { self.value = value }

    /// A typed or scanned code, normalised; nil when it is not one (wrong length, a symbol outside the alphabet, a
    /// check character that does not match).
    public init?(reading text: String) {
        var symbols: [Character] = []
        for character in text.uppercased() where !" -\t".contains(character) {
            switch character {
            case "I", "L": symbols.append("1")
            case "O": symbols.append("0")
            default: symbols.append(character)
            }
        }
        guard symbols.count == Self.randomLength + 1 else { return nil }
        var value: UInt64 = 0
        for symbol in symbols.dropLast() {
            guard let digit = Self.alphabet.firstIndex(of: symbol) else { return nil }
            value = value * 32 + UInt64(digit)
        }
        guard symbols.last == Self.checkAlphabet[Int(value % 37)] else { return nil }
        self.value = String(symbols)
    }

    /// `ABCDE-FGHJK-M`, as printed and shown.
    public var description: String {
        let characters = Array(value)
        return String(characters[0..<5]) + "-" + String(characters[5..<10]) + "-" + String(characters[10])
    }
}
