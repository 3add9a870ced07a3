import Foundation
import HTTPTypes
import NIOCore
import HummingbirdTesting
import PasserelleWeb
import Testing

/// Checks a real response against the OpenAPI document: the operation exists, documents the status,
/// the media type matches, and the JSON body validates against the documented schema.
enum Conformance {
    static let document = OpenAPIDocument.value
    static let checker = SchemaChecker(document: document)

    /// The violations of `response` for `method template` (template in OpenAPI form, e.g. `/api/v1/offers/{id}`).
    static func violations(_ method: HTTPRequest.Method, _ template: String, _ response: TestResponse) -> [String] {
        guard let operation = document["paths"]?[template]?[method.rawValue.lowercased()] else {
            return ["\(method.rawValue) \(template) is not documented"]
        }
        let status = String(response.status.code)
        guard var documented = operation["responses"]?[status] else {
            return ["\(method.rawValue) \(template) does not document status \(status)"]
        }
        if let ref = documented["$ref"]?.stringValue, let target = checker.resolve(ref) { documented = target }
        var problems: [String] = []
        for (name, value) in documented["headers"]?.objectValue ?? [:] {
            let definition = value["$ref"]?.stringValue.flatMap(checker.resolve) ?? value
            if definition["required"] == .bool(true), response.headers[HTTPField.Name(name)!] == nil {
                problems.append("\(method.rawValue) \(template) \(status) lacks documented header \(name)")
            }
        }
        let mediaType = response.headers[.contentType]?.split(separator: ";").first.map(String.init) ?? ""
        if response.status == .noContent {
            return documented["content"] == nil && response.body.readableBytes == 0 ? problems : problems + ["204 with a body or a documented content"]
        }
        guard let schema = documented["content"]?[mediaType]?["schema"] else {
            return ["\(method.rawValue) \(template) \(status) does not document media type \(mediaType)"]
        }
        guard mediaType.hasSuffix("json") else { return problems }
        do {
            let body = try JSONDecoder().decode(JSONValue.self, from: Data(response.body.readableBytesView))
            return problems + checker.violations(of: body, against: schema)
        } catch {
            return problems + ["body is not JSON: \(error)"]
        }
    }

    /// Records an issue for each violation (so a test fails when the API and its document disagree).
    static func expect(
        _ method: HTTPRequest.Method, _ template: String, _ response: TestResponse, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let problems = violations(method, template, response)
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))", sourceLocation: sourceLocation)
    }
}
