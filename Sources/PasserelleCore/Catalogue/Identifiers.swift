/// Checks for the identifiers of the French and international registries the catalogue carries.
public enum Identifiers {
    /// SIREN: 9 digits whose Luhn sum is a multiple of 10 (La Poste's 356000000 is the documented exception).
    public static func isValidSIREN(_ value: String) -> Bool {
        guard value.count == 9, let digits = digits(of: value) else { return false }
        if value == "356000000" { return true }
        return luhn(digits)
    }

    /// ISBN-13 (978/979 prefix, EAN check digit) or ISBN-10 (mod 11, `X` allowed last). Hyphens and spaces ignored.
    public static func isValidISBN(_ value: String) -> Bool {
        let compact = value.filter { $0 != "-" && $0 != " " }
        if compact.count == 13 {
            return (compact.hasPrefix("978") || compact.hasPrefix("979")) && isValidEAN13(compact)
        }
        guard compact.count == 10 else { return false }
        var sum = 0
        for (index, character) in compact.enumerated() {
            let weight = 10 - index
            if let digit = character.wholeNumberValue, character.isASCII {
                sum += digit * weight
            } else if index == 9 && (character == "X" || character == "x") {
                sum += 10
            } else {
                return false
            }
        }
        return sum % 11 == 0
    }

    /// EAN-13 with its GS1 check digit.
    public static func isValidEAN13(_ value: String) -> Bool {
        guard value.count == 13, let digits = digits(of: value) else { return false }
        let sum = digits.prefix(12).enumerated().reduce(0) { total, pair in total + pair.element * (pair.offset % 2 == 0 ? 1 : 3) }
        return (10 - sum % 10) % 10 == digits[12]
    }

    /// A CNC visa d'exploitation: a positive integer of at most 7 digits.
    public static func isFilmVisa(_ value: String) -> Bool {
        (1...7).contains(value.count) && digits(of: value) != nil && value != String(repeating: "0", count: value.count)
    }

    /// A Muséofile identifier: `M` followed by 4 digits (`M0123`).
    public static func isMuseofile(_ value: String) -> Bool {
        value.count == 5 && value.first == "M" && digits(of: String(value.dropFirst())) != nil
    }

    /// A Mérimée (`PA`, `IA`, `EA`, `MH`…) or Palissy (`PM`, `IM`) reference: two capitals then 8 digits.
    public static func isMerimeeOrPalissy(_ value: String) -> Bool {
        guard value.count == 10 else { return false }
        let letters = value.prefix(2)
        return letters.allSatisfy { $0.isASCII && $0.isUppercase } && digits(of: String(value.dropFirst(2))) != nil
    }

    /// A Joconde reference: 1–20 ASCII letters and digits (e.g. `000PE001234`, `50350000001`).
    public static func isJocondeReference(_ value: String) -> Bool {
        (1...20).contains(value.count) && value.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
    }

    /// An INSEE commune code: 5 characters, digits except Corsica's `2A`/`2B` prefix.
    public static func isCommuneCode(_ value: String) -> Bool {
        guard value.count == 5 else { return false }
        if value.hasPrefix("2A") || value.hasPrefix("2B") { return digits(of: String(value.dropFirst(2))) != nil }
        return digits(of: value) != nil
    }

    public static func isPostalCode(_ value: String) -> Bool {
        value.count == 5 && digits(of: value) != nil
    }

    /// An ISO 3166-1 alpha-2 country code in capitals (`FR`, `PL`).
    public static func isCountryCode(_ value: String) -> Bool {
        value.count == 2 && value.allSatisfy { $0.isASCII && $0.isUppercase }
    }

    /// An ISO 639 language code in lowercase: 2 letters (639-1) or 3 (639-2/3, e.g. `oci`, `bre`).
    public static func isLanguageCode(_ value: String) -> Bool {
        (2...3).contains(value.count) && value.allSatisfy { $0.isASCII && $0.isLowercase }
    }

    private static func digits(of value: String) -> [Int]? {
        var result: [Int] = []
        for character in value {
            guard character.isASCII, let digit = character.wholeNumberValue else { return nil }
            result.append(digit)
        }
        return result
    }

    private static func luhn(_ digits: [Int]) -> Bool {
        var sum = 0
        for (index, digit) in digits.reversed().enumerated() {
            if index % 2 == 1 {
                let doubled = digit * 2
                sum += doubled > 9 ? doubled - 9 : doubled
            } else {
                sum += digit
            }
        }
        return sum % 10 == 0
    }
}
