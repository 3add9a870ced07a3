import CBundledSQLite
import NIOCore
import SQLiteNIO

/// One SQLite connection driven through the C API on the calling thread, with its prepared statements kept.
///
/// SQLiteNIO runs every statement on NIO's thread pool and hops back through an event loop to the caller: a
/// read of an offer (BEGIN, offer, stocks, COMMIT) cost twelve thread switches, which capped the API at 15 %
/// of a bare route. Read connections use this type instead. Running on the caller's thread is safe for reads:
/// in WAL mode a reader never waits for the writer, so a statement only costs its own CPU and page reads.
///
/// Not thread-safe by itself: the pool leases a connection to one task at a time (SQLite's multi-thread mode,
/// opened with NOMUTEX, allows a connection to move between threads as long as two never use it at once).
final class DirectSQLiteConnection: @unchecked Sendable {
    /// Prepared statements kept per connection. Reads use a few dozen SQL shapes; past this, the cache restarts.
    static let statementCacheLimit = 64

    private var handle: OpaquePointer?
    private var statements: [String: PreparedStatement] = [:]

    private init(handle: OpaquePointer) {
        self.handle = handle
    }

    deinit { close() }

    /// Opens `path` read-write (WAL needs its shared-memory file) and runs `pragmas` in order. The file must
    /// exist unless `creating` (the store's writer creates it; a reader never does).
    static func open(
        path: String, busyTimeoutMilliseconds: Int, creating: Bool = false, pragmas: [String]
    ) throws -> DirectSQLiteConnection {
        var handle: OpaquePointer?
        let flags = PASSERELLE_SQLITE_OPEN_READWRITE | PASSERELLE_SQLITE_OPEN_NOMUTEX | (creating ? PASSERELLE_SQLITE_OPEN_CREATE : 0)
        let status = sqlite_nio_sqlite3_open_v2(path, &handle, flags, nil)
        guard status == PASSERELLE_SQLITE_OK, let handle else {
            let error = DirectSQLiteError(code: status, message: handle.map { String(cString: sqlite_nio_sqlite3_errmsg($0)) }
                ?? String(cString: sqlite_nio_sqlite3_errstr(status)))
            if let handle { sqlite_nio_sqlite3_close_v2(handle) }
            throw error
        }
        let connection = DirectSQLiteConnection(handle: handle)
        sqlite_nio_sqlite3_busy_timeout(handle, Int32(busyTimeoutMilliseconds))
        for pragma in pragmas { try connection.execute(pragma) }
        return connection
    }

    /// Runs one SQL statement with `binds` and hands each result row to `onRow`.
    func execute(_ sql: String, binds: [SQLiteData] = [], onRow: (DirectSQLiteRow) -> Void = { _ in }) throws {
        let prepared = try statement(for: sql)
        let pointer = prepared.pointer
        defer {
            sqlite_nio_sqlite3_reset(pointer)
            sqlite_nio_sqlite3_clear_bindings(pointer)
        }
        try bind(binds, to: pointer)
        while true {
            let status = sqlite_nio_sqlite3_step(pointer)
            if status == PASSERELLE_SQLITE_ROW {
                onRow(DirectSQLiteRow(columns: prepared.columns, values: values(of: pointer, count: prepared.columns.names.count)))
            } else if status == PASSERELLE_SQLITE_DONE {
                return
            } else {
                throw lastError(status)
            }
        }
    }

    /// How often each cached statement ran and was prepared again (SQLite re-prepares after a schema change).
    var statementStatistics: [String: (runs: Int, reprepares: Int)] {
        statements.mapValues { prepared in
            (
                Int(sqlite_nio_sqlite3_stmt_status(prepared.pointer, PASSERELLE_SQLITE_STMTSTATUS_RUN, 0)),
                Int(sqlite_nio_sqlite3_stmt_status(prepared.pointer, PASSERELLE_SQLITE_STMTSTATUS_REPREPARE, 0))
            )
        }
    }

    /// Finalizes every statement and closes the connection. Later calls fail with a misuse error.
    func close() {
        for prepared in statements.values { sqlite_nio_sqlite3_finalize(prepared.pointer) }
        statements.removeAll()
        if let handle { sqlite_nio_sqlite3_close_v2(handle) }
        handle = nil
    }

    // MARK: - Statements

    private func statement(for sql: String) throws -> PreparedStatement {
        if let cached = statements[sql] { return cached }
        guard let handle else { throw DirectSQLiteError(code: DirectSQLiteError.misuse, message: "the connection is closed") }
        var pointer: OpaquePointer?
        var tail: UnsafePointer<CChar>?
        let status = sql.withCString { text in
            let status = sqlite_nio_sqlite3_prepare_v3(handle, text, -1, UInt32(PASSERELLE_SQLITE_PREPARE_PERSISTENT), &pointer, &tail)
            // Anything but whitespace after the first statement would be silently ignored: refuse it instead.
            if status == PASSERELLE_SQLITE_OK, let tail, String(cString: tail).contains(where: { !$0.isWhitespace && $0 != ";" }) {
                return DirectSQLiteError.misuse
            }
            return status
        }
        guard status == PASSERELLE_SQLITE_OK, let pointer else {
            let error = status == DirectSQLiteError.misuse
                ? DirectSQLiteError(code: status, message: "one statement at a time: \(sql)") : lastError(status)
            if let pointer { sqlite_nio_sqlite3_finalize(pointer) }
            throw error
        }
        if statements.count >= Self.statementCacheLimit {
            for prepared in statements.values { sqlite_nio_sqlite3_finalize(prepared.pointer) }
            statements.removeAll()
        }
        let count = Int(sqlite_nio_sqlite3_column_count(pointer))
        let names = (0..<count).map { String(cString: sqlite_nio_sqlite3_column_name(pointer, Int32($0))) }
        let prepared = PreparedStatement(pointer: pointer, columns: DirectSQLiteRow.Columns(names: names))
        statements[sql] = prepared
        return prepared
    }

    private func bind(_ binds: [SQLiteData], to statement: OpaquePointer) throws {
        for (offset, value) in binds.enumerated() {
            let index = Int32(offset + 1)
            let status: Int32
            switch value {
            case .integer(let integer): status = sqlite_nio_sqlite3_bind_int64(statement, index, Int64(integer))
            case .float(let double): status = sqlite_nio_sqlite3_bind_double(statement, index, double)
            case .text(let text):
                var text = text
                status = text.withUTF8 { bytes in
                    bytes.withMemoryRebound(to: CChar.self) {
                        passerelle_sqlite_bind_text_copy(statement, index, $0.baseAddress, Int32($0.count))
                    }
                }
            case .blob(let buffer):
                status = buffer.withUnsafeReadableBytes {
                    passerelle_sqlite_bind_blob_copy(statement, index, $0.baseAddress, Int32($0.count))
                }
            case .null: status = sqlite_nio_sqlite3_bind_null(statement, index)
            }
            guard status == PASSERELLE_SQLITE_OK else { throw lastError(status) }
        }
    }

    /// The row's values, typed as SQLiteNIO types them, so SQLiteKit's decoder reads them the same way.
    private func values(of statement: OpaquePointer, count: Int) -> [SQLiteData] {
        (0..<count).map { offset in
            let column = Int32(offset)
            switch sqlite_nio_sqlite3_column_type(statement, column) {
            case PASSERELLE_SQLITE_INTEGER: return .integer(SQLiteInt64(sqlite_nio_sqlite3_column_int64(statement, column)))
            case PASSERELLE_SQLITE_FLOAT: return .float(sqlite_nio_sqlite3_column_double(statement, column))
            case PASSERELLE_SQLITE_TEXT:
                let length = Int(sqlite_nio_sqlite3_column_bytes(statement, column))
                guard let text = sqlite_nio_sqlite3_column_text(statement, column) else { return .text("") }
                return .text(String(decoding: UnsafeBufferPointer(start: text, count: length), as: UTF8.self))
            case PASSERELLE_SQLITE_BLOB:
                let length = Int(sqlite_nio_sqlite3_column_bytes(statement, column))
                guard let bytes = sqlite_nio_sqlite3_column_blob(statement, column) else { return .blob(ByteBuffer()) }
                return .blob(ByteBuffer(bytes: UnsafeRawBufferPointer(start: bytes, count: length)))
            default: return .null
            }
        }
    }

    private func lastError(_ status: Int32) -> DirectSQLiteError {
        guard let handle else { return DirectSQLiteError(code: status, message: String(cString: sqlite_nio_sqlite3_errstr(status))) }
        return DirectSQLiteError(code: sqlite_nio_sqlite3_extended_errcode(handle), message: String(cString: sqlite_nio_sqlite3_errmsg(handle)))
    }

    private struct PreparedStatement {
        let pointer: OpaquePointer
        let columns: DirectSQLiteRow.Columns
    }
}

/// An SQLite error from a direct connection, with SQLite's extended result code.
struct DirectSQLiteError: Error, CustomStringConvertible {
    static let busy: Int32 = 5
    static let locked: Int32 = 6
    static let full: Int32 = 13
    static let constraint: Int32 = 19
    static let misuse: Int32 = 21

    let code: Int32
    let message: String

    /// The primary result code (the extended code's low byte).
    var primaryCode: Int32 { code & 0xff }
    var description: String { "SQLite error \(code): \(message)" }
}
