import NIOCore
import Logging
import PostgresNIO
import SQLiteNIO
import SQLKit

/// One engine's way of handing out connections: an exclusive one for writes, a shared-pool one for reads,
/// and the statements that open each kind of transaction.
protocol DatabaseBackend: Sendable {
    var kind: DatabaseKind { get }
    /// Runs `body` on the connection that writes; no other write runs on it meanwhile.
    func withWriter<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T
    /// Runs `body` on a connection for reads.
    func withReader<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T
    /// The statement that opens a write transaction.
    var beginWrite: String { get }
    /// The statement that opens a read transaction (one consistent snapshot for a page and its total).
    var beginRead: String { get }
    /// Runs `body` on the writer's driver connection itself (benchmarks compare the store with it).
    func withRawWriter<T: Sendable>(_ body: (RawConnection) async throws -> T) async throws -> T
    func shutdown() async
}

/// A driver connection below SQLKit.
enum RawConnection {
    case sqlite(SQLiteConnection)
    case postgres(PostgresConnection)
}

/// Runs SQL text that carries no values (transaction control, pragmas, DDL).
func executeStatement(_ sql: String, on database: any SQLDatabase) async throws {
    if let direct = database as? DirectSQLiteDatabase {
        // Runs on this thread and is done when it returns: nothing to wait on, nothing to cancel.
        return try direct.execute(sql)
    }
    // The future-returning API is not cancellable, which is exactly what ROLLBACK needs in a cancelled task.
    let done: EventLoopFuture<Void> = database.execute(sql: SQLRaw(sql), { _ in })
    try await done.get()
}

/// Runs `body` inside one transaction on `database`: commits when it returns, rolls back when it throws
/// or when the task was cancelled before the commit. Driver errors come out as `CoreError`s.
func inTransaction<T: Sendable>(
    on database: any SQLDatabase, begin: String, logger: Logger, _ body: (any SQLDatabase) async throws -> T
) async throws -> T {
    try Task.checkCancellation()
    do {
        try await executeStatement(begin, on: database)
    } catch {
        throw mapDatabaseError(error)
    }
    do {
        let result = try await body(database)
        // A cancelled write never commits, even if its body did not notice the cancellation.
        try Task.checkCancellation()
        try await executeStatement("COMMIT", on: database)
        return result
    } catch {
        do {
            try await executeStatement("ROLLBACK", on: database)
        } catch let rollbackError where "\(rollbackError)".contains("no transaction is active") {
            // SQLite already rolled the transaction back itself (it does on a full disk, SQLITE_FULL): nothing to undo.
            throw mapDatabaseError(error)
        } catch let rollbackError {
            // The connection's state is unknown now (it may still be inside the failed transaction): the backend
            // drops it instead of handing it out again. The original error is the one to report.
            logger.warning("rollback after error failed", metadata: ["error": "\(rollbackError)"])
            throw RollbackFailed(original: mapDatabaseError(error))
        }
        throw mapDatabaseError(error)
    }
}

/// A transaction failed and so did its ROLLBACK: the connection must not be reused. Backends unwrap it.
struct RollbackFailed: Error {
    let original: any Error
}
