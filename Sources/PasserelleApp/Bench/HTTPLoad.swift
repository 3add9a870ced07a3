import NIOCore
import NIOHTTP1

/// A closed-loop HTTP/1.1 load generator for loopback benchmarks: `connections` keep-alive connections,
/// each sending the next request as soon as the previous answer ends, for a fixed duration.
public enum HTTPLoad {
    /// Throughput and latency percentiles of one run; only 200 answers count as successes.
    public struct Figures: Sendable, CustomStringConvertible {
        public let requests: Int
        public let failures: Int
        public let seconds: Double
        public let p50Milliseconds: Double
        public let p99Milliseconds: Double

        public var requestsPerSecond: Double { Double(requests) / seconds }

        public var description: String {
            "\(Int(requestsPerSecond.rounded())) req/s, p50 \(format(p50Milliseconds)) ms, p99 \(format(p99Milliseconds)) ms, \(requests) ok, \(failures) failed"
        }
    }

    /// The bounds of a run, explicit so that a benchmark always stops by itself.
    public static let maximumConnections = 256
    public static let maximumSeconds = 120.0

    /// Loads `127.0.0.1:port` with GETs of `paths` (taken in turn) and returns the figures.
    public static func run(port: Int, paths: [String], connections: Int, seconds: Double) async throws -> Figures {
        guard !paths.isEmpty, (1...maximumConnections).contains(connections), seconds > 0, seconds <= maximumSeconds else {
            throw HTTPProbe.Failure(
                description: "a load run needs at least one path, 1–\(maximumConnections) connections and 0–\(Int(maximumSeconds)) s"
            )
        }
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        let start = ContinuousClock.now
        let perConnection = try await withThrowingTaskGroup(of: ([Double], Int).self) { group in
            for index in 0..<connections {
                group.addTask { try await connectionLoop(port: port, paths: paths, offset: index, until: deadline) }
            }
            var all: [([Double], Int)] = []
            for try await result in group { all.append(result) }
            return all
        }
        let elapsed = ContinuousClock.now - start
        let latencies = perConnection.flatMap(\.0).sorted()
        return Figures(
            requests: latencies.count, failures: perConnection.reduce(0) { $0 + $1.1 },
            seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18,
            p50Milliseconds: percentile(latencies, 0.50), p99Milliseconds: percentile(latencies, 0.99)
        )
    }

    private static func connectionLoop(port: Int, paths: [String], offset: Int, until deadline: ContinuousClock.Instant) async throws -> ([Double], Int) {
        let channel = try await LoopbackHTTP.connect(port: port)
        var latencies: [Double] = []
        var failures = 0
        try await channel.executeThenClose { inbound, outbound in
            var responses = inbound.makeAsyncIterator()
            var index = offset
            while ContinuousClock.now < deadline {
                let path = paths[index % paths.count]
                index += 1
                let sent = ContinuousClock.now
                try await outbound.write(.head(LoopbackHTTP.get(path)))
                try await outbound.write(.end(nil))
                var status: HTTPResponseStatus?
                reading: while let part = try await responses.next() {
                    switch part {
                    case .head(let response): status = response.status
                    case .body: continue
                    case .end: break reading
                    }
                }
                let took = ContinuousClock.now - sent
                if status == .ok {
                    latencies.append(Double(took.components.attoseconds) / 1e15 + Double(took.components.seconds) * 1000)
                } else {
                    failures += 1
                }
            }
        }
        return (latencies, failures)
    }

    private static func percentile(_ sorted: [Double], _ fraction: Double) -> Double {
        guard !sorted.isEmpty else { return .nan }
        return sorted[min(sorted.count - 1, Int((Double(sorted.count) * fraction).rounded(.up)) - 1)]
    }
}

func format(_ value: Double, digits: Int = 2) -> String {
    guard value.isFinite else { return "n/a" }
    var text = String(Int((value * pow10(digits)).rounded()))
    while text.count <= digits { text = "0" + text }
    return digits == 0 ? text : String(text.dropLast(digits)) + "." + String(text.suffix(digits))
}

private func pow10(_ digits: Int) -> Double { (0..<digits).reduce(1.0) { value, _ in value * 10 } }
