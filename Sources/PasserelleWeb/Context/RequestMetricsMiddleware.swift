import Dispatch
import HTTPTypes
import Hummingbird
import Metrics
import Synchronization

/// Hummingbird's `MetricsMiddleware`, with the same metric names, but without its leaks.
///
/// Hummingbird records a request as finished in a closure run after the response body is written. A HEAD
/// response has its body dropped by the server, and a client that disconnects first makes the head write fail, so
/// in both cases that closure never ran and `http_server_active_requests` rose by one for good (monitors probe with
/// HEAD every few seconds). Here a request is finished when its handler returns or throws: every response body of
/// this service is already in memory by then, so the duration still covers the work, and nothing can skip it.
struct RequestMetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    private let cache: MetricsCache

    /// Records into `factory` (the registry `/metrics` renders), not a process-wide default.
    init(factory: any MetricsFactory) { cache = MetricsCache(factory: factory) }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let started = DispatchTime.now().uptimeNanoseconds
        let active = cache.activeRequests(request.method)
        active.increment()
        defer { active.decrement() }
        func record(_ route: String, _ status: HTTPResponse.Status, failed: Bool) {
            let metrics = cache.endpoint(route: route, method: request.method, status: status)
            metrics.requests.increment()
            if failed { metrics.errors.increment() }
            metrics.duration.recordNanoseconds(DispatchTime.now().uptimeNanoseconds - started)
        }
        do {
            let response = try await next(request, context)
            record(context.endpointPath ?? "Unknown", response.status, failed: false)
            return response
        } catch {
            record(context.endpointPath ?? "NotFound", (error as? any HTTPResponseError)?.status ?? .internalServerError, failed: true)
            throw error
        }
    }
}

/// The metric objects by method and by route, built once each (a factory lookup per request costs a lock).
private final class MetricsCache: Sendable {
    struct Endpoint: Sendable {
        let requests: Counter
        let duration: Metrics.Timer
        let errors: Counter
    }

    private struct EndpointKey: Hashable {
        let route: String
        let method: HTTPRequest.Method
        let status: Int
    }

    private let factory: any MetricsFactory
    private let meters = Mutex<[HTTPRequest.Method: Meter]>([:])
    private let endpoints = Mutex<[EndpointKey: Endpoint]>([:])

    init(factory: any MetricsFactory) { self.factory = factory }

    func activeRequests(_ method: HTTPRequest.Method) -> Meter {
        meters.withLock { meters in
            if let meter = meters[method] { return meter }
            let meter = Meter(label: "http.server.active_requests", dimensions: [("http.request.method", method.rawValue)], factory: factory)
            meters[method] = meter
            return meter
        }
    }

    func endpoint(route: String, method: HTTPRequest.Method, status: HTTPResponse.Status) -> Endpoint {
        let key = EndpointKey(route: route, method: method, status: status.code)
        return endpoints.withLock { endpoints in
            if let endpoint = endpoints[key] { return endpoint }
            let dimensions = [
                ("http.route", route), ("http.request.method", method.rawValue), ("http.response.status_code", String(status.code)),
            ]
            let endpoint = Endpoint(
                requests: Counter(label: "hb.requests", dimensions: dimensions, factory: factory),
                duration: Metrics.Timer(label: "http.server.request.duration", dimensions: dimensions, preferredDisplayUnit: .seconds, factory: factory),
                errors: Counter(
                    label: "hb.request.errors",
                    dimensions: [("http.route", route), ("http.request.method", method.rawValue), ("error.type", String(status.code))],
                    factory: factory
                )
            )
            endpoints[key] = endpoint
            return endpoint
        }
    }
}
