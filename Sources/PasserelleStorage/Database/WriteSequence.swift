import SQLKit

/// Writes that belong together, sent in one round trip on PostgreSQL (a `WITH` whose parts are writes: each runs
/// to completion, and foreign keys are checked at the statement's end) and one after another on SQLite, which runs
/// in-process and has no round trips to save. Inside a caller's transaction.
enum WriteSequence {
    static func run(_ writes: [SQLQueryString], then last: SQLQueryString, in database: any SQLDatabase) async throws {
        guard !writes.isEmpty else { return try await database.raw(last).run() }
        if database.dialect.name == "postgresql" {
            var statement: SQLQueryString = ""
            for (index, write) in writes.enumerated() {
                statement = "\(statement)\(unsafeRaw: index == 0 ? "WITH" : ",") w\(unsafeRaw: String(index)) AS (\(write))"
            }
            try await database.raw("\(statement) \(last)").run()
        } else {
            for write in writes { try await database.raw(write).run() }
            try await database.raw(last).run()
        }
    }
}
