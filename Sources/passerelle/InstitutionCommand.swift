import ArgumentParser
import Foundation
import Logging
import PasserelleApp
import PasserelleCore
import PasserelleStorage
import PasserelleWeb

/// `passerelle institution`: register institutions, find imported ones, and manage their API keys.
struct InstitutionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "institution",
        abstract: "Register institutions, list them, and issue, rotate or revoke their API keys.",
        discussion: """
            Every key is printed once, alone on the last line of standard output; only its hash is stored. An \\
            institution that came with imported data (a museum of the demo, say) gets its first key with \\
            `passerelle institution key issue ID`; find its id with `passerelle institution list --name TEXT`.
            """,
        subcommands: [Create.self, List.self, KeyCommand.self]
    )

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create an institution and print its first API key (shown once; only its hash is stored)."
        )

        @Argument(help: "The institution's name.")
        var name: String

        @Option(help: "Its SIREN number (9 digits), if it has one; one institution per SIREN.")
        var siren: String?

        @Option(help: "Identifier to use instead of a random one (\(InstitutionID.rule)).")
        var id: String?

        @OptionGroup var options: DatabaseOptions

        func run() async throws {
            var parsedID: InstitutionID?
            if let id {
                guard let parsed = InstitutionID(id) else { throw ValidationError("--id must be \(InstitutionID.rule)") }
                parsedID = parsed
            }
            let registered = try await withStore(options) { store in
                try await InstitutionRegistration.register(name: name, siren: siren, id: parsedID, into: store)
            }
            let institution = registered.institution
            print("Created institution \(institution.id) (\(institution.name)).")
            printKeyOnce(registered.apiKey)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List institutions, with how many working keys each has.")

        @Option(help: "Only institutions whose name contains this text (case-insensitive).")
        var name: String?

        @Option(help: "At most this many (1–1000).")
        var limit = 50

        @OptionGroup var options: DatabaseOptions

        func validate() throws {
            guard (1...1_000).contains(limit) else { throw ValidationError("--limit must be between 1 and 1000") }
        }

        func run() async throws {
            let now = Date()
            let rows = try await withStore(options) { store in
                try await store.read { tx in
                    var rows: [(Institution, Int)] = []
                    for institution in try await tx.institutions(nameContaining: name, limit: limit) {
                        let working = try await tx.apiKeys(of: institution.id).count { $0.state(at: now) == .active }
                        rows.append((institution, working))
                    }
                    return rows
                }
            }
            if rows.isEmpty { print("No institution matches.") }
            for (institution, working) in rows {
                let siren = institution.siren.map { "  SIREN \($0)" } ?? ""
                print("\(institution.id)  \(institution.name)\(siren)  [\(institution.status.rawValue), \(working) working key(s)]")
            }
        }
    }
}

/// Opens the database of `options`, migrates it, runs `body`, and closes it whatever happens. Invalid input
/// becomes a usage error naming each field.
func withStore<T: Sendable>(_ options: DatabaseOptions, _ body: (SQLStore) async throws -> T) async throws -> T {
    try await withStore(settings: try await options.settings(), body)
}

/// The same, with settings already loaded (logging is set up once per process).
func withStore<T: Sendable>(settings: Settings, _ body: (SQLStore) async throws -> T) async throws -> T {
    let store = try await SQLStore.open(settings.database, logger: Logger(label: "passerelle"))
    do {
        try await store.migrate()
        let result = try await body(store)
        try await store.shutdown()
        return result
    } catch let error as CoreError {
        try? await store.shutdown()
        if error.code == .invalid { throw ValidationError(error.issues.map(\.description).joined(separator: "; ")) }
        throw ValidationError(error.message)
    } catch {
        try? await store.shutdown()
        throw error
    }
}
