/// The observatory's error: an open code plus a message, compared by code.
public struct ObservatoryError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Open set of error codes; new codes are static lets in extensions.
    public struct Code: Sendable, Hashable, RawRepresentable, CustomStringConvertible {
        /// The stable text of the code.
        public let rawValue: String
        /// Wraps a raw code.
        public init(rawValue: String) { self.rawValue = rawValue }
        /// The raw code.
        public var description: String { rawValue }

        /// A batch is larger than the explicit limit.
        public static let batchTooLarge = Code(rawValue: "batch-too-large")
        /// The ingestion queue is full: retry later (back-pressure, never a silent drop).
        public static let overloaded = Code(rawValue: "overloaded")
        /// The daily salt of a past day is gone: visitor keys of that day can no longer be computed.
        public static let saltExpired = Code(rawValue: "salt-expired")
        /// The period was already released: releases are immutable.
        public static let alreadyReleased = Code(rawValue: "already-released")
        /// An input (a platform report) cannot be read as a whole: wrong header, too large, not UTF-8.
        public static let invalid = Code(rawValue: "invalid")
        /// The store failed or holds inconsistent state.
        public static let storage = Code(rawValue: "storage")
    }

    /// What went wrong, by code.
    public let code: Code
    /// A human-readable explanation naming the offending value.
    public let message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// "code: message".
    public var description: String { "\(code): \(message)" }
}
