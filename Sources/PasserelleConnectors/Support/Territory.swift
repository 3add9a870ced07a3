import PasserelleCore

/// Resolves the territory columns of French sources to INSEE codes.
enum Territory {
    /// A département from its name, as Core reads it, plus the spellings these sources use that Core does not
    /// know: "Réunion" without its article, and the "Métropole de Lyon" (a collectivity inside the Rhône, 69).
    static func departement(named raw: String) -> Departement? {
        let name = Clean.text(raw)
        guard !name.isEmpty else { return nil }
        if let found = Departement.named(name) { return found }
        switch Clean.foldKey(name) {
        case "reunion": return Departement.code("974")
        case "metropole de lyon": return Departement.code("69")
        default: return nil
        }
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
