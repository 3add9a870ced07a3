import ArgumentParser
import Hummingbird
import Logging
import PasserelleApp
import PasserelleStorage

/// `passerelle serve`: migrates the database, then serves the API and the pages until SIGTERM/SIGINT.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: "Serve the API and the pages.")

    @OptionGroup var options: ServerOptions

    func run() async throws {
        let settings = try await options.settings()
        let logger = Logger(label: "passerelle")
        let store = try await SQLStore.open(settings.database, logger: logger)
        try await store.migrate()
        let app = PasserelleServer.application(
            settings: settings, store: store, prometheus: PasserelleServer.bootstrapMetrics(),
            about: AboutContent(credits: DemoPreparation.openDataCredits), logger: logger
        )
        try await app.runService()
    }
}

/// `passerelle migrate`: applies the numbered migrations that have not run yet, then exits.
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "migrate", abstract: "Apply pending database migrations.")

    @OptionGroup var options: DatabaseOptions

    func run() async throws {
        let settings = try await options.settings()
        let logger = Logger(label: "passerelle")
        let store = try await SQLStore.open(settings.database, logger: logger)
        do {
            try await store.migrate()
            try await store.shutdown()
        } catch {
            try? await store.shutdown()
            throw error
        }
        print("Migrations applied to \(settings.database).")
    }
}
