import Foundation
import NIOCore
import PasserelleCore
@testable import PasserelleStorage
import SQLiteNIO
import SQLKit
import Testing

/// The direct read connection: values come back typed as SQLiteNIO types them, statements are reused safely,
/// and every misuse is a clear error.
@Suite("Direct SQLite connection")
struct DirectSQLiteConnectionTests {
    /// A fresh database file with one table of every SQLite storage class.
    func withConnection(_ body: (DirectSQLiteConnection) throws -> Void) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("passerelle-direct-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let connection = try DirectSQLiteConnection.open(
            path: directory.appendingPathComponent("direct.sqlite").path, busyTimeoutMilliseconds: 100, creating: true,
            pragmas: ["PRAGMA journal_mode = WAL"]
        )
        defer { connection.close() }
        try connection.execute("CREATE TABLE sample (id INTEGER PRIMARY KEY, number REAL, label TEXT, bytes BLOB, empty TEXT)")
        try body(connection)
    }

    func rows(_ connection: DirectSQLiteConnection, _ sql: String, _ binds: [SQLiteData] = []) throws -> [DirectSQLiteRow] {
        var rows: [DirectSQLiteRow] = []
        try connection.execute(sql, binds: binds) { rows.append($0) }
        return rows
    }

    @Test func everyStorageClassRoundTrips() throws {
        try withConnection { connection in
            let label = "Théâtre « L'Odéon » — 🎭 ąęł\u{0}après"
            let bytes = ByteBuffer(bytes: [0, 1, 2, 255])
            try connection.execute(
                "INSERT INTO sample VALUES (?, ?, ?, ?, ?)",
                binds: [.integer(Int.max), .float(-0.125), .text(label), .blob(bytes), .null]
            )
            let row = try #require(try rows(connection, "SELECT * FROM sample").first)
            #expect(row.allColumns == ["id", "number", "label", "bytes", "empty"])
            #expect(row.values == [.integer(Int.max), .float(-0.125), .text(label), .blob(bytes), .null])
            #expect(try row.decode(column: "id", as: Int.self) == Int.max)
            #expect(try row.decode(column: "label", as: String.self) == label)
            #expect(try row.decodeNil(column: "empty"))
            #expect(try row.decode(column: "empty", as: String?.self) == nil)
            #expect(throws: DecodingError.self) { try row.decode(column: "absent", as: String.self) }
        }
    }

    /// A cached statement is reset and its binds cleared between uses, and the cache restarts past its limit.
    @Test func preparedStatementsAreReusedSafely() throws {
        try withConnection { connection in
            for id in 1...3 { try connection.execute("INSERT INTO sample (id, label) VALUES (?, ?)", binds: [.integer(id), .text("n\(id)")]) }
            let query = "SELECT label FROM sample WHERE id = ?"
            #expect(try rows(connection, query, [.integer(2)]).map(\.values) == [[.text("n2")]])
            #expect(try rows(connection, query, [.integer(3)]).map(\.values) == [[.text("n3")]])
            // Too few binds: the missing one is NULL again, not the previous call's value.
            #expect(try rows(connection, query).isEmpty)
            for shape in 0...(DirectSQLiteConnection.statementCacheLimit + 5) {
                #expect(try rows(connection, "SELECT \(shape) AS shape").first?.values == [.integer(shape)])
            }
            #expect(try rows(connection, query, [.integer(1)]).map(\.values) == [[.text("n1")]])
        }
    }

    @Test func misuseIsAClearError() throws {
        try withConnection { connection in
            let syntax = #expect(throws: DirectSQLiteError.self) { try connection.execute("SELEKT 1") }
            #expect(syntax?.message.contains("syntax error") == true)
            // A second statement would be silently dropped by SQLite: refused, and the first one never runs.
            let two = #expect(throws: DirectSQLiteError.self) {
                try connection.execute("INSERT INTO sample (id) VALUES (1); DELETE FROM sample")
            }
            #expect(two?.primaryCode == DirectSQLiteError.misuse)
            let remaining = try rows(connection, "SELECT COUNT(*) AS n FROM sample").first?.values
            #expect(remaining == [.integer(0)])
            let duplicate = #expect(throws: DirectSQLiteError.self) {
                try connection.execute("INSERT INTO sample (id) VALUES (1)")
                try connection.execute("INSERT INTO sample (id) VALUES (1)")
            }
            #expect(duplicate?.primaryCode == DirectSQLiteError.constraint)
            let mapped = mapDatabaseError(try #require(duplicate)) as? CoreError
            #expect(mapped?.code == .conflict)
            connection.close()
            #expect(throws: DirectSQLiteError.self) { try connection.execute("SELECT 1") }
        }
    }

    /// The store's readers are direct connections that refuse writes, and they see what the writer committed.
    @Test func storeReadersAreDirectAndReadOnly() async throws {
        try await TestDatabase.sqliteFile.withStore { store in
            try await store.write { try await Fixtures.seed($0) }
            let backend = try #require(store.backend as? SQLiteBackend)
            let readers = try #require(backend.readers)
            try await readers.withConnection { handle in
                let error = #expect(throws: DirectSQLiteError.self) { try handle.connection.execute("DELETE FROM offers") }
                #expect(error?.message.contains("readonly") == true)
            }
            #expect(try await store.read { try await $0.counts().venues } == 1)
        }
    }

    /// Repeated reads reuse their prepared statements: no statement is prepared again on each run.
    @Test func repeatedReadsReuseStatements() async throws {
        try await TestDatabase.sqliteFile.withStore { store in
            try await store.write { tx in
                try await Fixtures.seed(tx)
                try await tx.save(Fixtures.offer("reused"))
            }
            for _ in 0..<20 {
                _ = try await store.read { tx in (try await tx.offer(OfferID(trusted: "reused")), try await tx.stocks(of: OfferID(trusted: "reused"))) }
            }
            let backend = try #require(store.backend as? SQLiteBackend)
            let statistics = try await #require(backend.readers).withConnection { $0.connection.statementStatistics }
            for query in ["FROM offers WHERE id", "FROM stocks WHERE offer_id"] {
                let figures = try #require(statistics.first { $0.key.contains(query) }?.value, "no cached statement for \(query)")
                #expect(figures.runs >= 20, "\(query)")
                #expect(figures.reprepares == 0, "\(query) was prepared again \(figures.reprepares) times")
            }
        }
    }
}
