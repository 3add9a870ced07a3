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
/// Every later statement on that connection (the transaction's ROLLBACK, above all) fails at once: seen in CI, a
/// ROLLBACK sent to the connection being closed waited out a second deadline, and its request took 20 s.
struct DeadlineSQLDatabase: SQLDatabase {
    let base: any SQLDatabase
    let connection: PostgresConnection
    let deadline: TimeAmount
    /// Shared by every view of one connection: set once a deadline has closed it.
    let abandoned: AbandonedFlag

    init(base: any SQLDatabase, connection: PostgresConnection, deadline: TimeAmount, abandoned: AbandonedFlag = AbandonedFlag()) {
        self.base = base
        self.connection = connection
        self.deadline = deadline
        self.abandoned = abandoned
    }

    /// The same connection, with another deadline.
    func withDeadline(_ other: TimeAmount) -> DeadlineSQLDatabase {
        DeadlineSQLDatabase(base: base, connection: connection, deadline: other, abandoned: abandoned)
    }

    var logger: Logger { base.logger }
    var eventLoop: any EventLoop { base.eventLoop }
    var version: (any SQLDatabaseReportedVersion)? { base.version }
    var dialect: any SQLDialect { base.dialect }
    var queryLogLevel: Logger.Level? { base.queryLogLevel }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> ()) -> EventLoopFuture<Void> {
        if abandoned.isSet || connection.isClosed {
            return eventLoop.makeFailedFuture(CoreError(
                .storageUnavailable, "PostgreSQL connection closed after a statement went unanswered"
            ))
        }
        let promise = eventLoop.makePromise(of: Void.self)
        let settled = Mutex(false)
        /// True for the first of the statement and the timer to finish; only it completes the promise.
        @Sendable func claim() -> Bool { settled.withLock { done in defer { done = true }; return !done } }
        let timer = eventLoop.scheduleTask(in: deadline) { [connection, deadline, abandoned] in
            guard claim() else { return }
            abandoned.set()
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

/// A connection's "closed by a deadline" mark, shared by the views of it.
final class AbandonedFlag: Sendable {
    private let flag = Atomic<Bool>(false)
    var isSet: Bool { flag.load(ordering: .acquiring) }
    func set() { flag.store(true, ordering: .releasing) }
}
