import Foundation
import PasserelleApp
import PasserelleCore
import PasserelleStorage
import PasserelleWeb
import Testing

@Suite struct SettingsTests {
    /// A `.env` file in a fresh folder, removed after the test.
    func withDotEnv(_ contents: String, _ body: (String) async throws -> Void) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("settings-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent(".env").path
        try contents.write(toFile: path, atomically: true, encoding: .utf8)
        try await body(path)
    }

    @Test func defaultsAreTheEmbeddedSQLiteOnLoopback() async throws {
        let settings = try await Settings.load(environment: [:], dotEnvPath: "/nonexistent/.env")
        #expect(settings.port == 8080)
        #expect(settings.host == "127.0.0.1")
        #expect(settings.database == .sqliteFile("passerelle.sqlite"))
        #expect(settings.realdataRoot.path.hasSuffix("shared/realdata"))
    }

    @Test func collectionEditorsAreInstitutionIDsAndABadOneStopsTheStart() async throws {
        let none = try await Settings.load(environment: [:], dotEnvPath: "/nonexistent/.env")
        #expect(none.collectionEditors.isEmpty)
        let two = try await Settings.load(environment: ["PASSERELLE_COLLECTION_EDITORS": "redaction, ministere-culture"], dotEnvPath: "/nonexistent/.env")
        #expect(Set(two.collectionEditors.map(\.rawValue)) == ["redaction", "ministere-culture"])
        await #expect(throws: SettingsError.self) {
            _ = try await Settings.load(environment: ["PASSERELLE_COLLECTION_EDITORS": "redaction,not an id"], dotEnvPath: "/nonexistent/.env")
        }
    }

    @Test func thePublicOriginIsAnHTTPOriginAndDefaultsToTheListenAddress() async throws {
        let none = try await Settings.load(environment: ["PORT": "9000"], dotEnvPath: "/nonexistent/.env")
        #expect(none.publicOrigin == "http://127.0.0.1:9000")
        let given = try await Settings.load(environment: ["PASSERELLE_PUBLIC_URL": "https://passerelle.example/"], dotEnvPath: "/nonexistent/.env")
        #expect(given.publicOrigin == "https://passerelle.example")
        for bad in ["ftp://passerelle.example", "https://passerelle.example/path", "https://user:pw@passerelle.example", "passerelle.example", "https://x.example?q=1"] {
            await #expect(throws: SettingsError.self, "\(bad)") {
                _ = try await Settings.load(environment: ["PASSERELLE_PUBLIC_URL": bad], dotEnvPath: "/nonexistent/.env")
            }
        }
    }

    @Test func feedSwitchesAreOnOffAndAnythingElseStopsTheStart() async throws {
        let none = try await Settings.load(environment: [:], dotEnvPath: "/nonexistent/.env")
        #expect(none.feedsEnabled && !none.feedsAllowPrivate, "feeds run, and only from public hosts, by default")
        let given = try await Settings.load(environment: ["PASSERELLE_FEEDS": "off", "PASSERELLE_FEEDS_ALLOW_PRIVATE": "TRUE"], dotEnvPath: "/nonexistent/.env")
        #expect(!given.feedsEnabled && given.feedsAllowPrivate)
        await #expect(throws: SettingsError.self) {
            _ = try await Settings.load(environment: ["PASSERELLE_FEEDS_ALLOW_PRIVATE": "maybe"], dotEnvPath: "/nonexistent/.env")
        }
    }

    @Test func webhookSettingsDefaultToOnPublicHTTPSAndTenSeconds() async throws {
        let none = try await Settings.load(environment: [:], dotEnvPath: "/nonexistent/.env")
        #expect(none.webhooksEnabled && !none.webhooksAllowPrivate && none.webhookTimeoutSeconds == 10)
        let given = try await Settings.load(environment: ["PASSERELLE_WEBHOOKS": "off", "PASSERELLE_WEBHOOKS_ALLOW_PRIVATE": "true",
                                                          "PASSERELLE_WEBHOOKS_TIMEOUT": "3"], dotEnvPath: "/nonexistent/.env")
        #expect(!given.webhooksEnabled && given.webhooksAllowPrivate && given.webhookTimeoutSeconds == 3)
        for (name, bad) in [("PASSERELLE_WEBHOOKS_TIMEOUT", "0"), ("PASSERELLE_WEBHOOKS_TIMEOUT", "31"), ("PASSERELLE_WEBHOOKS", "sometimes")] {
            await #expect(throws: SettingsError.self, "\(name)=\(bad)") {
                _ = try await Settings.load(environment: [name: bad], dotEnvPath: "/nonexistent/.env")
            }
        }
    }

    @Test func theOAIAdminEmailIsAnAddressTheOAIPMHSchemaAccepts() async throws {
        let none = try await Settings.load(environment: [:], dotEnvPath: "/nonexistent/.env")
        #expect(none.oaiAdminEmail == nil)
        let given = try await Settings.load(environment: ["PASSERELLE_OAI_ADMIN_EMAIL": "oai@passerelle.example"], dotEnvPath: "/nonexistent/.env")
        #expect(given.oaiAdminEmail == "oai@passerelle.example")
        for bad in ["oai", "oai@localhost", "o ai@passerelle.example", "@passerelle.example", "oai@passerelle."] {
            await #expect(throws: SettingsError.self, "\(bad)") {
                _ = try await Settings.load(environment: ["PASSERELLE_OAI_ADMIN_EMAIL": bad], dotEnvPath: "/nonexistent/.env")
            }
        }
    }

    @Test func passAccountLimitsAndBcryptCostAreReadAndABadOneStopsTheStart() async throws {
        let none = try await Settings.load(environment: [:], dotEnvPath: "/nonexistent/.env")
        #expect(none.passAccounts == PassAccountSettings.standard && none.passAccounts.bcryptCost == 12)
        let given = try await Settings.load(environment: [
            "PASSERELLE_PASS_BCRYPT_COST": "13", "PASSERELLE_PASS_LOGIN_LIMIT": "3/10m", "PASSERELLE_PASS_LOGIN_ADDRESS_LIMIT": "100/1h",
            "PASSERELLE_PASS_SIGNUP_LIMIT": "2/1d", "PASSERELLE_PASS_BOOKING_LIMIT": "10/30s", "PASSERELLE_PASS_COUNTERMARK_LIMIT": "600/1m",
        ], dotEnvPath: "/nonexistent/.env")
        #expect(given.passAccounts.bcryptCost == 13)
        #expect(given.passAccounts.limits.loginPerEmail == RateLimit(limit: 3, window: 600))
        #expect(given.passAccounts.limits.loginPerAddress == RateLimit(limit: 100, window: 3_600))
        #expect(given.passAccounts.limits.signupPerAddress == RateLimit(limit: 2, window: 86_400))
        #expect(given.passAccounts.limits.bookingPerBeneficiary == RateLimit(limit: 10, window: 30))
        #expect(given.passAccounts.limits.countermarkPerInstitution == RateLimit(limit: 600, window: 60))
        for (name, bad) in [("PASSERELLE_PASS_BCRYPT_COST", "9"), ("PASSERELLE_PASS_BCRYPT_COST", "32"), ("PASSERELLE_PASS_LOGIN_LIMIT", "5"),
                            ("PASSERELLE_PASS_SIGNUP_LIMIT", "0/1h"), ("PASSERELLE_PASS_BOOKING_LIMIT", "10/2d")] {
            await #expect(throws: SettingsError.self, "\(name)=\(bad)") {
                _ = try await Settings.load(environment: [name: bad], dotEnvPath: "/nonexistent/.env")
            }
        }
    }

    @Test func commandLineBeatsEnvironmentWhichBeatsDotEnv() async throws {
        try await withDotEnv("PORT=7000\nDATABASE_URL=from-dotenv.sqlite\nHOST=0.0.0.0\n") { path in
            let fromDotEnv = try await Settings.load(environment: [:], dotEnvPath: path)
            #expect(fromDotEnv.port == 7000)
            #expect(fromDotEnv.host == "0.0.0.0")
            #expect(fromDotEnv.database == .sqliteFile("from-dotenv.sqlite"))

            let fromEnvironment = try await Settings.load(environment: ["PORT": "7100"], dotEnvPath: path)
            #expect(fromEnvironment.port == 7100)
            #expect(fromEnvironment.database == .sqliteFile("from-dotenv.sqlite"))

            let fromCommandLine = try await Settings.load(
                Settings.Overrides(port: 7200, database: ":memory:"), environment: ["PORT": "7100"], dotEnvPath: path
            )
            #expect(fromCommandLine.port == 7200)
            #expect(fromCommandLine.database == .sqliteMemory)
        }
    }

    @Test func postgresURLIsParsedAndNeverPrintedWithItsPassword() async throws {
        let settings = try await Settings.load(
            environment: ["DATABASE_URL": "postgres://passerelle:s3cret@127.0.0.1:5432/passerelle"], dotEnvPath: "/nonexistent/.env"
        )
        guard case .postgres = settings.database else {
            Issue.record("expected a PostgreSQL location, got \(settings.database)")
            return
        }
        #expect(!String(describing: settings.database).contains("s3cret"))
    }

    @Test func unusableValuesAreClearErrors() async throws {
        await #expect(throws: SettingsError.self) {
            try await Settings.load(Settings.Overrides(port: 70_000), environment: [:], dotEnvPath: "/nonexistent/.env")
        }
        await #expect(throws: SettingsError.self) {
            try await Settings.load(environment: ["DATABASE_URL": "mysql://x"], dotEnvPath: "/nonexistent/.env")
        }
        await #expect(throws: SettingsError.self) {
            try await Settings.load(environment: ["LOG_LEVEL": "loud"], dotEnvPath: "/nonexistent/.env")
        }
        await #expect(throws: SettingsError.self) {
            try await Settings.load(environment: ["PASSERELLE_OFFER_CACHE_MB": "5000"], dotEnvPath: "/nonexistent/.env")
        }
        // Unreadable numbers are errors, not a silent fallback to the default.
        for (variable, text) in [("PASSERELLE_OFFER_CACHE_MB", "lots"), ("PORT", "eighty")] {
            let error = await #expect(throws: SettingsError.self) {
                try await Settings.load(environment: [variable: text], dotEnvPath: "/nonexistent/.env")
            }
            #expect(error?.description.contains("must be an integer") == true)
        }
    }

    @Test func offerCacheSize() async throws {
        #expect(try await Settings.load(environment: [:], dotEnvPath: "/nonexistent/.env").offerCacheMegabytes == 32)
        let off = try await Settings.load(environment: ["PASSERELLE_OFFER_CACHE_MB": "0"], dotEnvPath: "/nonexistent/.env")
        #expect(off.offerCacheMegabytes == 0)
    }
}
