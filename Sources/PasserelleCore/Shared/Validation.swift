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

    /// A required, trimmed, length-bounded text.
    public mutating func text(_ value: String, _ field: String, max: Int, required: Bool = true) {
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty {
            if required { fail(field, "required", "must not be empty") }
        } else if trimmed.count > max {
            fail(field, "too-long", "must be at most \(max) characters (got \(trimmed.count))")
        }
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
            if let text = value[language] { self.text(text, "\(field)/\(language.rawValue)", max: max, required: false) }
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
