import Logging
import SQLKit

/// Applies pending migrations, each in its own transaction, recording them in `schema_migrations`.
/// Safe to run concurrently from several processes: on PostgreSQL an advisory lock serialises migrators,
/// on SQLite `BEGIN IMMEDIATE` does; each one re-checks what is applied inside its transaction.
struct Migrator {
    /// Arbitrary constant naming Passerelle's migration lock among PostgreSQL advisory locks.
    static let advisoryLockKey: Int64 = 0x5041_5353_4D49_4752

    let backend: any DatabaseBackend
    let migrations: [Migration]
    let logger: Logger

    func migrate() async throws {
        let versions = migrations.map(\.version)
        precondition(versions == versions.sorted() && Set(versions).count == versions.count, "migration versions must increase")
        let kind = backend.kind
        try await backend.withWriter { database in
            try await inTransaction(on: database, begin: backend.beginWrite, logger: logger) { database in
                // Under the lock too: two CREATE TABLE IF NOT EXISTS at once on a fresh PostgreSQL database collide on
                // pg_type's unique index (found with two `serve` processes starting together).
                if kind == .postgres {
                    try await database.raw("SELECT pg_advisory_xact_lock(\(bind: Self.advisoryLockKey))").run()
                }
                try await executeStatement(
                    """
                    CREATE TABLE IF NOT EXISTS schema_migrations (
                        version \(kind.types.bigint) PRIMARY KEY,
                        name \(kind.types.text) NOT NULL,
                        applied_at \(kind.types.double) NOT NULL
                    )
                    """, on: database)
            }
        }
        let known = Set(versions)
        let unknown = try await applied().map(\.version).filter { !known.contains($0) }
        guard unknown.isEmpty else { throw StorageError.unknownMigrations(unknown) }
        for migration in migrations {
            let didApply = try await backend.withWriter { database in
                try await inTransaction(on: database, begin: backend.beginWrite, logger: logger) { database in
                    if kind == .postgres {
                        try await database.raw("SELECT pg_advisory_xact_lock(\(bind: Self.advisoryLockKey))").run()
                    }
                    let present = try await database.raw(
                        "SELECT version FROM schema_migrations WHERE version = \(bind: migration.version)"
                    ).first()
                    guard present == nil else { return false }
                    try await migration.apply(database, kind)
                    try await database.raw(
                        """
                        INSERT INTO schema_migrations (version, name, applied_at)
                        VALUES (\(bind: migration.version), \(bind: migration.name), \(bind: Date().timeIntervalSinceReferenceDate))
                        """
                    ).run()
                    return true
                }
            }
            if didApply {
                logger.info("applied migration", metadata: ["version": "\(migration.version)", "name": "\(migration.name)"])
            }
        }
    }

    func applied() async throws -> [AppliedMigration] {
        try await backend.withReader { database in
            try await database.raw("SELECT version, name FROM schema_migrations ORDER BY version").all().map { row in
                AppliedMigration(
                    version: try row.decode(column: "version", as: Int.self), name: try row.decode(column: "name", as: String.self))
            }
        }
    }
}

import Foundation
