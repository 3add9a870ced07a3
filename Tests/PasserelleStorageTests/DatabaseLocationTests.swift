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
