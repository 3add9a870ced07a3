public import PasserelleCore
public import HTTPTypes

/// An RFC 9457 problem document (`application/problem+json`), the body of every API error.
public struct Problem: Error, Sendable, Hashable, Codable {
    /// A URI naming the kind of problem: `urn:passerelle:problem:<code>`, or `about:blank` for a bare HTTP status.
    public var type: String
    /// A short, human-readable summary of the kind of problem.
    public var title: String
    /// The HTTP status code, repeated in the body for clients that lose headers.
    public var status: Int
    /// What went wrong with this request, in plain words.
    public var detail: String
    /// The request path the problem occurred on.
    public var instance: String?
    /// Field-level issues; empty when the problem is not about fields.
    public var errors: [FieldIssue]

    /// Builds a problem for `status`; `code` names its type, `title` defaults to the status's reason phrase.
    public init(
        _ status: HTTPResponse.Status, code: String? = nil, title: String? = nil, detail: String,
        instance: String? = nil, errors: [FieldIssue] = []
    ) {
        self.type = code.map { "urn:passerelle:problem:\($0)" } ?? "about:blank"
        self.title = title ?? status.reasonPhrase
        self.status = status.code
        self.detail = detail
        self.instance = instance
        self.errors = errors
    }

    /// A 400 for input that could not be read (malformed JSON, wrong types, unknown fields, bad query).
    static func badRequest(_ detail: String, errors: [FieldIssue] = []) -> Problem {
        Problem(.badRequest, code: "bad-request", detail: detail, errors: errors)
    }
}

/// The one place where domain error codes become HTTP statuses.
///
/// `invalid` is 422 (the JSON was well-formed but its values break the rules); input that cannot be read
/// at all (malformed JSON, wrong types, unknown fields, bad query parameters) is 400 and never reaches here.
public enum ProblemMapping {
    /// The HTTP status of a domain error code.
    public static func status(for code: CoreError.Code) -> HTTPResponse.Status {
        switch code {
        case .invalid: .unprocessableContent
        case .notFound: .notFound
        case .forbidden: .forbidden
        case .conflict: .conflict
        case .limitExceeded: .contentTooLarge
        case .storageBusy, .storageUnavailable: .serviceUnavailable
        case .storageFull: HTTPResponse.Status(code: 507, reasonPhrase: "Insufficient Storage")
        default: .internalServerError
        }
    }

    /// The problem document of a domain error. Storage failures keep their message out of the response.
    public static func problem(for error: CoreError) -> Problem {
        let status = status(for: error.code)
        let detail: String
        switch error.code {
        case .storageBusy: detail = "The database is busy; retry in a moment."
        case .storageUnavailable: detail = "The database cannot be reached right now; retry in a moment (a write retried with the same id is safe)."
        case .storageFull: detail = "The database has no room left to write; reads still work. Nothing was written."
        default: detail = status == .internalServerError ? "The server could not complete the request." : error.message
        }
        return Problem(status, code: error.code.rawValue, detail: detail, errors: error.issues)
    }
}
