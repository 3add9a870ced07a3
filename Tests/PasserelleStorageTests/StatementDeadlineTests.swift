import Foundation
import Logging
import NIOCore
import NIOPosix
import PasserelleCore
import PostgresKit
import PostgresNIO
@testable import PasserelleStorage
import SQLKit
import Testing

/// A PostgreSQL statement past its deadline fails with 503, closes its connection, and nothing waits on that
/// connection again: the transaction's ROLLBACK fails at once (in CI it once waited out a second deadline).
@Suite(
    "Statement deadline on PostgreSQL", .serialized,
    .enabled(
        if: TestDatabase.postgresURL != nil,
        "PASSERELLE_TEST_POSTGRES_URL is unset: PostgreSQL deadline cases skipped (start one with scripts/postgres-test-server.sh start)")
)
struct StatementDeadlineTests {
    /// Runs `body` on a fresh connection with a 0.5 s deadline, and waits for the connection to close.
    func withDeadlineDatabase(_ body: (DeadlineSQLDatabase) async throws -> Void) async throws {
        let (connection, database) = try await connect()
        do {
            try await body(database)
        } catch {
            try? await connection.close().get()
            throw error
        }
        try? await connection.close().get()
    }

    func connect() async throws -> (PostgresConnection, DeadlineSQLDatabase) {
        let url = try #require(TestDatabase.postgresURL)
        let configuration = try SQLPostgresConfiguration(url: url)
        let connection = try await PostgresConnection.connect(
            on: MultiThreadedEventLoopGroup.singleton.any(), configuration: configuration.coreConfiguration,
            id: 1, logger: TestDatabase.logger
        ).get()
        let database = DeadlineSQLDatabase(
            base: connection.sql(), connection: connection, deadline: .milliseconds(500)
        )
        return (connection, database)
    }

    @Test func aStatementPastItsDeadlineFailsAndTheRollbackDoesNotWait() async throws {
        try await withDeadlineDatabase { database in
            let started = ContinuousClock.now
            var caught: (any Error)?
            do {
                _ = try await inTransaction(on: database, begin: "BEGIN", logger: TestDatabase.logger) { database in
                    try await executeStatement("SELECT pg_sleep(5)", on: database)
                }
            } catch {
                caught = error
            }
            let elapsed = ContinuousClock.now - started
            // The rollback could not run on the abandoned connection, so the backend is told to drop it.
            let failure = try #require(caught as? RollbackFailed)
            #expect((failure.original as? CoreError)?.code == .storageUnavailable)
            // Not waiting for the 5 s statement to end is what matters (a loaded 2-core CI machine took 2.7 s once).
            #expect(elapsed < .milliseconds(4_000), "deadline 0.5 s, statement 5 s, whole transaction took \(elapsed)")
            #expect(database.abandoned.isSet)
        }
    }

    /// Once abandoned, the connection is never written to again, even while its socket is still open: when the
    /// server has gone silent, a statement sent there would only wait out another deadline.
    @Test func anAbandonedConnectionRefusesStatementsAtOnce() async throws {
        try await withDeadlineDatabase { database in
            database.abandoned.set()
            let started = ContinuousClock.now
            await #expect(throws: CoreError.self) { try await executeStatement("SELECT 1", on: database) }
            // Well under the 0.5 s deadline it would otherwise wait out (a loaded CI machine took 0.16 s for nothing).
            #expect(ContinuousClock.now - started < .milliseconds(400))
        }
    }

    @Test func aStatementWithinItsDeadlineSucceedsAndTheConnectionStaysUsable() async throws {
        try await withDeadlineDatabase { database in
            try await executeStatement("SELECT pg_sleep(0.1)", on: database)
            try await executeStatement("SELECT 1", on: database)
            #expect(!database.abandoned.isSet)
        }
    }
}
