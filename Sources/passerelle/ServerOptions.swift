import ArgumentParser
import Logging
import PasserelleApp

/// Options of every command that opens the database.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .customLong("database"), help: "Database: a SQLite file path, sqlite:PATH, :memory: or postgres://… (env DATABASE_URL).")
    var database: String?

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical (env LOG_LEVEL).")
    var logLevel: String?

    /// Loads the settings and sets up logging once, to standard error, at the chosen level.
    func settings() async throws -> Settings {
        try await ServerOptions.bootstrap(Settings.Overrides(database: database, logLevel: logLevel))
    }
}

/// Options of the commands that listen: where, plus the database options.
struct ServerOptions: ParsableArguments {
    @Option(help: "Port to listen on (env PORT, default 8080).")
    var port: Int?

    @Option(help: "Address to listen on (env HOST, default 127.0.0.1).")
    var host: String?

    @OptionGroup var storage: DatabaseOptions

    var overrides: Settings.Overrides {
        Settings.Overrides(host: host, port: port, database: storage.database, logLevel: storage.logLevel)
    }

    /// Loads the settings and sets up logging once, to standard error, at the chosen level.
    func settings() async throws -> Settings {
        try await Self.bootstrap(overrides)
    }

    static func bootstrap(_ overrides: Settings.Overrides) async throws -> Settings {
        let settings = try await Settings.load(overrides)
        let level = Logger.Level(rawValue: settings.logLevel) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        return settings
    }
}
