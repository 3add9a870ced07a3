public import PasserelleCore
import PostgresNIO
import SQLiteNIO

/// Errors of the storage layer that are not domain errors.
public enum StorageError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The store was shut down; no new transaction can start.
    case shutDown
    /// The database schema is newer than this program (a migration it does not know was applied).
    case unknownMigrations([Int])
    /// A transaction object was used after its `read {}` / `write {}` block ended.
    case transactionEnded
    /// A `read {}` or `write {}` was started inside a `write {}` body on the same SQLite writer, which would deadlock.
    case nestedTransaction
    /// A write was attempted through the catalogue handed to a `read {}` body.
    case readOnlyTransaction
    /// A stored value could not be read back into its domain type (a column edited outside Passerelle).
    case corruptColumn(String, String)

    /// A readable explanation.
    public var description: String {
        switch self {
        case .shutDown: "the store is shut down"
        case .unknownMigrations(let versions):
            "the database has migrations this program does not know: \(versions.map(String.init).joined(separator: ", "))"
        case .transactionEnded: "a transaction was used after its block ended"
        case .nestedTransaction:
            "a transaction was started inside a write on the same SQLite connection; use the transaction you already have"
        case .readOnlyTransaction: "a write was attempted inside a read transaction"
        case .corruptColumn(let column, let reason): "column \(column) holds an unreadable value: \(reason)"
        }
    }
}

extension CoreError.Code {
    /// The database was busy or locked for longer than the configured timeout; retrying later may work.
    public static let storageBusy = CoreError.Code(rawValue: "storage-busy")
}

/// Turns driver errors into the domain's error type, so callers never see SQLite or PostgreSQL types.
/// Constraint violations become `.conflict` (the database refused the row); every other error (the body's own,
/// cancellation, domain errors) passes through unchanged.
func mapDatabaseError(_ error: any Error) -> any Error {
    switch error {
    case let error as SQLiteError:
        if "\(error.reason)".hasPrefix("constraint") {
            return CoreError(.conflict, "the database refused the write (\(error.reason)): \(error.message)")
        }
        if "\(error.reason)".hasPrefix("busy") || "\(error.reason)".hasPrefix("locked") {
            return CoreError(.storageBusy, "the SQLite database stayed busy: \(error.message)")
        }
        return CoreError(.storage, "SQLite error \(error.reason): \(error.message)")
    case let error as DirectSQLiteError:
        switch error.primaryCode {
        case DirectSQLiteError.constraint: return CoreError(.conflict, "the database refused the write: \(error.message)")
        case DirectSQLiteError.busy, DirectSQLiteError.locked:
            return CoreError(.storageBusy, "the SQLite database stayed busy: \(error.message)")
        default: return CoreError(.storage, error.description)
        }
    case let error as PSQLError:
        let state = error.serverInfo?[.sqlState] ?? ""
        let message = error.serverInfo?[.message] ?? "\(error.code)"
        if state.hasPrefix("23") {
            let constraint = error.serverInfo?[.constraintName] ?? "?"
            return CoreError(.conflict, "the database refused the write (\(constraint), SQLSTATE \(state)): \(message)")
        }
        if state == "40001" || state == "40P01" || state == "55P03" {
            return CoreError(.storageBusy, "PostgreSQL could not serialise the transaction (SQLSTATE \(state)): \(message)")
        }
        return CoreError(.storage, "PostgreSQL error \(state.isEmpty ? "\(error.code)" : state): \(message)")
    default:
        return error
    }
}
