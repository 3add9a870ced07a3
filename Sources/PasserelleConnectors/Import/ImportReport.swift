/// Why a row was rejected (or repaired), as a stable machine-readable code plus a precise message.
public struct RowReason: Error, Sendable, Hashable, CustomStringConvertible {
    /// An open set of reason codes, compared by value: new ones are added as static lets.
    public struct Code: Sendable, Hashable, RawRepresentable, CustomStringConvertible {
        /// The code as written in reports and logs.
        public let rawValue: String
        /// A code from its raw value.
        public init(rawValue: String) { self.rawValue = rawValue }
        /// The raw value.
        public var description: String { rawValue }

        /// A data line that repeats the header (or is a second header).
        public static let repeatedHeader = Code(rawValue: "repeated-header")
        /// The row cannot be read as a record: unterminated quote, too many fields.
        public static let malformedRow = Code(rawValue: "malformed-row")
        /// A required field is blank.
        public static let missingField = Code(rawValue: "missing-field")
        /// A field has a value that cannot be understood (an id, a coordinate, a URL).
        public static let invalidValue = Code(rawValue: "invalid-value")
        /// Another row of the same file already has this record's id.
        public static let duplicateID = Code(rawValue: "duplicate-id")
        /// A work names a museum that is not among the loaded museums.
        public static let unknownMuseum = Code(rawValue: "unknown-museum")
        /// A value has no mapping to the shared taxonomy.
        public static let unknownCategory = Code(rawValue: "unknown-category")
        /// The entity built from the row failed Core validation; the message lists the field issues.
        public static let invalidEntity = Code(rawValue: "invalid-entity")
        /// A value was not usable and left out, the row still loaded (a warning, never a rejection).
        public static let fieldDropped = Code(rawValue: "field-dropped")
        /// A text longer than Core allows was cut at a word boundary, the row still loaded (a warning).
        public static let fieldShortened = Code(rawValue: "field-shortened")
        /// Two fields of the row disagree; the message says which one was kept (a warning).
        public static let conflictingFields = Code(rawValue: "conflicting-fields")
        /// Text was repaired on import (double-encoded UTF-8 decoded once more); the record is kept, repaired.
        public static let textRepaired = Code(rawValue: "text-repaired")
    }

    /// The machine-readable kind of problem.
    public let code: Code
    /// What exactly is wrong, quoting the value.
    public let message: String

    /// A reason with its code and a message precise enough to fix the source row.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// `code: message`.
    public var description: String { "\(code): \(message)" }
}

/// One row that was rejected or repaired: which file, where, which record, and why.
public struct RowIssue: Sendable, Hashable, CustomStringConvertible {
    /// The file's path relative to the real-data root, e.g. `culture-gouv-opendata/festivals-france.csv`.
    public let file: String
    /// The 1-based physical line where the record starts in a CSV file; in a JSON array, the 1-based
    /// position of the record in the array.
    public let line: Int
    /// The record's own id in its source, when it has a readable one.
    public let recordID: String?
    /// Why the row was rejected or repaired.
    public let reason: RowReason

    /// Builds an issue for one row.
    public init(file: String, line: Int, recordID: String?, reason: RowReason) {
        self.file = file
        self.line = line
        self.recordID = recordID
        self.reason = reason
    }

    /// `file:line [record] code: message`, for logs.
    public var description: String { "\(file):\(line) [\(recordID ?? "-")] \(reason)" }
}

/// What importing one file gave: how many rows loaded, and every rejected row with its reason.
/// `loaded + rejected.count` is the file's number of data rows (or the reason the file was not read).
public struct ImportReport: Sendable, Hashable {
    /// The file's path relative to the real-data root.
    public let file: String
    /// Rows that produced catalogue entities.
    public var loaded: Int
    /// Rows that produced nothing, each with its reason.
    public var rejected: [RowIssue]
    /// Rows that loaded with a value left out or a conflict resolved, each with what was done.
    public var warnings: [RowIssue]
    /// Set when the file itself could not be read (missing, unreadable, wrong header): nothing was loaded.
    public var fileError: String?

    /// An empty report for `file`.
    public init(file: String, loaded: Int = 0, rejected: [RowIssue] = [], warnings: [RowIssue] = [], fileError: String? = nil) {
        self.file = file
        self.loaded = loaded
        self.rejected = rejected
        self.warnings = warnings
        self.fileError = fileError
    }

    /// Data rows seen: loaded plus rejected.
    public var total: Int { loaded + rejected.count }

    mutating func reject(line: Int, id: String?, _ code: RowReason.Code, _ message: String) {
        rejected.append(RowIssue(file: file, line: line, recordID: id, reason: RowReason(code, message)))
    }

    mutating func warn(line: Int, id: String?, _ code: RowReason.Code, _ message: String) {
        warnings.append(RowIssue(file: file, line: line, recordID: id, reason: RowReason(code, message)))
    }
}
