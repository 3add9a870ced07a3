/// The domain's one error type, compared by code. Only the web module maps codes to HTTP statuses.
public struct CoreError: Error, Sendable, Hashable, CustomStringConvertible {
    /// An open set of error codes: new ones are added as static lets, never as enum cases.
    public struct Code: Sendable, Hashable, RawRepresentable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// Input failed validation; `issues` says which fields and why.
        public static let invalid = Code(rawValue: "invalid")
        /// The entity does not exist, or is not visible to the caller.
        public static let notFound = Code(rawValue: "not-found")
        /// The caller is authenticated but may not touch this entity.
        public static let forbidden = Code(rawValue: "forbidden")
        /// The write conflicts with existing data (duplicate key, reference in use).
        public static let conflict = Code(rawValue: "conflict")
        /// An explicit limit was exceeded (batch size, page size).
        public static let limitExceeded = Code(rawValue: "limit-exceeded")
        /// The storage layer failed in a way the caller cannot fix.
        public static let storage = Code(rawValue: "storage")
        /// The database was busy or locked for longer than the configured timeout; retrying later may work.
        public static let storageBusy = Code(rawValue: "storage-busy")
        /// The database cannot be reached (stopped, restarting, refusing connections); retrying later may work.
        public static let storageUnavailable = Code(rawValue: "storage-unavailable")
        /// The database has no room left to write (disk full); reads still work, writes resume once space is freed.
        public static let storageFull = Code(rawValue: "storage-full")
    }

    public let code: Code
    public let message: String
    public let issues: [FieldIssue]

    public init(_ code: Code, _ message: String, issues: [FieldIssue] = []) {
        self.code = code
        self.message = message
        self.issues = issues
    }

    public static func invalid(_ issues: [FieldIssue]) -> CoreError {
        CoreError(.invalid, "The input has \(issues.count) invalid field(s).", issues: issues)
    }

    public var description: String { "\(code): \(message)" }
}
