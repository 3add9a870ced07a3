import Logging
import NIOCore
import PasserelleCore
import PostgresNIO
import SQLKit
import Synchronization

/// A PostgreSQL connection's SQLKit view whose every statement has a deadline.
///
/// Seen when PostgreSQL was stopped under load: a statement sent in the instant the server closed the socket was
/// never answered, and its request waited for ever (and held up graceful shutdown). Past the deadline the
/// statement fails with `storageUnavailable` (503) and the connection is closed, so the pool drops it.
struct DeadlineSQLDatabase: SQLDatabase {
    let base: any SQLDatabase
    let connection: PostgresConnection
    let deadline: TimeAmount

    var logger: Logger { base.logger }
    var eventLoop: any EventLoop { base.eventLoop }
    var version: (any SQLDatabaseReportedVersion)? { base.version }
    var dialect: any SQLDialect { base.dialect }
    var queryLogLevel: Logger.Level? { base.queryLogLevel }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> ()) -> EventLoopFuture<Void> {
        let promise = eventLoop.makePromise(of: Void.self)
        let settled = Mutex(false)
        /// True for the first of the statement and the timer to finish; only it completes the promise.
        @Sendable func claim() -> Bool { settled.withLock { done in defer { done = true }; return !done } }
        let timer = eventLoop.scheduleTask(in: deadline) { [connection, deadline] in
            guard claim() else { return }
            connection.close().whenComplete { _ in }
            promise.fail(CoreError(
                .storageUnavailable, "PostgreSQL did not answer a statement within \(deadline.nanoseconds / 1_000_000_000) s"
            ))
        }
        base.execute(sql: query, onRow).whenComplete { result in
            guard claim() else { return }
            timer.cancel()
            promise.completeWith(result)
        }
        return promise.futureResult
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> ()) async throws {
        try await execute(sql: query, onRow).get()
    }
}
