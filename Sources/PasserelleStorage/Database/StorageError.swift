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
        if "\(error.reason)".hasPrefix("full") {
            return CoreError(.storageFull, "the SQLite database's disk is full: \(error.message)")
        }
        return CoreError(.storage, "SQLite error \(error.reason): \(error.message)")
    case let error as DirectSQLiteError:
        switch error.primaryCode {
        case DirectSQLiteError.constraint: return CoreError(.conflict, "the database refused the write: \(error.message)")
        case DirectSQLiteError.busy, DirectSQLiteError.locked:
            return CoreError(.storageBusy, "the SQLite database stayed busy: \(error.message)")
        case DirectSQLiteError.full: return CoreError(.storageFull, "the SQLite database's disk is full: \(error.message)")
        default: return CoreError(.storage, error.description)
        }
    case let error as PSQLError:
        let state = error.serverInfo?[.sqlState] ?? ""
        let message = error.serverInfo?[.message] ?? "\(error.code)"
        if state.hasPrefix("23") {
            let constraint = error.serverInfo?[.constraintName] ?? "?"
            // The server's message quotes the conflicting row's values (another institution's ids, an email): it is
            // not for the client. The constraint's name says enough.
            return CoreError(.conflict, "the database refused the write (constraint \(constraint), SQLSTATE \(state))")
        }
        if state == "40001" || state == "40P01" || state == "55P03" {
            return CoreError(.storageBusy, "PostgreSQL could not serialise the transaction (SQLSTATE \(state)): \(message)")
        }
        if state == "53100" { return CoreError(.storageFull, "PostgreSQL's disk is full (SQLSTATE 53100): \(message)") }
        // 08: connection exception; 57P01–57P03: the server is shutting down or starting; 53300: too many connections.
        if state.hasPrefix("08") || state.hasPrefix("57P") || state == "53300" || lostConnectionCodes.contains(error.code) {
            return CoreError(.storageUnavailable, "PostgreSQL cannot be reached (\(state.isEmpty ? "\(error.code)" : state))")
        }
        return CoreError(.storage, "PostgreSQL error \(state.isEmpty ? "\(error.code)" : state): \(message)")
    case is StorageError, is CoreError, is CancellationError:
        return error
    default:
        // A socket that could not connect (ECONNREFUSED, a connect timeout) surfaces as a NIO error type.
        let type = String(describing: Swift.type(of: error))
        if ["IOError", "NIOConnectionError", "ChannelError", "ConnectTimeoutError"].contains(where: type.contains) {
            return CoreError(.storageUnavailable, "the database cannot be reached (\(type))")
        }
        return error
    }
}

/// PostgresNIO's codes for a connection that is gone or could not be made.
private let lostConnectionCodes: [PSQLError.Code] = [
    .connectionError, .serverClosedConnection, .clientClosedConnection, .uncleanShutdown, .poolClosed,
]
