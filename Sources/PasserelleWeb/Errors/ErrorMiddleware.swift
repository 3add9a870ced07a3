import Foundation
import Hummingbird
import HTTPTypes
import Logging
import NIOCore
import PasserelleCore

/// Turns every error into a response: `application/problem+json` under `/api` (and for the operational
/// endpoints), an HTML page elsewhere. Bad input never becomes a 500; a 500 is logged with its cause and
/// answered without internal details.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    let routes: RouteTable

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            // The router marks requests no route matched; only those can be 405 (a handler's 404 stays 404).
            let unrouted = context.endpointPath == nil || context.endpointPath == "NotFound"
            var problem = problem(for: error, request: request, unrouted: unrouted)
            var headers = HTTPFields()
            if let unauthenticated = error as? Unauthenticated {
                headers[.wwwAuthenticate] = unauthenticated.challenge
                problem.detail = unauthenticated.reason
            }
            if problem.status == 405 {
                headers[.allow] = routes.methods(matching: request.uri.path).joined(separator: ", ")
            }
            if problem.status == 503 { headers[.retryAfter] = "1" }
            if let limited = error as? RateLimited { headers[.retryAfter] = String(limited.retryAfterSeconds) }
            if problem.status >= 500 {
                context.logger.error("request failed", metadata: ["error": .string(String(describing: error))])
            }
            problem.instance = request.uri.path
            if Self.wantsHTML(request) {
                return Pages.errorPage(problem: problem, request: request, headers: headers)
            }
            return Self.response(problem, headers: headers)
        }
    }

    /// API clients and operational probes get JSON; people browsing the site get a page.
    static func wantsHTML(_ request: Request) -> Bool {
        let path = request.uri.path
        let machinePaths = ["/api/", "/health", "/ready", "/metrics", "/openapi.json"]
        return !(path == "/api" || machinePaths.contains { path.hasPrefix($0) })
    }

    static func response(_ problem: Problem, headers: HTTPFields = [:]) -> Response {
        let data = (try? JSONCoding.encoder.encode(problem)) ?? Data(#"{"title":"Internal Server Error","status":500}"#.utf8)
        var headers = headers
        headers[.contentType] = "application/problem+json"
        headers[.contentLength] = String(data.count)
        let status = HTTPResponse.Status(code: problem.status)
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    private func problem(for error: any Error, request: Request, unrouted: Bool) -> Problem {
        switch error {
        case let problem as Problem:
            return problem
        case let error as CoreError:
            return ProblemMapping.problem(for: error)
        case is Unauthenticated:
            return Problem(.unauthorized, code: "unauthenticated", detail: "An API key is required.")
        case let limited as RateLimited:
            return Problem(.tooManyRequests, code: "rate-limited",
                           detail: "Too many attempts (at most \(limited.limit.limit) per \(limited.limit.window) s); try again in \(limited.retryAfterSeconds) s.")
        case let error as DecodingError:
            return Problem.badRequest(JSONCoding.describe(error), errors: [JSONCoding.issue(error)])
        case let error as FieldDecodingError:
            return Problem.badRequest("Field `\(error.field)` \(error.message).", errors: [error.issue])
        case let error as any HTTPResponseError:
            return problem(forStatus: error.status, error: error, request: request, unrouted: unrouted)
        default:
            return Problem(.internalServerError, detail: "The server could not complete the request.")
        }
    }

    private func problem(forStatus status: HTTPResponse.Status, error: any Error, request: Request, unrouted: Bool) -> Problem {
        switch status {
        case .notFound:
            let allowed = unrouted ? routes.methods(matching: request.uri.path) : []
            if !allowed.isEmpty {
                return Problem(
                    .methodNotAllowed, code: "method-not-allowed",
                    detail: "\(request.method.rawValue) is not allowed here; allowed: \(allowed.joined(separator: ", "))."
                )
            }
            return Problem(.notFound, code: "not-found", detail: "There is nothing at \(request.uri.path).")
        case .contentTooLarge:
            return Problem(.contentTooLarge, code: "body-too-large", detail: "The request body is larger than this endpoint accepts.")
        default:
            let message = (error as? HTTPError)?.body ?? status.reasonPhrase
            return Problem(status, detail: message)
        }
    }
}
