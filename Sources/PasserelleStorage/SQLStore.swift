public import Logging
import Synchronization
public import PasserelleCore
package import SQLKit
import NIOCore

/// The catalogue store on SQLite (embedded default) or PostgreSQL (scale), behind the `CatalogueStore` port.
///
/// `write {}` is exactly one transaction: it commits when the body returns and rolls back when it throws or
/// when the task is cancelled before the commit. On SQLite writes are serialised on one connection and open
/// with `BEGIN IMMEDIATE`; reads use separate read-only connections (a single shared one in memory mode).
/// Do not call `read {}` or `write {}` from inside a `write {}` body: use the transaction you are given
/// (on SQLite such a nested call fails at once with `StorageError.nestedTransaction` rather than deadlocking).
public final class SQLStore: CatalogueStore {
    /// Where the store's data lives (its description hides passwords).
    public let location: DatabaseLocation
    /// Which engine the store talks to.
    public let kind: DatabaseKind
    let backend: any DatabaseBackend
    let logger: Logger
    /// Months whose audience partition this process has seen exist (PostgreSQL), so a batch checks the catalog
    /// once per month, not once per write. A partition is only dropped once its month is past the retention, long
    /// after events for it stop being accepted, so an entry never goes stale.
    let knownAudiencePartitions = Mutex<Set<String>>([])

    private init(location: DatabaseLocation, backend: any DatabaseBackend, logger: Logger) {
        self.location = location
        self.kind = backend.kind
        self.backend = backend
        self.logger = logger
    }

    /// Opens connections to `location` (creating an SQLite file if needed). Call `migrate()` before use.
    public static func open(_ location: DatabaseLocation, logger: Logger) async throws -> SQLStore {
        let backend: any DatabaseBackend
        do {
            switch location {
            case .sqliteFile(let path): backend = try await SQLiteBackend.open(path: path, logger: logger)
            case .sqliteMemory: backend = try await SQLiteBackend.open(path: nil, logger: logger)
            case .postgres(let url): backend = try await PostgresBackend.open(url: url, logger: logger)
            }
        } catch let error as DatabaseLocation.ParseError {
            throw error
        } catch {
            // The location's description hides passwords; the driver's own error may not say which database failed.
            let reason = mapDatabaseError(error)
            throw CoreError(.storage, "cannot open the catalogue database \(location): \(reason)")
        }
        logger.info("opened catalogue store", metadata: ["location": "\(location)"])
        return SQLStore(location: location, backend: backend, logger: logger)
    }

    /// Applies every pending migration of `Migration.all`, each in its own transaction. Running it again is a no-op.
    public func migrate() async throws {
        try await Migrator(backend: backend, migrations: Migration.all, logger: logger).migrate()
    }

    /// The migrations recorded in `schema_migrations`, in version order.
    /// Applies the migrations up to `version` only: tests of a migration start from the schema before it.
    package func migrate(through version: Int) async throws {
        try await Migrator(backend: backend, migrations: Migration.all.filter { $0.version <= version }, logger: logger).migrate()
    }

    public func appliedMigrations() async throws -> [AppliedMigration] {
        try await Migrator(backend: backend, migrations: Migration.all, logger: logger).applied()
    }

    /// Readiness: true when a trivial query succeeds on a read connection.
    public func isReady() async -> Bool {
        do {
            // A probe answers within 3 s on PostgreSQL, whatever the server does (load balancers time out soon).
            try await backend.withReader { database in
                let probe = (database as? DeadlineSQLDatabase)?.withDeadline(.seconds(3))
                try await executeStatement("SELECT 1", on: probe ?? database)
            }
            return true
        } catch {
            logger.warning("catalogue store not ready", metadata: ["error": "\(error)"])
            return false
        }
    }

    /// Waits for the running write to finish, then closes every connection. Later calls fail with `StorageError.shutDown`.
    public func shutdown() async throws {
        await backend.shutdown()
        logger.info("closed catalogue store", metadata: ["location": "\(location)"])
    }

    /// Runs `body` in one read transaction (one consistent snapshot).
    public func read<Result: Sendable>(
        _ body: @Sendable (any CatalogueReading) async throws -> Result
    ) async throws -> Result {
        try await readCatalogue { try await body($0) }
    }

    /// `read {}` with the concrete catalogue, for this module's stores that share its transaction (collections).
    func readCatalogue<Result: Sendable>(
        _ body: @Sendable (SQLCatalogue) async throws -> Result
    ) async throws -> Result {
        try await backend.withReader { database in
            try await inTransaction(on: database, begin: backend.beginRead, logger: logger) { database in
                try await Self.leased(database, writable: false) { try await body($0) }
            }
        }
    }

    /// Runs `body` in exactly one write transaction: commit on return, rollback on throw or cancellation.
    public func write<Result: Sendable>(
        _ body: @Sendable (any CatalogueWriting) async throws -> Result
    ) async throws -> Result {
        try await writeCatalogue { try await body($0) }
    }

    /// `write {}` with the concrete catalogue, likewise.
    func writeCatalogue<Result: Sendable>(
        _ body: @Sendable (SQLCatalogue) async throws -> Result
    ) async throws -> Result {
        try await backend.withWriter { database in
            try await inTransaction(on: database, begin: backend.beginWrite, logger: logger) { database in
                try await Self.leased(database, writable: true) { try await body($0) }
            }
        }
    }

    /// One write transaction on the raw SQLKit database, for sibling modules that keep their own tables in the
    /// same database (the privacy ledger). Same guarantees as `write {}`; the database must not escape `body`.
    package func withTransaction<Result: Sendable>(
        _ body: @Sendable (any SQLDatabase) async throws -> Result
    ) async throws -> Result {
        try await backend.withWriter { database in
            try await inTransaction(on: database, begin: backend.beginWrite, logger: logger, body)
        }
    }

    /// One read transaction on the raw SQLKit database (one snapshot, on a reader connection: on SQLite the
    /// direct C connection, so a long read never holds the writer), for sibling modules' own reports.
    package func withReadTransaction<Result: Sendable>(
        _ body: @Sendable (any SQLDatabase) async throws -> Result
    ) async throws -> Result {
        try await backend.withReader { database in
            try await inTransaction(on: database, begin: backend.beginRead, logger: logger, body)
        }
    }

    /// One statement on a reader connection, without BEGIN and COMMIT around it: a single statement is its own
    /// consistent snapshot, and a lookup done on every request (a session, a stock's ticketing endpoint) saves two
    /// round trips. `body` must issue exactly one statement.
    package func withReadStatement<Result: Sendable>(
        _ body: @Sendable (any SQLDatabase) async throws -> Result
    ) async throws -> Result {
        try await backend.withReader { try await body($0) }
    }

    /// One statement on the writer connection, autocommitted without BEGIN and COMMIT: for a write that a single
    /// statement makes atomic on its own (a rate-limit count). `body` must issue exactly one statement.
    package func withWriteStatement<Result: Sendable>(
        _ body: @Sendable (any SQLDatabase) async throws -> Result
    ) async throws -> Result {
        try await backend.withWriter { try await body($0) }
    }

    /// Hands `body` a catalogue bound to this transaction, and invalidates it when the block ends.
    private static func leased<Result: Sendable>(
        _ database: any SQLDatabase, writable: Bool, _ body: (SQLCatalogue) async throws -> Result
    ) async throws -> Result {
        let lease = TransactionLease(isWritable: writable)
        defer { lease.end() }
        return try await body(SQLCatalogue(database: database, lease: lease))
    }
}
