import Logging
import Metrics
import NIOCore

/// The first handler of every connection, on raw bytes: it admits the connection under
/// `ConnectionLimits.maximumConnections` (one more gets a 503 and is closed at once, so a flood of sockets
/// costs no more than the cap), and notes when the first byte of a request not yet decoded arrived, for
/// `RequestTimeoutHandler` to tell a slow client (408) from an idle one (closed quietly).
final class ConnectionGuardHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let counter: ConnectionCounter
    private let logger: Logger
    private var admitted = false
    private var rejected = false
    /// When the first byte arrived since `RequestTimeoutHandler` last started waiting for a request.
    private(set) var firstPendingByte: NIODeadline?

    init(counter: ConnectionCounter, logger: Logger) {
        self.counter = counter
        self.logger = logger
    }

    /// Called when the server starts waiting for the next request: bytes from now on belong to it.
    func startWaiting() { firstPendingByte = nil }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { admit(context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        admit(context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        leave()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) { leave() }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !rejected else { return }
        if firstPendingByte == nil { firstPendingByte = .now() }
        context.fireChannelRead(data)
    }

    private func admit(_ context: ChannelHandlerContext) {
        guard !admitted, !rejected else { return }
        if counter.tryAcquire() {
            admitted = true
            return
        }
        rejected = true
        Counter(label: "passerelle_connections_rejected_total").increment()
        logger.warning("connection refused: the server holds its maximum of \(counter.maximum) connections")
        let body = #"{"type":"urn:passerelle:problem:too-many-connections","title":"Service Unavailable","status":503,"detail":"The server holds its maximum number of connections; retry shortly.","errors":[]}"#
        let head = "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/problem+json\r\nContent-Length: \(body.utf8.count)\r\nRetry-After: 1\r\nConnection: close\r\n\r\n"
        let buffer = context.channel.allocator.buffer(string: head + body)
        context.writeAndFlush(wrapOutboundOut(buffer)).whenComplete { [channel = context.channel] _ in channel.close(promise: nil) }
    }

    private func leave() {
        if admitted {
            admitted = false
            counter.release()
        }
    }
}
