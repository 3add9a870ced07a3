public import SQLKit

/// One numbered, append-only schema change. Each migration runs in its own transaction and is recorded in
/// `schema_migrations`; a recorded migration never runs again. Never edit a released migration: add one.
public struct Migration: Sendable {
    /// The order key, unique and increasing (`1`, `2`, …).
    public let version: Int
    /// A short name for logs and `schema_migrations`.
    public let name: String
    /// Applies the change on `database` inside the migration's transaction.
    public let apply: @Sendable (_ database: any SQLDatabase, _ kind: DatabaseKind) async throws -> Void

    /// A migration made of a closure; use `init(version:name:statements:)` for plain DDL.
    public init(
        version: Int, name: String,
        apply: @escaping @Sendable (_ database: any SQLDatabase, _ kind: DatabaseKind) async throws -> Void
    ) {
        self.version = version
        self.name = name
        self.apply = apply
    }

    /// A migration made of DDL statements (no values: DDL cannot bind), chosen per engine from its column types.
    public init(version: Int, name: String, statements: @escaping @Sendable (DatabaseKind) -> [String]) {
        self.init(version: version, name: name) { database, kind in
            for statement in statements(kind) { try await executeStatement(statement, on: database) }
        }
    }
}

/// A migration recorded as applied in the database.
public struct AppliedMigration: Sendable, Hashable {
    /// The migration's version.
    public let version: Int
    /// The migration's name.
    public let name: String

    /// A record of migration `version` named `name`.
    public init(version: Int, name: String) {
        self.version = version
        self.name = name
    }
}
