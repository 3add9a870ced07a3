import PasserelleCore
import PasserelleStorage
import Testing

@Suite("DatabaseLocation parsing")
struct DatabaseLocationTests {
    @Test(arguments: [
        ("sqlite:///var/lib/passerelle/catalogue.sqlite", DatabaseLocation.sqliteFile("/var/lib/passerelle/catalogue.sqlite")),
        ("sqlite:data/catalogue.sqlite", .sqliteFile("data/catalogue.sqlite")),
        ("/tmp/catalogue.sqlite", .sqliteFile("/tmp/catalogue.sqlite")),
        ("catalogue.sqlite", .sqliteFile("catalogue.sqlite")),
        (":memory:", .sqliteMemory),
        ("sqlite::memory:", .sqliteMemory),
        ("postgres://app:s3cret@db.example.org:5432/passerelle", .postgres(url: "postgres://app:s3cret@db.example.org:5432/passerelle")),
        ("postgresql://app@127.0.0.1/passerelle", .postgres(url: "postgresql://app@127.0.0.1/passerelle")),
    ])
    func parses(_ text: String, _ expected: DatabaseLocation) throws {
        #expect(try DatabaseLocation(parsing: text) == expected)
    }

    @Test(arguments: ["", "   ", "mysql://root@localhost/db", "sqlite:", "sqlite://host/file.sqlite", "postgres://", "postgres:///nohost"])
    func refuses(_ text: String) {
        #expect(throws: DatabaseLocation.ParseError.self) { try DatabaseLocation(parsing: text) }
    }

    @Test func descriptionHidesThePassword() throws {
        let location = try DatabaseLocation(parsing: "postgres://app:s3cret@db.example.org:5432/passerelle?sslmode=require")
        #expect(location.description == "postgres://app:***@db.example.org:5432/passerelle?sslmode=require")
        #expect(!"\(location)".contains("s3cret"))
        let error = #expect(throws: DatabaseLocation.ParseError.self) { try DatabaseLocation(parsing: "postgres://app:s3cret@/x") }
        #expect(error.map { !$0.description.contains("s3cret") } == true)
    }
}

@Suite("Opening a store")
struct OpeningTests {
    @Test func unreachableLocationsFailWithAClearError() async throws {
        let missing = await #expect(throws: CoreError.self) {
            _ = try await SQLStore.open(.sqliteFile("/nonexistent-passerelle-dir/catalogue.sqlite"), logger: TestDatabase.logger)
        }
        #expect(missing?.code == .storage)
        #expect(missing?.message.contains("/nonexistent-passerelle-dir/catalogue.sqlite") == true)
        // Port 1 on localhost refuses connections; the password must not leak into the error.
        let refused = await #expect(throws: CoreError.self) {
            _ = try await SQLStore.open(.postgres(url: "postgres://u:topsecret@127.0.0.1:1/db?sslmode=disable"), logger: TestDatabase.logger)
        }
        #expect(refused?.code == .storage)
        #expect(refused.map { !$0.message.contains("topsecret") } == true)
    }
}
