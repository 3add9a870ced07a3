import NIOCore
import NIOHTTP1

/// One GET on loopback, for start-up probes and for copying a response body into a baseline.
public enum HTTPProbe {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// The status of `GET path`, or nil when nothing listens yet.
    public static func status(port: Int, path: String) async -> Int? {
        try? await fetch(port: port, path: path).status
    }

    /// The body of `GET path`; throws unless the status is 200.
    public static func body(port: Int, path: String) async throws -> [UInt8] {
        let (status, body) = try await fetch(port: port, path: path)
        guard status == 200 else { throw Failure(description: "GET \(path) answered \(status)") }
        return body
    }

    static func fetch(port: Int, path: String) async throws -> (status: Int, body: [UInt8]) {
        let channel = try await LoopbackHTTP.connect(port: port)
        return try await channel.executeThenClose { inbound, outbound in
            try await outbound.write(.head(LoopbackHTTP.get(path, close: true)))
            try await outbound.write(.end(nil))
            var status = 0
            var body: [UInt8] = []
            for try await part in inbound {
                switch part {
                case .head(let response): status = Int(response.status.code)
                case .body(var buffer): body += buffer.readBytes(length: buffer.readableBytes) ?? []
                case .end: return (status, body)
                }
            }
            return (status, body)
        }
    }
}
