import Logging
import NIOCore
import SQLiteKit
import SQLKit

/// SQLKit's view of a direct connection: every statement runs on the calling thread and is done when the call
/// returns, so the async API never suspends and the future API returns an already completed future.
struct DirectSQLiteDatabase: SQLDatabase {
    let connection: DirectSQLiteConnection
    let logger: Logger
    /// Only used to build the completed futures of the future-based API.
    let eventLoop: any EventLoop
    let queryLogLevel: Logger.Level? = .trace
    /// Made once per connection: it holds a Foundation JSON encoder, too costly to build per statement.
    private let encoder = SQLiteDataEncoder()

    var version: (any SQLDatabaseReportedVersion)? { nil }
    var dialect: any SQLDialect { SQLiteDialect() }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) -> EventLoopFuture<Void> {
        do {
            try run(query, onRow)
            return eventLoop.makeSucceededVoidFuture()
        } catch {
            return eventLoop.makeFailedFuture(error)
        }
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        try run(query, onRow)
    }

    /// Runs SQL text that carries no values (transaction control), with no future to wait on.
    func execute(_ sql: String) throws {
        try connection.execute(sql)
    }

    private func run(_ query: any SQLExpression, _ onRow: (any SQLRow) -> Void) throws {
        let (sql, binds) = serialize(query)
        if let queryLogLevel {
            logger.log(level: queryLogLevel, "Executing query", metadata: ["sql": .string(sql)])
        }
        try connection.execute(sql, binds: try binds.map { try encoder.encode($0) }) { onRow($0) }
    }
}
