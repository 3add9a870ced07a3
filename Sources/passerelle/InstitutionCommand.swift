import ArgumentParser
import Foundation
import Logging
import PasserelleApp
import PasserelleCore
import PasserelleStorage

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
            var parsedID: InstitutionID?
            if let id {
                guard let parsed = InstitutionID(id) else { throw ValidationError("--id must be 1–64 of A-Z a-z 0-9 . _ -") }
                parsedID = parsed
            }
            let store = try await SQLStore.open(settings.database, logger: Logger(label: "passerelle"))
            let registered: InstitutionRegistration.Registered
            do {
                try await store.migrate()
                registered = try await InstitutionRegistration.register(name: name, siren: siren, id: parsedID, into: store)
                try await store.shutdown()
            } catch let error as CoreError where error.code == .invalid {
                try? await store.shutdown()
                throw ValidationError(error.issues.map(\.description).joined(separator: "; "))
            } catch {
                try? await store.shutdown()
                throw error
            }
            let institution = registered.institution
            print("Created institution \(institution.id) (\(institution.name)).")
            print("API key (store it now, it is not shown again):")
            print(registered.apiKey)
        }
    }
}
