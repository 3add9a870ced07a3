import ArgumentParser
import Logging
import PasserelleApp

/// Options shared by every command that opens the database or listens.
struct ServerOptions: ParsableArguments {
    @Option(help: "Port to listen on (env PORT, default 8080).")
    var port: Int?

    @Option(help: "Address to listen on (env HOST, default 127.0.0.1).")
    var host: String?

    @Option(name: .customLong("database"), help: "Database: a SQLite file path, sqlite:PATH, :memory: or postgres://… (env DATABASE_URL).")
    var database: String?

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical (env LOG_LEVEL).")
    var logLevel: String?

    var overrides: Settings.Overrides {
        Settings.Overrides(host: host, port: port, database: database, logLevel: logLevel)
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
