import Logging
import NIOCore
import SQLKit
import SQLiteKit

/// SQLite: one writer connection serialised by a gate (WAL, `foreign_keys=ON`, `busy_timeout`, `BEGIN IMMEDIATE`)
/// and a small pool of read-only connections. In memory mode there is a single connection for everything,
/// because separate in-memory connections do not share data and this SQLite build omits shared cache.
struct SQLiteBackend: DatabaseBackend {
    /// How long a connection waits for another process's lock before SQLITE_BUSY (milliseconds).
    static let busyTimeoutMilliseconds = 10_000
    /// Read connections per store, and threads that run them (`ReaderThreads`): a few more than cores is enough;
    /// the spare ones cover tasks that hold a read open while they wait on something else.
    static let readerCount = 4
    /// A reader must not sleep long on a lock (it holds one of the reader threads). In WAL mode a reader
    /// only waits in rare cases (WAL recovery after a crash, the last connection deleting the WAL).
    static let readerBusyTimeoutMilliseconds = 1_000
    /// Readers map the database file into memory (up to this many bytes) instead of copying each page with a
    /// `pread` call: a search that walks 100 000 full-text matches spent half its time in the kernel without it
    /// (129 ms → 95 ms at a million offers). It reserves address space only; the pages stay in the OS cache. The
    /// writer is left with plain reads, so a write never goes through a mapping.
    static let readerMapBytes: Int64 = 4 << 30

    let writer: SQLiteHandle
    let gate = AsyncGate()
    let readers: ConnectionPool<DirectSQLiteHandle>?
    /// Where reads run (see `ReaderThreads`): one thread per reader connection, shared by every store of the process.
    static let readerThreads = ReaderThreads(count: readerCount, name: "passerelle-sqlite-reader")
    /// Set once by `shutdown()`: the closed writer must not be handed out again.
    let closed = ShutdownFlag()

    var kind: DatabaseKind { .sqlite }
    let beginWrite = "BEGIN IMMEDIATE"
    let beginRead = "BEGIN"

    static func open(path: String?, logger: Logger) async throws -> SQLiteBackend {
        let storage: SQLiteConnection.Storage = path.map { .file(path: $0) } ?? .memory
        let writer = try await SQLiteHandle.open(storage: storage, logger: logger, pragmas: [
            "PRAGMA journal_mode = WAL",
            // FULL: an acknowledged commit survives a power loss too (NORMAL only survives a process crash);
            // bookings and money will live here, and one fsync per commit is cheap next to that.
            "PRAGMA synchronous = FULL",
            "PRAGMA foreign_keys = ON",
            "PRAGMA busy_timeout = \(busyTimeoutMilliseconds)",
        ])
        guard let path else { return SQLiteBackend(writer: writer, readers: nil) }
        let eventLoop = writer.connection.eventLoop
        let readers = ConnectionPool<DirectSQLiteHandle>(capacity: readerCount) {
            try DirectSQLiteHandle.open(path: path, logger: logger, eventLoop: eventLoop)
        }
        return SQLiteBackend(writer: writer, readers: readers)
    }

    func withWriter<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        do {
            return try await gate.withGate {
                try closed.check()
                return try await body(writer.database)
            }
        } catch let failure as RollbackFailed {
            // SQLite's ROLLBACK only fails when no transaction is open, so the one writer stays usable.
            throw failure.original
        }
    }

    func withReader<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        guard let readers else { return try await withWriter(body) }
        return try await withTaskExecutorPreference(Self.readerThreads) {
            try await readers.withConnection { try await body($0.database) }
        }
    }

    func withRawWriter<T: Sendable>(_ body: (RawConnection) async throws -> T) async throws -> T {
        try await gate.withGate {
            try closed.check()
            return try await body(.sqlite(writer.connection))
        }
    }

    func shutdown() async {
        await readers?.shutdown()
        // Waiting for the gate lets a running write finish before the connection closes.
        do {
            try await gate.withGate {
                guard closed.set() else { return }
                await writer.close()
            }
        } catch {
            // Only a shutdown from inside a write body gets here; closing under that write would corrupt it.
            writer.connection.logger.warning("SQLite store shutdown called inside a write; the writer stays open")
        }
    }
}

/// One direct read-only connection with its SQLKit view.
struct DirectSQLiteHandle: PooledConnection {
    let connection: DirectSQLiteConnection
    let database: DirectSQLiteDatabase

    var isUsable: Bool { true }

    static func open(path: String, logger: Logger, eventLoop: any EventLoop) throws -> DirectSQLiteHandle {
        do {
            let connection = try DirectSQLiteConnection.open(
                path: path, busyTimeoutMilliseconds: SQLiteBackend.readerBusyTimeoutMilliseconds,
                // A reader can never write, even if a caller casts its way around the read-only protocol.
                pragmas: ["PRAGMA foreign_keys = ON", "PRAGMA query_only = ON", "PRAGMA mmap_size = \(SQLiteBackend.readerMapBytes)"]
            )
            return DirectSQLiteHandle(
                connection: connection, database: DirectSQLiteDatabase(connection: connection, logger: logger, eventLoop: eventLoop)
            )
        } catch {
            throw mapDatabaseError(error)
        }
    }

    func close() async {
        connection.close()
    }
}

/// One SQLiteNIO connection with its SQLKit view.
struct SQLiteHandle: PooledConnection {
    let connection: SQLiteConnection
    let database: any SQLDatabase

    var isUsable: Bool { true }

    static func open(storage: SQLiteConnection.Storage, logger: Logger, pragmas: [String]) async throws -> SQLiteHandle {
        let connection = try await SQLiteConnection.open(storage: storage, logger: logger)
        let handle = SQLiteHandle(connection: connection, database: connection.sql(queryLogLevel: .trace))
        do {
            for pragma in pragmas { try await executeStatement(pragma, on: handle.database) }
        } catch {
            try? await connection.close()
            throw mapDatabaseError(error)
        }
        return handle
    }

    func close() async {
        try? await connection.close()
    }
}
