import ArgumentParser
import Foundation
import Logging
import PasserelleApp
import PasserelleCore
import PasserelleStorage
import PasserelleWeb

/// `passerelle institution create NAME`: registers an institution and prints its API key, once.
struct InstitutionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "institution", abstract: "Manage institutions.", subcommands: [Create.self]
    )

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create an institution and print its API key (shown once; only its hash is stored)."
        )

        @Argument(help: "The institution's name.")
        var name: String

        @Option(help: "Its SIREN number (9 digits), if it has one.")
        var siren: String?

        @Option(help: "Identifier to use instead of a random one (1–64 of A-Z a-z 0-9 . _ -).")
        var id: String?

        @OptionGroup var options: ServerOptions

        func run() async throws {
            let settings = try await options.settings()
            var institution = Institution(name: name, siren: siren, provenance: Provenance(source: "cli"))
            if let id {
                guard let parsed = InstitutionID(id) else { throw ValidationError("--id must be 1–64 of A-Z a-z 0-9 . _ -") }
                institution.id = parsed
            }
            let issues = institution.validationIssues()
            guard issues.isEmpty else { throw ValidationError(issues.map(\.description).joined(separator: "; ")) }
            let store = try await SQLStore.open(settings.database, logger: Logger(label: "passerelle"))
            let key = APIKeys.generate(for: institution.id)
            do {
                try await store.migrate()
                try await store.write { [institution] tx in
                    if try await tx.institution(institution.id) != nil {
                        throw CoreError(.conflict, "institution \(institution.id) already exists")
                    }
                    try await tx.save(institution)
                    try await tx.save(key.record)
                }
                try await store.shutdown()
            } catch {
                try? await store.shutdown()
                throw error
            }
            print("Created institution \(institution.id) (\(institution.name)).")
            print("API key (store it now, it is not shown again):")
            print(key.plaintext)
        }
    }
}
