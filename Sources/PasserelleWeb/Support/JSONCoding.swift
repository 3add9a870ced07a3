import Foundation

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

    static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = parseDateTime(text) else {
                throw DecodingError.dataCorruptedError(
                    in: container, debugDescription: "'\(text)' is not an ISO 8601 date-time such as 2026-05-01T20:30:00Z"
                )
            }
            return date
        }
        return decoder
    }

    /// An ISO 8601 date-time with a time zone, with or without fractional seconds.
    static func parseDateTime(_ text: String) -> Date? {
        if let date = try? Date(text, strategy: .iso8601) { return date }
        return try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }

    /// A query value: a date-time, or a bare date `YYYY-MM-DD` read as midnight UTC.
    static func parseDateOrDateTime(_ text: String) -> Date? {
        if let date = parseDateTime(text) { return date }
        guard text.count == 10 else { return nil }
        return try? Date(text, strategy: Date.ISO8601FormatStyle().year().month().day())
    }

    /// A short, client-facing description of a decoding failure, naming the field path.
    static func describe(_ error: DecodingError) -> String {
        func path(_ keys: [any CodingKey]) -> String {
            let joined = keys.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: "/")
            return joined.isEmpty ? "the body" : "`\(joined)`"
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "Missing required field `\((context.codingPath + [key]).map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: "/"))`."
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

    private static func jsonTypeName(_ type: Any.Type) -> String {
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
