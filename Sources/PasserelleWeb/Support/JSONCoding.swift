import Foundation
import PasserelleCore

/// The API's JSON conventions in one place: ISO 8601 dates (fractional seconds accepted on input),
/// unescaped slashes in URLs, and readable decoding errors.
enum JSONCoding {
    /// Built once (per response it cost an allocation on every read); encoding is thread-safe.
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
        return encoder
    }()

    /// Built once as well; decoding is thread-safe. Dates are strict RFC 3339 (see `RFC3339`).
    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = parseDateTime(text) else {
                throw FieldDecodingError(
                    field: fieldPath(decoder.codingPath), code: "invalid-date",
                    message: "must be an RFC 3339 date-time such as 2026-05-01T20:30:00Z (a real date, years 0001–9999), not '\(text)'"
                )
            }
            return date
        }
        return decoder
    }()

    /// A strict RFC 3339 date-time with a time zone, with or without fractional seconds.
    static func parseDateTime(_ text: String) -> Date? { RFC3339.dateTime(text) }

    /// A query value: a date-time, or a bare date `YYYY-MM-DD` read as midnight UTC.
    static func parseDateOrDateTime(_ text: String) -> Date? {
        RFC3339.dateTime(text) ?? RFC3339.date(text)
    }

    /// `title/fr`, `stocks/2/priceCents`: the path of a coding failure as the API's field issues name it.
    static func fieldPath(_ keys: [any CodingKey]) -> String {
        keys.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: "/")
    }

    /// The field issue of a decoding failure, so that even a wrong type is reported on its field.
    static func issue(_ error: DecodingError) -> FieldIssue {
        switch error {
        case .keyNotFound(let key, let context):
            return FieldIssue(field: fieldPath(context.codingPath + [key]), code: "required", message: "is required")
        case .valueNotFound(_, let context):
            return FieldIssue(field: fieldPath(context.codingPath), code: "required", message: "must not be null")
        case .typeMismatch(let type, let context):
            return FieldIssue(field: fieldPath(context.codingPath), code: "wrong-type", message: "must be \(jsonTypeName(type))")
        case .dataCorrupted(let context):
            return FieldIssue(field: fieldPath(context.codingPath), code: "invalid", message: context.debugDescription)
        @unknown default:
            return FieldIssue(field: "", code: "invalid", message: "could not be read")
        }
    }

    /// A short, client-facing description of a decoding failure, naming the field path.
    static func describe(_ error: DecodingError) -> String {
        func path(_ keys: [any CodingKey]) -> String {
            let joined = fieldPath(keys)
            return joined.isEmpty ? "the body" : "`\(joined)`"
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "Missing required field `\(fieldPath(context.codingPath + [key]))`."
        case .valueNotFound(_, let context):
            return "Field \(path(context.codingPath)) must not be null."
        case .typeMismatch(let type, let context):
            return "Field \(path(context.codingPath)) has the wrong type (expected \(Self.jsonTypeName(type)))."
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty { return "The body is not valid JSON." }
            return "Field \(path(context.codingPath)) is invalid: \(context.debugDescription)"
        @unknown default:
            return "The body could not be read."
        }
    }

    static func jsonTypeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Bool.Type: "a boolean"
        case is Int.Type, is Int64.Type: "an integer"
        case is Double.Type: "a number"
        case is [Any].Type: "an array"
        default: "an object"
        }
    }
}

/// A value that decoded as JSON but means nothing (an impossible date): thrown from a decoding strategy so
/// that the field and a stable code reach the client, which `DecodingError` cannot carry.
struct FieldDecodingError: Error, Sendable {
    let field: String
    let code: String
    let message: String

    var issue: FieldIssue { FieldIssue(field: field, code: code, message: message) }
}
