import Hummingbird
import NIOCore
import Prometheus

/// Liveness, readiness, metrics and the OpenAPI document.
struct OperationalRoutes {
    let ready: @Sendable () async -> Bool
    let prometheus: PrometheusCollectorRegistry

    func register(_ routes: RouteRegistrar<PasserelleRequestContext>) {
        routes.get("/health") { _, _ in try JSONResponse.make(["status": "ok"]) }
        routes.get("/ready") { _, _ in
            await ready()
                ? try JSONResponse.make(["status": "ready"])
                : try JSONResponse.make(["status": "unavailable"], status: .serviceUnavailable)
        }
        routes.get("/metrics") { _, _ in
            let bytes = prometheus.emitToBuffer()
            return Response(
                status: .ok,
                headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8", .contentLength: String(bytes.count)],
                body: .init(byteBuffer: ByteBuffer(bytes: bytes))
            )
        }
        routes.get("/openapi.json") { _, _ in
            let data = OpenAPIDocument.data
            return Response(
                status: .ok,
                headers: [.contentType: "application/json; charset=utf-8", .contentLength: String(data.count)],
                body: .init(byteBuffer: ByteBuffer(bytes: data))
            )
        }
    }
}
