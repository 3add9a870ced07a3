public import Foundation

/// One problem with one field, in a form an API client can show next to the field.
public struct FieldIssue: Sendable, Hashable, Codable, CustomStringConvertible {
    /// A JSON-pointer-like path to the field, e.g. `title/fr` or `stocks/2/price`.
    public let field: String
    /// A stable machine-readable code, e.g. `required`, `too-long`, `out-of-range`.
    public let code: String
    public let message: String

    public init(field: String, code: String, message: String) {
        self.field = field
        self.code = code
        self.message = message
    }

    public var description: String { "\(field): \(message)" }
}

/// Collects field issues while a value is checked; each check names its field.
public struct Validator: Sendable {
    public private(set) var issues: [FieldIssue] = []
    private let prefix: String

    public init(prefix: String = "") { self.prefix = prefix }

    public var isValid: Bool { issues.isEmpty }

    private func path(_ field: String) -> String { prefix.isEmpty ? field : "\(prefix)/\(field)" }

    public mutating func fail(_ field: String, _ code: String, _ message: String) {
        issues.append(FieldIssue(field: path(field), code: code, message: message))
    }

    public mutating func merge(_ other: [FieldIssue], under field: String) {
        for issue in other {
            issues.append(FieldIssue(field: path("\(field)/\(issue.field)"), code: issue.code, message: issue.message))
        }
    }

    /// A required, trimmed, length-bounded text without control characters.
    public mutating func text(_ value: String, _ field: String, max: Int, required: Bool = true) {
        let trimmed = value.trimmingWhiteSpace()
        if trimmed.isEmpty {
            if required { fail(field, "required", "must not be empty or only white space") }
        } else if trimmed.count > max {
            fail(field, "too-long", "must be at most \(max) characters (got \(trimmed.count))")
        }
        if let control = Self.firstControlCharacter(in: value) {
            fail(field, "control-character", "must not contain the control character U+\(control)")
        }
    }

    /// The code point (4 hex digits) of the first C0 or C1 control character other than tab, line feed and
    /// carriage return, or of DEL. Such characters have no place in a cultural record, break terminals
    /// (`\u{1B}` starts escape sequences) and are invalid in HTML.
    static func firstControlCharacter(in value: String) -> String? {
        for scalar in value.unicodeScalars {
            let v = scalar.value
            let isControl = (v < 0x20 && v != 0x09 && v != 0x0A && v != 0x0D) || (0x7F...0x9F).contains(v)
            if isControl {
                let hex = String(v, radix: 16, uppercase: true)
                return String(repeating: "0", count: max(0, 4 - hex.count)) + hex
            }
        }
        return nil
    }

    public mutating func optionalText(_ value: String?, _ field: String, max: Int) {
        if let value { text(value, field, max: max, required: false) }
    }

    /// A multilingual text: French is required when `required`, every value bounded.
    public mutating func localized(_ value: LocalizedText, _ field: String, max: Int, required: Bool) {
        if required && value[.fr] == nil {
            fail("\(field)/fr", "required", "a French value is required")
        }
        for language in Language.allCases {
            // A value that is present must say something: `"fr": "   "` is refused, not stored as a blank title.
            if let text = value[language] { self.text(text, "\(field)/\(language.rawValue)", max: max, required: true) }
        }
    }

    /// An absolute http(s) URL.
    public mutating func url(_ value: URL?, _ field: String) {
        guard let value else { return }
        guard let scheme = value.scheme?.lowercased(), scheme == "https" || scheme == "http", value.host != nil else {
            fail(field, "invalid-url", "must be an absolute http or https URL")
            return
        }
        if value.absoluteString.count > 2048 { fail(field, "too-long", "must be at most 2048 characters") }
    }

    public mutating func range<T: Comparable>(_ value: T, _ field: String, _ bounds: ClosedRange<T>) {
        if !bounds.contains(value) {
            fail(field, "out-of-range", "must be between \(bounds.lowerBound) and \(bounds.upperBound)")
        }
    }

    /// Throws `CoreError.invalid` with every collected issue, if any.
    public func check() throws(CoreError) {
        if !issues.isEmpty { throw CoreError.invalid(issues) }
    }
}
