import Foundation
import Hummingbird

/// Links to the same resource that keep a request's query parameters and change one (`page`, `cursor`).
enum QueryLinks {
    static func replacing(_ name: String, with value: String?, in request: Request) -> String {
        var pairs = request.uri.queryParameters.filter { $0.key != name[...] }.map { (String($0.key), String($0.value)) }
        if let value { pairs.append((name, value)) }
        let query = pairs.map { "\(escape($0.0))=\(escape($0.1))" }.joined(separator: "&")
        return query.isEmpty ? request.uri.path : "\(request.uri.path)?\(query)"
    }

    /// RFC 3986 unreserved characters (and `:`) only, so non-ASCII letters are percent-encoded too.
    static func escape(_ value: String) -> String {
        let allowed = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~:")
        return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value
    }
}
