import HummingbirdCore
import Logging
import NIOCore
import NIOHTTPTypes

/// Hummingbird's HTTP/1 channel with Passerelle's connection guard in front and its timeouts after the codec.
struct GuardedHTTP1Channel: HTTPChannelHandler {
    typealias Value = NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart>

    private let inner: HTTP1Channel
    private let counter: ConnectionCounter
    private let logger: Logger

    init(responder: @escaping Responder, limits: ConnectionLimits, logger: Logger) {
        self.counter = ConnectionCounter(maximum: limits.maximumConnections)
        self.logger = logger
        self.inner = HTTP1Channel(
            responder: responder,
            configuration: .init(additionalChannelHandlers: [RequestTimeoutHandler(limits: limits, logger: logger)])
        )
    }

    var responder: Responder { inner.responder }

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        do {
            try channel.pipeline.syncOperations.addHandler(ConnectionGuardHandler(counter: counter, logger: self.logger))
        } catch {
            return channel.eventLoop.makeFailedFuture(error)
        }
        return inner.setup(channel: channel, logger: logger)
    }

    func handle(value: Value, logger: Logger) async {
        await inner.handle(value: value, logger: logger)
    }
}

extension HTTPServerBuilder {
    /// HTTP/1 under `limits`: a connection cap (503 past it), a read timeout (408) and an idle timeout.
    static func guarded(_ limits: ConnectionLimits, logger: Logger) -> HTTPServerBuilder {
        HTTPServerBuilder { responder in GuardedHTTP1Channel(responder: responder, limits: limits, logger: logger) }
    }
}
