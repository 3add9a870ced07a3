import Foundation
import HTTPTypes
import Logging
import Metrics
import NIOCore
import NIOHTTPTypes

/// Enforces `ConnectionLimits.readTimeout` and `idleTimeout` on decoded HTTP parts.
///
/// - Waiting for a request with no byte received: closed quietly after `idleTimeout` (keep-alive allows it).
/// - A request begun but its head not complete, or its body stalled between two parts: answered
///   `408 Request Timeout` (problem+json, `Connection: close`) after `readTimeout`, then closed; the route still
///   reading that body gets an error, never a truncated body.
/// - While the application works on a request it has fully read, no clock runs: slow work is not the client's fault.
///   But a client that stops reading its response (the socket stays unwritable) is closed after `readTimeout`, or
///   a thousand such clients would hold every place for ever.
/// - A 408 is written only when no response has begun on the connection for the stalled request or an earlier
///   one; otherwise the connection is closed without a word, never with a 408 inside or after another answer.
final class RequestTimeoutHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    /// Raised into the pipeline so that a route reading a stalled body fails instead of seeing its end.
    struct RequestTimedOut: Error {}

    private let limits: ConnectionLimits
    private let logger: Logger
    private var connectionGuard: ConnectionGuardHandler?
    private var waitingSince = NIODeadline.now()
    private var lastPartRead = NIODeadline.now()
    /// A request head was read and its end not yet.
    private var readingRequest = false
    /// Requests whose head was read and whose response has not ended.
    private var pendingRequests = 0
    private var timedOut = false
    /// Since when the socket refuses more output (the client is not reading); nil while writable.
    private var unwritableSince: NIODeadline?
    /// A response head was written and its end not yet.
    private var responding = false
    /// The request being read was already answered (a 401 or 413 before its body was read).
    private var answeredWhileReading = false
    private var check: Scheduled<Void>?

    init(limits: ConnectionLimits, logger: Logger) {
        self.limits = limits
        self.logger = logger
    }

    func handlerAdded(context: ChannelHandlerContext) {
        connectionGuard = try? context.pipeline.syncOperations.handler(type: ConnectionGuardHandler.self)
        startWaiting()
        scheduleCheck(context)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        check?.cancel()
        check = nil
    }

    func channelInactive(context: ChannelHandlerContext) {
        check?.cancel()
        check = nil
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !timedOut else { return }
        lastPartRead = .now()
        switch unwrapInboundIn(data) {
        case .head:
            readingRequest = true
            answeredWhileReading = false
            pendingRequests += 1
        case .body:
            break
        case .end:
            readingRequest = false
            // Answered before its body was read (a 401, a 413): the wait for the next request starts now.
            if pendingRequests == 0 { startWaiting() }
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        guard !timedOut else {
            promise?.fail(ChannelError.ioOnClosedChannel)
            return
        }
        switch unwrapOutboundIn(data) {
        case .head:
            responding = true
            if readingRequest && pendingRequests == 1 { answeredWhileReading = true }
        case .body:
            break
        case .end:
            responding = false
            pendingRequests = max(0, pendingRequests - 1)
            if pendingRequests == 0 && !readingRequest { startWaiting() }
        }
        context.write(data, promise: promise)
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        unwritableSince = context.channel.isWritable ? nil : (unwritableSince ?? .now())
        context.fireChannelWritabilityChanged()
    }

    private func startWaiting() {
        waitingSince = .now()
        connectionGuard?.startWaiting()
    }

    /// When the connection must be acted on, and whether that is a 408 (a request was under way) or a quiet close.
    private func deadline() -> (at: NIODeadline, requestUnderWay: Bool)? {
        if let since = unwritableSince { return (since + .init(limits.readTimeout), false) }
        if readingRequest { return (lastPartRead + .init(limits.readTimeout), true) }
        if pendingRequests > 0 { return nil }
        if let first = connectionGuard?.firstPendingByte { return (first + .init(limits.readTimeout), true) }
        return (waitingSince + .init(limits.idleTimeout), false)
    }

    private func scheduleCheck(_ context: ChannelHandlerContext) {
        let loop = context.eventLoop.assumeIsolatedUnsafeUnchecked()
        check = loop.scheduleTask(in: .init(limits.checkInterval)) { [self] in
            check = nil
            guard context.channel.isActive, !timedOut else { return }
            if let due = deadline(), due.at <= .now() {
                expire(context, requestUnderWay: due.requestUnderWay)
            } else {
                scheduleCheck(context)
            }
        }
    }

    private func expire(_ context: ChannelHandlerContext, requestUnderWay: Bool) {
        timedOut = true
        // First, so that a route still reading the body fails with this error instead of seeing the stream end as if
        // the body were complete (closing ends the stream at once, and a later error would be dropped).
        if pendingRequests > 0 { context.fireErrorCaught(RequestTimedOut()) }
        // Another answer has begun (an earlier pipelined request, or this one answered early): a 408 would land in
        // or after it, so the connection is closed without one.
        let mayAnswer = requestUnderWay && !responding && !answeredWhileReading && pendingRequests <= (readingRequest ? 1 : 0)
        guard mayAnswer else {
            context.close(promise: nil)
            return
        }
        Counter(label: "passerelle_request_timeouts_total").increment()
        logger.info("request timed out: no complete request head or body part within the read timeout; answered 408")
        let body = #"{"type":"urn:passerelle:problem:request-timeout","title":"Request Timeout","status":408,"detail":"The request was not received in time; the connection is closed.","errors":[]}"#
        var head = HTTPResponse(status: .requestTimeout)
        head.headerFields[.contentType] = "application/problem+json"
        head.headerFields[.contentLength] = String(body.utf8.count)
        head.headerFields[.connection] = "close"
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.body(context.channel.allocator.buffer(string: body))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { [channel = context.channel] _ in channel.close(promise: nil) }
    }
}
