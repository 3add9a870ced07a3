import Logging
import PostgresKit
import SQLKit

/// PostgreSQL: a bounded pool of connections; a write checks one out and runs BEGIN/COMMIT/ROLLBACK on it.
/// Reads run in a read-only REPEATABLE READ transaction, so a page and its total come from one snapshot.
struct PostgresBackend: DatabaseBackend {
    /// Connections per process; the server's own `max_connections` bounds all processes together.
    static let poolCapacity = 8
    /// How long opening a connection may take before the request fails with `storageUnavailable`.
    static let connectTimeoutSeconds = 5
    /// How long one statement may wait for its answer before it fails with `storageUnavailable` and the connection
    /// is dropped (see `DeadlineSQLDatabase`). Migrations and the bare benchmark loop use the raw connection, without it.
    static let statementTimeoutSeconds = 10

    let pool: ConnectionPool<PostgresHandle>

    var kind: DatabaseKind { .postgres }
    let beginWrite = "BEGIN"
    let beginRead = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"

    static func open(url: String, logger: Logger) async throws -> PostgresBackend {
        var configuration: SQLPostgresConfiguration
        do {
            configuration = try SQLPostgresConfiguration(url: url)
        } catch {
            throw DatabaseLocation.ParseError(message: "invalid PostgreSQL URL \(DatabaseLocation.redacted(url))")
        }
        // A server that does not answer is given up on after this, so a request fails fast with 503, never hangs.
        configuration.coreConfiguration.options.connectTimeout = .seconds(Int64(connectTimeoutSeconds))
        let core = configuration.coreConfiguration
        let counter = ConnectionCounter()
        let pool = ConnectionPool<PostgresHandle>(capacity: poolCapacity) {
            let connection = try await PostgresConnection.connect(
                on: MultiThreadedEventLoopGroup.singleton.any(),
                configuration: core, id: await counter.next(), logger: logger
            ).get()
            let database = DeadlineSQLDatabase(
                base: connection.sql(queryLogLevel: .trace), connection: connection, deadline: .seconds(Int64(statementTimeoutSeconds))
            )
            return PostgresHandle(connection: connection, database: database)
        }
        let backend = PostgresBackend(pool: pool)
        // Fail at open, not at the first request, when the server is unreachable or refuses the credentials.
        try await backend.withReader { try await executeStatement("SELECT 1", on: $0) }
        return backend
    }

    func withWriter<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        try await pool.withConnection { try await body($0.database) }
    }

    func withReader<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        try await pool.withConnection { try await body($0.database) }
    }

    func withRawWriter<T: Sendable>(_ body: (RawConnection) async throws -> T) async throws -> T {
        try await pool.withConnection { try await body(.postgres($0.connection)) }
    }

    func shutdown() async {
        await pool.shutdown()
    }
}

/// Numbers connections for PostgresNIO's log metadata.
actor ConnectionCounter {
    private var last = 0
    func next() -> Int {
        last += 1
        return last
    }
}

/// One PostgreSQL connection with its SQLKit view.
struct PostgresHandle: PooledConnection {
    let connection: PostgresConnection
    let database: any SQLDatabase

    var isUsable: Bool { !connection.isClosed }

    func close() async {
        try? await connection.close()
    }
}
