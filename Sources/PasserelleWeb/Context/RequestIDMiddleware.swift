import Hummingbird
import HTTPTypes
import Logging

/// Gives every request an id: in the logger metadata (`request_id`) and echoed in `X-Request-ID`,
/// so a user's error report can be matched to the logs. The id is always generated here, never taken
/// from the client, so a client cannot inject text into the logs.
struct RequestIDMiddleware<Context: RequestContext>: RouterMiddleware {
    static var headerName: HTTPField.Name { HTTPField.Name("X-Request-ID")! }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let id = RequestID().description
        var context = context
        context.logger[metadataKey: "request_id"] = .string(id)
        var response = try await next(request, context)
        response.headers[Self.headerName] = id
        return response
    }
}
