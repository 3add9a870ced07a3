import NIOCore
import NIOHTTP1
import NIOPosix

/// An HTTP/1.1 client connection to a port on 127.0.0.1, shared by the load generator and the probe.
enum LoopbackHTTP {
    typealias Connection = NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>

    static func connect(port: Int) async throws -> Connection {
        try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(.seconds(2))
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    return try Connection(wrappingChannelSynchronously: channel)
                }
            }
    }

    /// A GET of `path` with the Host header loopback servers expect.
    static func get(_ path: String, close: Bool = false) -> HTTPRequestHead {
        var head = HTTPRequestHead(version: .http1_1, method: .GET, uri: path)
        head.headers.add(name: "Host", value: "127.0.0.1")
        if close { head.headers.add(name: "Connection", value: "close") }
        return head
    }
}
