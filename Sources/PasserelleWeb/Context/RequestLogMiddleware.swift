import Foundation
import Hummingbird
import Logging

/// Logs each request's method and path, with credential-looking query parameters redacted.
///
/// Hummingbird's `LogRequestsMiddleware` logs the URI verbatim, so a key sent by mistake as `?api_key=psl_…`
/// landed in the log. Headers are never logged (Authorization among them).
struct RequestLogMiddleware<Context: RequestContext>: RouterMiddleware {
    let level: Logger.Level

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        context.logger.log(
            level: level, "Request",
            metadata: [
                "hb.request.path": .string(LogRedaction.redactedTarget(path: request.uri.path, query: request.uri.query)),
                "hb.request.method": .string(request.method.rawValue),
            ]
        )
        return try await next(request, context)
    }
}

/// What may not reach a log line.
enum LogRedaction {
    /// Parameter names that carry secrets, compared without case, `-` and `_` (`API-Key` is `apikey`).
    static let secretNames: Set<String> = [
        "apikey", "key", "token", "accesstoken", "refreshtoken", "idtoken", "authorization", "auth", "bearer",
        "password", "passwd", "pwd", "secret", "clientsecret", "session", "sessionid", "signature", "sig", "code",
        "credential", "credentials", "jwt",
    ]

    /// `path?query` with the value of every secret-looking parameter replaced by `***`. A value that looks like
    /// one of our keys (`psl_…`) is redacted whatever its parameter's name.
    static func redactedTarget(path: String, query: String?) -> String {
        // A key pasted into the path is a path segment starting `psl_`.
        let path = path.split(separator: "/", omittingEmptySubsequences: false)
            .map { isKeyLike(String($0)) ? "***" : String($0) }.joined(separator: "/")
        guard let query, !query.isEmpty else { return path }
        let parts = query.split(separator: "&", omittingEmptySubsequences: false).map { pair -> String in
            guard let equals = pair.firstIndex(of: "=") else { return isKeyLike(String(pair)) ? "***" : String(pair) }
            let name = pair[..<equals]
            let value = pair[pair.index(after: equals)...]
            return isSecret(name: String(name), value: String(value)) ? "\(name)=***" : String(pair)
        }
        return path + "?" + parts.joined(separator: "&")
    }

    static func isSecret(name: String, value: String) -> Bool {
        let folded = (name.removingPercentEncoding ?? name).lowercased().filter { $0 != "-" && $0 != "_" }
        if secretNames.contains(folded) || folded.hasSuffix("token") || folded.hasSuffix("secret") || folded.hasSuffix("password") {
            return true
        }
        return isKeyLike(value)
    }

    /// One of our keys with its secret (`psl_3f9a1c2b_…`), percent-encoded or not; a key's public id alone
    /// (`psl_3f9a1c2b`, in `/api/v1/keys/{id}`) is no secret and stays readable.
    static func isKeyLike(_ text: String) -> Bool {
        let decoded = text.removingPercentEncoding ?? text
        return decoded.hasPrefix("psl_") && decoded.count > "psl_3f9a1c2b".count
    }
}
