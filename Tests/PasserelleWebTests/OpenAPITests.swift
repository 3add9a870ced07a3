import Foundation
import HTTPTypes
import HummingbirdTesting
import PasserelleCore
import PasserelleWeb
import Testing

@Suite("OpenAPI document")
struct OpenAPITests {
    @Test("served at /openapi.json as OpenAPI 3.1.0 with a bearer scheme")
    func served() async throws {
        try await Fixture.using { fixture in
            try await fixture.test { client in
                let response = try await client.send(.get, "/openapi.json")
                #expect(response.status == .ok)
                let json = try response.json
                #expect(json == OpenAPIDocument.value)
                #expect(json["openapi"] == "3.1.0")
                #expect(json["components"]?["securitySchemes"]?["bearerAuth"]?["scheme"] == "bearer")
            }
        }
    }

    @Test("every route the router registers is documented, and every documented operation is registered")
    func routesMatch() async throws {
        try await Fixture.using { fixture in
            let registered = Set(WebRouter.build(fixture.dependencies()).routes.map(\.description))
            let methods = ["get", "put", "post", "delete", "patch", "head", "options"]
            var documented = Set<String>()
            for (path, item) in OpenAPIDocument.value["paths"]?.objectValue ?? [:] {
                for method in methods where item[method] != nil { documented.insert("\(method.uppercased()) \(path)") }
            }
            #expect(registered.count == 130)
            #expect(registered.subtracting(documented).isEmpty, "undocumented: \(registered.subtracting(documented).sorted())")
            #expect(documented.subtracting(registered).isEmpty, "not served: \(documented.subtracting(registered).sorted())")
        }
    }

    @Test("every operation has its own operationId (OpenAPI 3.1 requires them unique)")
    func uniqueOperationIDs() {
        var seen: [String: String] = [:]
        for (path, item) in OpenAPIDocument.value["paths"]?.objectValue ?? [:] {
            for (method, operation) in item.objectValue ?? [:] {
                guard let id = operation["operationId"]?.stringValue else { continue }
                #expect(seen[id] == nil, "\(id) names both \(seen[id] ?? "") and \(method) \(path)")
                seen[id] = "\(method) \(path)"
            }
        }
    }

    @Test("write operations require the bearer scheme; reads do not")
    func security() {
        for (path, item) in OpenAPIDocument.value["paths"]?.objectValue ?? [:] {
            for (method, operation) in item.objectValue ?? [:] {
                // A key-optional read (anonymous allowed, listed first) is public: the key only widens what it shows.
                let anonymousAllowed = operation["security"]?.arrayValue?.first == [:]
                if anonymousAllowed { #expect(operation["responses"]?["401"] != nil, "\(method) \(path) documents 401") }
                let secured = operation["security"] != nil && !anonymousAllowed
                // An institution's own keys and feeds are private even to read.
                let privateRead = ["/api/v1/keys", "/api/v1/feeds", "/api/v1/webhook", "/api/v1/pass", "/api/v1/bookings", "/api/v1/reimbursements", "/api/v1/provider/bookings",
                                   "/api/v1/group-bookings", "/api/v1/provider/group-bookings", "/api/v1/pro/sessions/current"].contains { path.hasPrefix($0) }
                // A page's audience beacon is sent by visitors' browsers, which hold no key.
                // …and so are a visitor's forms (tastes, favourites, erasure): a visitor holds no key.
                // OAI-PMH lets a harvester POST its arguments as a form: a read, public like the GET.
                // Signing up or in is how a beneficiary gets a session: they hold none yet.
                let publicWrite = ["/api/v1/observatory/beacon", "/for-you", "/favourites", "/for-you/forget", "/oai",
                                   "/api/v1/pass/beneficiaries", "/api/v1/pass/sessions", "/api/v1/pro/sessions"].contains(path)
                    // The pass's and the professional area's page forms: the session is a cookie, each form checked same-origin.
                    || path.hasPrefix("/pass/") || path.hasPrefix("/pro/")
                #expect(secured == ((method != "get" || privateRead) && !publicWrite), "\(method) \(path)")
                if secured { #expect(operation["responses"]?["401"] != nil, "\(method) \(path) documents 401") }
            }
        }
    }

    @Test("every $ref resolves and every schema uses only keywords the checker understands")
    func references() {
        let checker = SchemaChecker(document: OpenAPIDocument.value)
        var refs: [String] = []
        func walk(_ value: JSONValue) {
            switch value {
            case .object(let object):
                if let ref = object["$ref"]?.stringValue { refs.append(ref) }
                object.values.forEach(walk)
            case .array(let array): array.forEach(walk)
            default: break
            }
        }
        walk(OpenAPIDocument.value)
        #expect(refs.count > 50)
        for ref in Set(refs) { #expect(checker.resolve(ref) != nil, "\(ref)") }
        for (name, schema) in OpenAPIDocument.value["components"]?["schemas"]?.objectValue ?? [:] {
            // An empty object against a schema only surfaces keyword problems and missing required fields.
            let problems = checker.violations(of: .object([:]), against: schema).filter { $0.contains("unsupported") }
            #expect(problems.isEmpty, "\(name): \(problems)")
            // Examples are sent as they are by clients and by schemathesis: each must satisfy its own schema.
            for example in schema["examples"]?.arrayValue ?? [] {
                let violations = checker.violations(of: example, against: schema)
                #expect(violations.isEmpty, "\(name) example: \(violations)")
            }
        }
    }

    @Test(
        "exports the document for scripts/validate-openapi.sh",
        .enabled(if: ProcessInfo.processInfo.environment["PASSERELLE_OPENAPI_EXPORT"] != nil, "set PASSERELLE_OPENAPI_EXPORT=<file> to export")
    )
    func export() throws {
        let path = try #require(ProcessInfo.processInfo.environment["PASSERELLE_OPENAPI_EXPORT"])
        try OpenAPIDocument.data.write(to: URL(fileURLWithPath: path))
        #expect(FileManager.default.fileExists(atPath: path))
    }

    @Test("the checker itself rejects what it should")
    func checkerRejects() {
        let checker = SchemaChecker(document: OpenAPIDocument.value)
        let problem = OpenAPISchemas_Problem.schema
        #expect(checker.violations(of: ["type": "about:blank", "title": "x", "status": 400, "detail": "d", "errors": []], against: problem).isEmpty)
        #expect(!checker.violations(of: ["type": "about:blank", "title": "x", "status": "400", "detail": "d", "errors": []], against: problem).isEmpty)
        #expect(!checker.violations(of: ["type": "about:blank", "title": "x", "status": 400, "detail": "d", "errors": [], "extra": 1], against: problem).isEmpty)
        #expect(!checker.violations(of: ["title": "x", "status": 400, "detail": "d", "errors": []], against: problem).isEmpty)
        let stock: JSONValue = ["$ref": "#/components/schemas/Stock"]
        #expect(!checker.violations(of: ["id": "s", "offerID": "o", "priceCents": 1, "status": "deleted"], against: stock).isEmpty)
        #expect(!checker.violations(of: ["id": "s", "offerID": "o", "priceCents": 1, "status": "active", "beginsAt": "tomorrow"], against: stock).isEmpty)
        #expect(!checker.violations(of: ["id": "s", "offerID": "o", "priceCents": 1.5, "status": "active"], against: stock).isEmpty)
        #expect(!checker.violations(of: ["id": "bad id", "offerID": "o", "priceCents": 1, "status": "active"], against: stock).isEmpty)
        let oneOf: JSONValue = ["oneOf": [["type": "string"], ["type": "integer"]]]
        #expect(checker.violations(of: 3, against: oneOf).isEmpty)
        #expect(!checker.violations(of: true, against: oneOf).isEmpty)
        #expect(!checker.violations(of: 1, against: ["type": "string", "const": "x"]).isEmpty, "unknown keywords are reported")
    }
}

/// The Problem schema by reference, for the checker's own tests.
enum OpenAPISchemas_Problem {
    static let schema: JSONValue = ["$ref": "#/components/schemas/Problem"]
}
