import Foundation
import Hummingbird
import PasserelleCore

/// The keys a JSON body may carry, and which values must be integers. Unknown fields are refused (400, one
/// issue per field) rather than ignored, so a client's typo (`titel`) is reported instead of silently dropping data.
indirect enum JSONShape: Sendable {
    /// Any scalar (or a value whose own decoder checks its keys, like `LocalizedText`).
    case value
    /// A whole number that fits in 64 bits (`1.5`, `1e3` and `9223372036854775808` are refused on the field).
    case integer
    /// An object with exactly these optional keys.
    case object([String: JSONShape])
    /// An object whose keys are free (a map such as `identifiers.external`).
    case map
    /// An array whose elements have this shape.
    case array(JSONShape)

    /// Every key not allowed by the shape (`unknown-field`) and every integer field holding another number
    /// (`not-an-integer`), with paths such as `address/zip` or `price/minCents`.
    func issues(in node: JSONNode, path: String = "") -> [FieldIssue] { checked(node, path: path).issues }

    /// The node with every integer field written as a plain integer (`1200.0` and `1.2e3` are the whole number 1200,
    /// as JSON Schema counts them), and the issues of `issues(in:)`.
    func checked(_ node: JSONNode, path: String = "") -> (node: JSONNode, issues: [FieldIssue]) {
        func join(_ key: String) -> String { path.isEmpty ? key : "\(path)/\(key)" }
        switch self {
        case .value, .map:
            return (node, [])
        case .integer:
            guard case .number(let text) = node else { return (node, []) }
            guard let whole = Self.wholeNumber(text) else {
                return (node, [FieldIssue(field: path, code: "not-an-integer", message: "must be a whole number between −2⁶³ and 2⁶³−1, not \(text)")])
            }
            return (.number(String(whole)), [])
        case .object(let keys):
            guard case .object(let members) = node else { return (node, []) }
            var issues: [FieldIssue] = []
            var normalised: [JSONNode.Member] = []
            for member in members {
                guard let shape = keys[member.key] else {
                    issues.append(FieldIssue(field: join(member.key), code: "unknown-field", message: "is not a field of this resource"))
                    normalised.append(member)
                    continue
                }
                let (value, found) = shape.checked(member.value, path: join(member.key))
                issues += found
                normalised.append(JSONNode.Member(key: member.key, value: value))
            }
            return (.object(normalised), issues.sorted { $0.field < $1.field })
        case .array(let element):
            guard case .array(let items) = node else { return (node, []) }
            let results = items.enumerated().map { index, item in element.checked(item, path: join(String(index))) }
            return (.array(results.map(\.node)), results.flatMap(\.issues))
        }
    }

    /// The exact value of a JSON number when it is a whole number that fits in 64 bits: `-12`, `1200.0`, `1.2e3`,
    /// `120000e-2`; nil for `1.5`, `1e-3` or `9223372036854775808`. Computed on the digits, never through `Double`.
    static func wholeNumber(_ text: String) -> Int64? {
        var rest = Substring(text)
        let negative = rest.first == "-"
        if negative { rest = rest.dropFirst() }
        var exponent = 0
        if let e = rest.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            // At most three exponent digits: `Int("-9223372036854775808")` would parse, and its magnitude overflows.
            let digitsOfExponent = rest[rest.index(after: e)...].drop { $0 == "+" || $0 == "-" }
            guard digitsOfExponent.count <= 3, let value = Int(rest[rest.index(after: e)...].drop { $0 == "+" }) else { return nil }
            exponent = value
            rest = rest[..<e]
        }
        var digits = String(rest)
        if let dot = rest.firstIndex(of: ".") {
            let fraction = rest[rest.index(after: dot)...]
            digits = String(rest[..<dot]) + fraction
            exponent -= fraction.count
        }
        if digits.allSatisfy({ $0 == "0" }) { return 0 }  // 0e999 is zero, whatever its exponent
        if exponent < 0 {
            guard digits.suffix(-exponent).allSatisfy({ $0 == "0" }) else { return nil }
            digits = String(digits.dropLast(-exponent))
        } else {
            guard exponent <= 40 else { return nil }
            digits += String(repeating: "0", count: exponent)
        }
        let significant = digits.drop { $0 == "0" }
        guard significant.count <= 19 else { return nil }
        return Int64((negative ? "-" : "") + (significant.isEmpty ? "0" : significant))
    }
}

/// A request body type whose allowed keys are declared.
protocol StrictInput: Decodable {
    static var shape: JSONShape { get }
}

/// Reads bodies under an explicit size limit and decodes them strictly.
enum BodyReader {
    /// Collects a JSON body; anything but `application/json` (or `application/*+json`) is 415, a body over
    /// `limit` bytes is 413 through `NIOTooManyBytesError`.
    static func collect(_ request: Request, limit: Int) async throws -> Data {
        try requireJSON(request)
        var buffer = try await request.body.collect(upTo: limit)
        return Data(buffer.readBytes(length: buffer.readableBytes) ?? [])
    }

    /// 415 unless the request declares a JSON body. A missing Content-Type is refused too: guessing the
    /// format of a write is how a form post or a text file ends up half-read.
    static func requireJSON(_ request: Request) throws {
        let declared = request.headers[.contentType] ?? ""
        let mediaType = declared.split(separator: ";", maxSplits: 1).first.map {
            $0.trimmingCharacters(in: .whitespaces).lowercased()
        } ?? ""
        let isJSON = mediaType == "application/json" || (mediaType.hasPrefix("application/") && mediaType.hasSuffix("+json"))
        guard isJSON else {
            let got = declared.isEmpty ? "no Content-Type" : "Content-Type \(declared)"
            throw Problem(
                .unsupportedMediaType, code: "unsupported-media-type",
                detail: "The body must be sent as `Content-Type: application/json` (got \(got))."
            )
        }
    }

    /// Parses `data` strictly (400 when malformed or a key repeats), refuses unknown keys and non-integers
    /// in integer fields (400), then decodes (400 on types, each with its field).
    static func decode<T: StrictInput>(_ type: T.Type, from data: Data) throws -> T {
        try decode(T.self, node: try parseObject(data))
    }

    /// Checks an already parsed object against the type's shape, then decodes it (integers normalised).
    static func decode<T: StrictInput>(_ type: T.Type, node: JSONNode) throws -> T {
        let normalised = try checkShape(node, T.shape)
        return try decodeValue(T.self, from: normalised.serialized())
    }

    static func parseObject(_ data: Data) throws -> JSONNode {
        guard !data.isEmpty else { throw Problem.badRequest("The request body is empty; a JSON object is expected.") }
        let parsed = try StrictJSONParser.parse(data)
        guard case .object = parsed else { throw Problem.badRequest("The body must be a JSON object.") }
        return parsed
    }

    /// The node with its integer fields normalised; 400 listing every unknown field and non-integer.
    @discardableResult
    static func checkShape(_ json: JSONNode, _ shape: JSONShape) throws -> JSONNode {
        let (normalised, issues) = shape.checked(json)
        guard !issues.isEmpty else { return normalised }
        throw Problem.badRequest("The body has \(issues.count) invalid field(s); see `errors`.", errors: issues)
    }

    static func decodeValue<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        do {
            return try JSONCoding.decoder.decode(T.self, from: data)
        } catch let error as DecodingError {
            throw Problem.badRequest(JSONCoding.describe(error), errors: [JSONCoding.issue(error)])
        } catch let error as FieldDecodingError {
            throw Problem.badRequest("Field `\(error.field)` \(error.message).", errors: [error.issue])
        }
    }
}
