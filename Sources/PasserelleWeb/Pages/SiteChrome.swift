import Hummingbird

/// What the frame of every page depends on besides the request: whether this server offers the culture pass (a
/// store, a policy and shared rate limits). Set per request by `SiteChromeMiddleware`, so that the navigation never
/// links to a pass page that would only answer 503.
enum SiteChrome {
    @TaskLocal static var passOffered = false
    /// Whether the professional area (venue desks, class bookings) is served too.
    @TaskLocal static var proOffered = false
}

/// Sets `SiteChrome` for the requests of one server (several servers run side by side in the tests).
struct SiteChromeMiddleware<Context: RequestContext>: RouterMiddleware {
    let passOffered: Bool
    let proOffered: Bool

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        try await SiteChrome.$passOffered.withValue(passOffered) {
            try await SiteChrome.$proOffered.withValue(proOffered) { try await next(request, context) }
        }
    }
}
