public import Foundation
import Configuration
public import PasserelleCore
public import PasserelleStorage
public import PasserellePass
public import PasserelleWeb
import SystemPackage

/// Everything the process needs to start, read once in the composition root.
///
/// Precedence: command-line options > environment variables > `.env` file in the working directory > defaults.
public struct Settings: Sendable {
    public var host: String
    public var port: Int
    public var database: DatabaseLocation
    /// Where the real open data lives (`../shared/realdata` by default, `PASSERELLE_REALDATA` to move it).
    public var realdataRoot: URL
    public var logLevel: String
    /// Memory for encoded offer details, in MiB (`PASSERELLE_OFFER_CACHE_MB`, 0–4096; 0 turns the cache off).
    public var offerCacheMegabytes: Int = Settings.defaultOfferCacheMegabytes
    /// Connection cap and timeouts (`PASSERELLE_MAX_CONNECTIONS`, `PASSERELLE_READ_TIMEOUT`, `PASSERELLE_IDLE_TIMEOUT`).
    public var connections: ConnectionLimits = .standard
    /// Institutions whose collections may list other institutions' offers and works (`PASSERELLE_COLLECTION_EDITORS`,
    /// comma-separated institution ids): an editorial role the operator grants, never the API.
    public var collectionEditors: Set<InstitutionID> = []
    /// The site's public origin (`PASSERELLE_PUBLIC_URL`, e.g. `https://passerelle.culture.gouv.fr`): the absolute
    /// links of the JSON-LD, calendars and feeds it publishes. Default: `http://HOST:PORT`.
    public var publicOrigin = "http://127.0.0.1:8080"
    /// Registered feeds: whether `serve` re-reads them (`PASSERELLE_FEEDS`, `on` by default, `off` to leave it to
    /// another process or to `passerelle feed run`), and whether they may point at private addresses
    /// (`PASSERELLE_FEEDS_ALLOW_PRIVATE`, `false` by default; see `FeedAddressPolicy`).
    public var feedsEnabled = true
    public var feedsAllowPrivate = false
    /// The culture pass's rules (`PASSERELLE_PASS_POLICY`, a JSON file; `config/pass-policy.json` by default). A
    /// file named but unreadable or invalid stops the start; the default file absent leaves the pass off.
    public var passPolicy: CreditPolicy?
    /// bcrypt's cost for beneficiaries' passwords (`PASSERELLE_PASS_BCRYPT_COST`, 10–31, default 12), and the limits
    /// on guessing and hammering, each `N/window` such as `5/15m` (`PASSERELLE_PASS_LOGIN_LIMIT` per email,
    /// `PASSERELLE_PASS_LOGIN_ADDRESS_LIMIT`, `PASSERELLE_PASS_SIGNUP_LIMIT` per address, `PASSERELLE_PASS_BOOKING_LIMIT`
    /// per beneficiary, `PASSERELLE_PASS_COUNTERMARK_LIMIT` per institution).
    public var passAccounts = PassAccountSettings.standard
    /// How long a partner's ticketing system holds places before they are confirmed (`PASSERELLE_PASS_HOLD_TTL`,
    /// seconds), and how long Passerelle waits for each of its answers (`PASSERELLE_PASS_TICKETING_TIMEOUT`).
    public var holdTTLSeconds = 120
    public var ticketingTimeoutSeconds = 5
    /// Booking notifications to institutions' systems (webhooks): whether `serve` delivers them
    /// (`PASSERELLE_WEBHOOKS`, `on` by default; events are kept in the outbox either way), how long each delivery may
    /// take (`PASSERELLE_WEBHOOKS_TIMEOUT`, seconds, 1–30, default 10), and whether a subscription may use plain http
    /// or point at a private address (`PASSERELLE_WEBHOOKS_ALLOW_PRIVATE`, `false` by default: https on public hosts).
    public var webhooksEnabled = true
    public var webhookTimeoutSeconds = 10
    public var webhooksAllowPrivate = false
    /// Who answers for the OAI-PMH repository (`PASSERELLE_OAI_ADMIN_EMAIL`, shown in its Identify answer). Default:
    /// `admin@` the public origin's host.
    public var oaiAdminEmail: String?

    public static let defaultOfferCacheMegabytes = 32
    public static let defaultDatabase = "passerelle.sqlite"
    public static let defaultRealdata = "../shared/realdata"
    public static let defaultPassPolicy = "config/pass-policy.json"

    /// Values given on the command line; nil means "not given, look further".
    public struct Overrides: Sendable {
        public var host: String?
        public var port: Int?
        public var database: String?
        public var realdata: String?
        public var logLevel: String?

        public init(host: String? = nil, port: Int? = nil, database: String? = nil, realdata: String? = nil, logLevel: String? = nil) {
            self.host = host
            self.port = port
            self.database = database
            self.realdata = realdata
            self.logLevel = logLevel
        }
    }

    /// Reads the settings; `environment` and `dotEnvPath` are parameters so tests can pin them.
    public static func load(
        _ overrides: Overrides = Overrides(),
        environment: [String: String] = ProcessInfo.processInfo.environment,
        dotEnvPath: String = ".env"
    ) async throws -> Settings {
        var cli: [AbsoluteConfigKey: ConfigValue] = [:]
        if let host = overrides.host { cli["host"] = .init(.string(host), isSecret: false) }
        // As text, like the environment's values, so `integer(_:_:named:default:in:)` reads every source the same way.
        if let port = overrides.port { cli["port"] = .init(.string(String(port)), isSecret: false) }
        if let database = overrides.database { cli["database.url"] = .init(.string(database), isSecret: true) }
        if let realdata = overrides.realdata { cli["passerelle.realdata"] = .init(.string(realdata), isSecret: false) }
        if let level = overrides.logLevel { cli["log.level"] = .init(.string(level), isSecret: false) }
        let config = ConfigReader(providers: [
            InMemoryProvider(name: "command line", values: cli),
            EnvironmentVariablesProvider(environmentVariables: environment, secretsSpecifier: .specific(["DATABASE_URL"])),
            try await EnvironmentVariablesProvider(
                environmentFilePath: FilePath(dotEnvPath), allowMissing: true, secretsSpecifier: .specific(["DATABASE_URL"])
            ),
        ])
        let port = try integer(config, "port", named: "PORT / --port", default: 8080, in: 1...65_535)
        let databaseText = config.string(forKey: "database.url", isSecret: true, default: defaultDatabase)
        let database: DatabaseLocation
        do {
            database = try DatabaseLocation(parsing: databaseText)
        } catch {
            throw SettingsError("DATABASE_URL / --database is not usable: \(error)")
        }
        let level = config.string(forKey: "log.level", default: "info")
        guard ["trace", "debug", "info", "notice", "warning", "error", "critical"].contains(level) else {
            throw SettingsError("log level must be one of trace, debug, info, notice, warning, error, critical")
        }
        let cache = try integer(
            config, "passerelle.offer.cache.mb", named: "PASSERELLE_OFFER_CACHE_MB", default: defaultOfferCacheMegabytes, in: 0...4_096
        )
        let defaults = ConnectionLimits.standard
        let connections = ConnectionLimits(
            maximumConnections: try integer(
                config, "passerelle.max.connections", named: "PASSERELLE_MAX_CONNECTIONS", default: defaults.maximumConnections,
                in: 1...1_000_000
            ),
            readTimeout: .seconds(try integer(
                config, "passerelle.read.timeout", named: "PASSERELLE_READ_TIMEOUT", default: 30, in: 1...3_600
            )),
            idleTimeout: .seconds(try integer(
                config, "passerelle.idle.timeout", named: "PASSERELLE_IDLE_TIMEOUT", default: 60, in: 1...3_600
            ))
        )
        var editors = Set<InstitutionID>()
        for name in (config.string(forKey: "passerelle.collection.editors") ?? "").split(separator: ",") {
            let trimmed = name.trimmingCharacters(in: .whitespaces)
            guard let id = InstitutionID(trimmed) else {
                throw SettingsError("PASSERELLE_COLLECTION_EDITORS must list institution ids separated by commas; '\(trimmed)' is not one")
            }
            editors.insert(id)
        }
        var settings = Settings(
            host: config.string(forKey: "host", default: "127.0.0.1"),
            port: port,
            database: database,
            realdataRoot: URL(fileURLWithPath: config.string(forKey: "passerelle.realdata", default: defaultRealdata)),
            logLevel: level,
            offerCacheMegabytes: cache,
            connections: connections
        )
        settings.collectionEditors = editors
        settings.publicOrigin = try publicOrigin(config.string(forKey: "passerelle.public.url"), host: settings.host, port: port)
        settings.feedsEnabled = try switchSetting(config.string(forKey: "passerelle.feeds"), named: "PASSERELLE_FEEDS", default: true)
        settings.feedsAllowPrivate = try switchSetting(
            config.string(forKey: "passerelle.feeds.allow.private"), named: "PASSERELLE_FEEDS_ALLOW_PRIVATE", default: false)
        settings.passPolicy = try passPolicy(config.string(forKey: "passerelle.pass.policy"))
        settings.passAccounts = try passAccounts(config)
        settings.holdTTLSeconds = try integer(config, "passerelle.pass.hold.ttl", named: "PASSERELLE_PASS_HOLD_TTL", default: 120, in: 10...900)
        settings.ticketingTimeoutSeconds = try integer(
            config, "passerelle.pass.ticketing.timeout", named: "PASSERELLE_PASS_TICKETING_TIMEOUT", default: 5, in: 1...30)
        settings.webhooksEnabled = try switchSetting(config.string(forKey: "passerelle.webhooks"), named: "PASSERELLE_WEBHOOKS", default: true)
        settings.webhookTimeoutSeconds = try integer(config, "passerelle.webhooks.timeout", named: "PASSERELLE_WEBHOOKS_TIMEOUT", default: 10, in: 1...30)
        settings.webhooksAllowPrivate = try switchSetting(
            config.string(forKey: "passerelle.webhooks.allow.private"), named: "PASSERELLE_WEBHOOKS_ALLOW_PRIVATE", default: false)
        if let email = config.string(forKey: "passerelle.oai.admin.email"), !email.isEmpty {
            // The OAI-PMH schema's own rule for adminEmail: something@host.domain, no spaces.
            guard email.wholeMatch(of: /[^\s@]+@([^\s@.]+\.)+[^\s@.]+/) != nil else {
                throw SettingsError("PASSERELLE_OAI_ADMIN_EMAIL must be an e-mail address such as oai@passerelle.example, not '\(email)'")
            }
            settings.oaiAdminEmail = email
        }
        return settings
    }
}

extension Settings {
    /// An http(s) origin without path, query or credentials, its trailing slash dropped; nil gives `http://HOST:PORT`.
    static func publicOrigin(_ text: String?, host: String, port: Int) throws -> String {
        guard let text, !text.isEmpty else {
            return "http://\(host.contains(":") ? "[\(host)]" : host):\(port)"
        }
        let trimmed = text.hasSuffix("/") ? String(text.dropLast()) : text
        guard let url = URL(string: trimmed), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
              let name = url.host, !name.isEmpty, url.path.isEmpty, url.query == nil, url.fragment == nil, url.user == nil, url.password == nil
        else {
            throw SettingsError("PASSERELLE_PUBLIC_URL must be an http(s) origin such as https://passerelle.example (no path, query or credentials), not '\(text)'")
        }
        return trimmed
    }

    /// The pass policy of `path` (nil: the default file, if present).
    static func passPolicy(_ path: String?) throws -> CreditPolicy? {
        let file = path.flatMap { $0.isEmpty ? nil : $0 } ?? defaultPassPolicy
        guard FileManager.default.fileExists(atPath: file) else {
            if path == nil || path?.isEmpty == true { return nil }
            throw SettingsError("PASSERELLE_PASS_POLICY names \(file), which does not exist")
        }
        do {
            return try CreditPolicy.read(json: Data(contentsOf: URL(fileURLWithPath: file)))
        } catch let error as CoreError {
            let details = error.issues.isEmpty ? error.message : error.issues.map(\.description).joined(separator: "; ")
            throw SettingsError("the pass policy \(file) is not valid: \(details)")
        }
    }

    /// bcrypt's cost and the five rate limits of the pass, each defaulting to `PassAccountRules`'.
    static func passAccounts(_ config: ConfigReader) throws -> PassAccountSettings {
        var accounts = PassAccountSettings.standard
        accounts.bcryptCost = UInt8(try integer(
            config, "passerelle.pass.bcrypt.cost", named: "PASSERELLE_PASS_BCRYPT_COST", default: Int(accounts.bcryptCost), in: 10...31))
        func limit(_ key: ConfigKey, _ name: String, _ fallback: RateLimit) throws -> RateLimit {
            guard let text = config.string(forKey: key), !text.isEmpty else { return fallback }
            guard let limit = RateLimit(parsing: text) else {
                throw SettingsError("\(name) must be attempts per window such as 5/15m (s, m, h or d; at most 1d), not '\(text)'")
            }
            return limit
        }
        accounts.limits.loginPerEmail = try limit("passerelle.pass.login.limit", "PASSERELLE_PASS_LOGIN_LIMIT", accounts.limits.loginPerEmail)
        accounts.limits.loginPerAddress = try limit(
            "passerelle.pass.login.address.limit", "PASSERELLE_PASS_LOGIN_ADDRESS_LIMIT", accounts.limits.loginPerAddress)
        accounts.limits.signupPerAddress = try limit("passerelle.pass.signup.limit", "PASSERELLE_PASS_SIGNUP_LIMIT", accounts.limits.signupPerAddress)
        accounts.limits.bookingPerBeneficiary = try limit(
            "passerelle.pass.booking.limit", "PASSERELLE_PASS_BOOKING_LIMIT", accounts.limits.bookingPerBeneficiary)
        accounts.limits.countermarkPerInstitution = try limit(
            "passerelle.pass.countermark.limit", "PASSERELLE_PASS_COUNTERMARK_LIMIT", accounts.limits.countermarkPerInstitution)
        accounts.limits.feedRunPerInstitution = try limit("passerelle.feed.run.limit", "PASSERELLE_FEED_RUN_LIMIT", accounts.limits.feedRunPerInstitution)
        return accounts
    }

    /// An on/off setting: `on`, `true`, `1`, `yes` or `off`, `false`, `0`, `no`; anything else is an error.
    static func switchSetting(_ text: String?, named name: String, default fallback: Bool) throws -> Bool {
        guard let text, !text.isEmpty else { return fallback }
        switch text.lowercased() {
        case "on", "true", "1", "yes": return true
        case "off", "false", "0", "no": return false
        default: throw SettingsError("\(name) must be on or off (true/false, 1/0, yes/no), not '\(text)'")
        }
    }

    /// An integer setting in `range`. A value that is not an integer is an error, never silently the default
    /// (swift-configuration's `int(forKey:default:)` falls back to the default on unreadable text).
    static func integer(
        _ config: ConfigReader, _ key: ConfigKey, named name: String, default fallback: Int, in range: ClosedRange<Int>
    ) throws -> Int {
        guard let text = config.string(forKey: key) else { return fallback }
        guard let value = Int(text.trimmingCharacters(in: .whitespaces)) else {
            throw SettingsError("\(name) must be an integer, got '\(text)'")
        }
        guard range.contains(value) else {
            throw SettingsError("\(name) must be between \(range.lowerBound) and \(range.upperBound), got \(value)")
        }
        return value
    }
}

/// A configuration value that cannot be used, with what to do about it.
public struct SettingsError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
