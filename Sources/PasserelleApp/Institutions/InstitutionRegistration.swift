public import PasserelleCore
import PasserelleWeb

/// Registers an institution with its first API key, in one transaction: an institution never exists without
/// a way to write, and a key never exists without its institution.
public enum InstitutionRegistration {
    /// The registered institution and its API key in clear, to show once (only its hash is stored).
    public struct Registered: Sendable {
        public let institution: Institution
        public let apiKey: String
    }

    /// Validates, refuses an id or a SIREN already taken (`CoreError.conflict`), then saves the institution and its key.
    public static func register(
        name: String, siren: String? = nil, id: InstitutionID? = nil, into store: any CatalogueStore
    ) async throws -> Registered {
        var institution = Institution(name: name, siren: siren, provenance: Provenance(source: "cli"))
        if let id { institution.id = id }
        let issues = institution.validationIssues()
        guard issues.isEmpty else { throw CoreError.invalid(issues) }
        let key = APIKeys.generate(for: institution.id)
        try await store.write { [institution] tx in
            if try await tx.institution(institution.id) != nil {
                throw CoreError(.conflict, "institution \(institution.id) already exists")
            }
            if let siren = institution.siren, let holder = try await tx.institution(siren: siren) {
                throw CoreError(
                    .conflict,
                    "SIREN \(siren) is already registered, to institution \(holder.id) (\(holder.name)); issue it another key with `passerelle institution key issue \(holder.id)`"
                )
            }
            try await tx.save(institution)
            try await tx.save(key.record)
        }
        return Registered(institution: institution, apiKey: key.plaintext)
    }
}
