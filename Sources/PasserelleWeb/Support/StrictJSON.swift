import Foundation
import Hummingbird
import PasserelleCore

/// The keys a JSON body may carry. Unknown fields are refused (400, one issue per field) rather than
/// ignored, so a client's typo (`titel`) is reported instead of silently dropping data.
indirect enum JSONShape: Sendable {
    /// Any scalar (or a value whose own decoder checks its keys, like `LocalizedText`).
    case value
    /// An object with exactly these optional keys.
    case object([String: JSONShape])
    /// An object whose keys are free (a map such as `identifiers.external`).
    case map
    /// An array whose elements have this shape.
    case array(JSONShape)

    /// The paths of every key not allowed by the shape, e.g. `["address/zip", "titel"]`.
    func unknownFields(in json: Any, path: String = "") -> [String] {
        func join(_ key: String) -> String { path.isEmpty ? key : "\(path)/\(key)" }
        switch self {
        case .value, .map:
            return []
        case .object(let keys):
            guard let object = json as? [String: Any] else { return [] }
            return object.keys.sorted().flatMap { key -> [String] in
                guard let shape = keys[key] else { return [join(key)] }
                return shape.unknownFields(in: object[key] as Any, path: join(key))
            }
        case .array(let element):
            guard let array = json as? [Any] else { return [] }
            return array.enumerated().flatMap { index, item in element.unknownFields(in: item, path: join(String(index))) }
        }
    }
}

/// A request body type whose allowed keys are declared.
protocol StrictInput: Decodable {
    static var shape: JSONShape { get }
}

/// Reads bodies under an explicit size limit and decodes them strictly.
enum BodyReader {
    /// Collects the body; a body over `limit` bytes becomes 413 through `NIOTooManyBytesError`.
    static func collect(_ request: Request, limit: Int) async throws -> Data {
        var buffer = try await request.body.collect(upTo: limit)
        return Data(buffer.readBytes(length: buffer.readableBytes) ?? [])
    }

    /// Parses `data` as a JSON object (400 when malformed), refuses unknown keys (400), then decodes (400 on types).
    static func decode<T: StrictInput>(_ type: T.Type, from data: Data) throws -> T {
        let json = try parseObject(data)
        try checkKeys(json, shape: T.shape)
        return try decodeValue(T.self, from: data)
    }

    static func parseObject(_ data: Data) throws -> [String: Any] {
        guard !data.isEmpty else { throw Problem.badRequest("The request body is empty; a JSON object is expected.") }
        let parsed: Any
        do {
            parsed = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw Problem.badRequest("The body is not valid JSON.")
        }
        guard let object = parsed as? [String: Any] else { throw Problem.badRequest("The body must be a JSON object.") }
        return object
    }

    static func checkKeys(_ json: Any, shape: JSONShape) throws {
        let unknown = shape.unknownFields(in: json)
        guard !unknown.isEmpty else { return }
        let issues = unknown.map { FieldIssue(field: $0, code: "unknown-field", message: "is not a field of this resource") }
        throw Problem.badRequest("The body has \(unknown.count) unknown field(s); see `errors`.", errors: issues)
    }

    static func decodeValue<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        do {
            return try JSONCoding.decoder.decode(T.self, from: data)
        } catch let error as DecodingError {
            throw Problem.badRequest(JSONCoding.describe(error))
        }
    }
}
