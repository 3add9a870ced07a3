import Foundation
import PasserelleCore

/// Resolves the territory columns of French sources to INSEE codes.
enum Territory {
    /// A département from its name, as Core reads it, plus the spellings these sources use that Core does not
    /// know: "Réunion" without its article, and the "Métropole de Lyon" (a collectivity inside the Rhône, 69).
    static func departement(named raw: String) -> Departement? {
        let name = Clean.text(raw)
        guard !name.isEmpty else { return nil }
        let key = nameKey(name)
        if let found = byNameKey[key] ?? Departement.named(name) { return found }
        switch key {
        case "reunion": return Departement.code("974")
        case "metropole de lyon": return Departement.code("69")
        default: return nil
        }
    }

    /// Core's `Departement.named` folds all 107 names on every call (about 0.2 ms): too slow for thousands of
    /// rows, so names are looked up in this index first, and Core is asked only about the names it misses.
    private static let byNameKey: [String: Departement] = Dictionary(
        Departement.all.map { (nameKey($0.name), $0) }, uniquingKeysWith: { first, _ in first }
    )

    /// Case, accents and punctuation folded, "saint" shortened as Core does.
    private static func nameKey(_ name: String) -> String {
        (Clean.foldKey(name) + " ").replacingOccurrences(of: "saint ", with: "st ").trimmingCharacters(in: .whitespaces)
    }

    /// A département from a postal code (nil for Corsica, whose postal codes do not say 2A or 2B).
    static func departement(postalCode: String?) -> Departement? {
        postalCode.flatMap { Departement.of(postalCode: $0) }
    }
}

/// Turns an entity's Core validation issues into one readable reason.
enum EntityCheck {
    /// Nil when every entity is valid; otherwise a message naming each failing entity and its issues.
    static func problems(_ checks: [(String, [FieldIssue])]) -> String? {
        let failing = checks.filter { !$0.1.isEmpty }
        guard !failing.isEmpty else { return nil }
        return failing.map { label, issues in
            "\(label): " + issues.map { "\($0.field) \($0.code) (\($0.message))" }.joined(separator: "; ")
        }.joined(separator: " | ")
    }
}

extension Territory {
    /// The value at least two of `candidates` agree on, else the first present one (candidates come most
    /// precise first), else nil.
    static func majority(_ candidates: [Departement?]) -> Departement? {
        let present = candidates.compactMap { $0 }
        for candidate in present where present.filter({ $0 == candidate }).count >= 2 { return candidate }
        return present.first
    }
}
