/// Which SQL engine a store talks to; migrations pick column types by it.
public enum DatabaseKind: String, Sendable, Hashable {
    /// SQLite through SQLiteNIO.
    case sqlite
    /// PostgreSQL through PostgresNIO.
    case postgres

    /// Column types that differ between the engines. Dates are IEEE doubles (seconds since Foundation's
    /// reference date, 2001-01-01T00:00:00Z): the only representation that round-trips a `Date` exactly on both.
    package var types: ColumnTypes {
        switch self {
        case .sqlite: ColumnTypes(key: "TEXT", text: "TEXT", double: "REAL", bigint: "INTEGER")
        case .postgres: ColumnTypes(key: "TEXT COLLATE \"C\"", text: "TEXT", double: "DOUBLE PRECISION", bigint: "BIGINT")
        }
    }
}

/// SQL type names for DDL. Keys use byte order on PostgreSQL (`COLLATE "C"`) so that `ORDER BY id`
/// sorts exactly as SQLite's BINARY collation does.
package struct ColumnTypes: Sendable {
    package let key: String
    package let text: String
    package let double: String
    package let bigint: String
}
