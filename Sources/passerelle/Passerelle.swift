import ArgumentParser

/// The `passerelle` command: one binary to serve, migrate, load the demo, manage institutions and measure.
@main
struct Passerelle: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "passerelle",
        abstract: "Passerelle — a shared, sovereign platform for online culture.",
        discussion: """
            Run `passerelle demo` to start on an embedded SQLite database filled with real French open data \
            (or a generated catalogue when ../shared/realdata is absent), then open http://127.0.0.1:8080.

            Settings come from options, then environment variables (PORT, HOST, DATABASE_URL, PASSERELLE_REALDATA, \
            LOG_LEVEL, PASSERELLE_MAX_CONNECTIONS, PASSERELLE_READ_TIMEOUT, PASSERELLE_IDLE_TIMEOUT, \
            PASSERELLE_OFFER_CACHE_MB), then a .env file in the working directory, then defaults (SQLite file \
            passerelle.sqlite).
            """,
        subcommands: [
            ServeCommand.self, MigrateCommand.self, DemoCommand.self, InstitutionCommand.self, BenchCommand.self,
            PrivacyCommand.self, ObservatoryCommand.self, DiscoveryCommand.self, ImportCommand.self, FeedCommand.self,
        ]
    )
}
