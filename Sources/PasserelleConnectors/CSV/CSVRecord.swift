import Foundation

/// One record of a CSV file: its fields as written, and where it starts in the file.
public struct CSVRecord: Sendable, Hashable {
    /// The fields, unquoted; a quoted field keeps its embedded delimiters and newlines.
    public var fields: [String]
    /// The 1-based physical line on which the record starts (a record with embedded newlines spans several).
    public var line: Int
    /// True when the file ended inside a quoted field: the last field is then everything up to the end.
    public var hasUnterminatedQuote: Bool

    /// Builds a record (the parser's output; tests build expected values with it).
    public init(fields: [String], line: Int, hasUnterminatedQuote: Bool = false) {
        self.fields = fields
        self.line = line
        self.hasUnterminatedQuote = hasUnterminatedQuote
    }

    /// True when every field is blank (a trailing empty line, a row of separators).
    public var isBlank: Bool {
        fields.allSatisfy { $0.trimmingCharacters(in: .whitespaces).isEmpty }
    }
}
