/// The connectors' one error type, compared by code (row-level problems are report entries, not errors).
public struct ConnectorError: Error, Sendable, Hashable, CustomStringConvertible {
    /// An open set of error codes: new ones are added as static lets.
    public struct Code: Sendable, Hashable, RawRepresentable, CustomStringConvertible {
        /// The code as written in logs.
        public let rawValue: String
        /// A code from its raw value.
        public init(rawValue: String) { self.rawValue = rawValue }
        /// The raw value.
        public var description: String { rawValue }

        /// The real-data folder itself is missing: nothing can be imported (the demo falls back to generated data).
        public static let missingSource = Code(rawValue: "missing-source")
        /// A source file exists but is not in the expected format (empty, or lacking required columns).
        public static let unreadableSource = Code(rawValue: "unreadable-source")
    }

    /// The machine-readable kind of error.
    public let code: Code
    /// What is wrong, naming the path or value.
    public let message: String

    /// An error with its code and a message naming what is wrong (e.g. the missing path).
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// `code: message`.
    public var description: String { "\(code): \(message)" }
}
