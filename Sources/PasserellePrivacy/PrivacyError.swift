/// The privacy module's error: an open code plus a message, compared by code.
public struct PrivacyError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Open set of error codes; new codes are static lets in extensions.
    public struct Code: Sendable, Hashable, RawRepresentable, CustomStringConvertible {
        /// The stable text of the code.
        public let rawValue: String
        /// Wraps a raw code.
        public init(rawValue: String) { self.rawValue = rawValue }
        /// The raw code.
        public var description: String { rawValue }

        /// A parameter is negative, zero where it must be positive, NaN, infinite or outside its explicit limit.
        public static let invalidParameter = Code(rawValue: "invalid-parameter")
        /// A release would spend more than the ledger's budget; nothing was computed.
        public static let budgetExceeded = Code(rawValue: "budget-exceeded")
        /// Input data does not fit the declared key space or bounds.
        public static let invalidInput = Code(rawValue: "invalid-input")
        /// The ledger's store failed or holds inconsistent state.
        public static let ledger = Code(rawValue: "ledger")
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

    /// Shorthand for an invalid parameter.
    static func invalid(_ message: String) -> PrivacyError { PrivacyError(.invalidParameter, message) }
}
