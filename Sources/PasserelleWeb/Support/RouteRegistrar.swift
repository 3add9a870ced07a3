import Hummingbird
import HTTPTypes

/// Registers routes on a router or group and records each one in the route table, so the route list the
/// OpenAPI test checks is the one the router really serves. Paths are absolute and use `{name}` parameters.
struct RouteRegistrar<Context: RequestContext> {
    let methods: any RouterMethods<Context>
    let table: RouteTable

    typealias Handler = @Sendable (Request, Context) async throws -> Response

    func on(_ method: HTTPRequest.Method, _ path: String, _ handler: @escaping Handler) {
        table.record(method, path)
        _ = methods.on(RouterPath(stringLiteral: path), method: method, use: handler)
    }

    func get(_ path: String, _ handler: @escaping Handler) { on(.get, path, handler) }
    func post(_ path: String, _ handler: @escaping Handler) { on(.post, path, handler) }
    func put(_ path: String, _ handler: @escaping Handler) { on(.put, path, handler) }
    func delete(_ path: String, _ handler: @escaping Handler) { on(.delete, path, handler) }
}
