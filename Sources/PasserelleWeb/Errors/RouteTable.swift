import HTTPTypes
import Synchronization

/// One registered route: its method and its path template in OpenAPI form (`/api/v1/offers/{id}`).
public struct RouteEntry: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The HTTP method, upper case.
    public let method: String
    /// The path template with `{name}` parameters.
    public let path: String

    /// Builds an entry.
    public init(method: String, path: String) {
        self.method = method
        self.path = path
    }

    /// `GET /api/v1/offers`.
    public var description: String { "\(method) \(path)" }

    /// Orders by path, then method.
    public static func < (lhs: RouteEntry, rhs: RouteEntry) -> Bool {
        (lhs.path, lhs.method) < (rhs.path, rhs.method)
    }
}

/// The routes recorded while the router is built: the OpenAPI test compares them with the document,
/// and the error middleware uses them to answer 405 (with `Allow`) instead of 404 for a known path.
final class RouteTable: Sendable {
    private let entries = Mutex<[RouteEntry]>([])

    func record(_ method: HTTPRequest.Method, _ path: String) {
        entries.withLock { $0.append(RouteEntry(method: method.rawValue, path: path)) }
    }

    var all: [RouteEntry] { entries.withLock { $0 }.sorted() }

    /// The methods registered for a concrete request path, e.g. `["GET", "PUT"]` for `/api/v1/venues/x`.
    func methods(matching path: String) -> [String] {
        let segments = path.split(separator: "/", omittingEmptySubsequences: true)
        let matching = entries.withLock { $0 }.filter { entry in
            let template = entry.path.split(separator: "/", omittingEmptySubsequences: true)
            guard template.count == segments.count else { return false }
            return zip(template, segments).allSatisfy { pattern, segment in
                (pattern.hasPrefix("{") && pattern.hasSuffix("}")) || pattern == segment
            }
        }
        var methods = Set(matching.map(\.method))
        // The router answers HEAD wherever it answers GET.
        if methods.contains("GET") { methods.insert("HEAD") }
        return methods.sorted()
    }
}
