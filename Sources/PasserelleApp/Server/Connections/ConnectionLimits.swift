/// The limits every HTTP connection lives under, explicit and in one place.
///
/// Without them a client that sends one header byte per second, or opens a socket and sends nothing, held a
/// connection for ever, and 20 000 idle sockets cost about 155 MB that was never given back.
public struct ConnectionLimits: Sendable, Hashable {
    /// Most connections open at once; one more is answered 503 and closed (`PASSERELLE_MAX_CONNECTIONS`).
    public var maximumConnections: Int
    /// Time allowed to receive a request's head once its first byte has arrived, and between two parts of its
    /// body; past it the request is answered 408 and the connection closed (`PASSERELLE_READ_TIMEOUT`, seconds).
    public var readTimeout: Duration
    /// Time a connection may wait for its next request without sending a byte; then it is closed quietly, as
    /// keep-alive allows (`PASSERELLE_IDLE_TIMEOUT`, seconds).
    public var idleTimeout: Duration

    /// The documented defaults: 1 024 connections, a 30 s read timeout, a 60 s idle timeout.
    public init(maximumConnections: Int = 1_024, readTimeout: Duration = .seconds(30), idleTimeout: Duration = .seconds(60)) {
        self.maximumConnections = maximumConnections
        self.readTimeout = readTimeout
        self.idleTimeout = idleTimeout
    }

    /// The documented defaults.
    public static let standard = ConnectionLimits()

    /// How often a connection's deadlines are checked: a quarter of the shorter timeout, within 50 ms … 5 s,
    /// so a timeout fires at most a quarter late.
    var checkInterval: Duration {
        let quarter = min(readTimeout, idleTimeout) / 4
        return min(max(quarter, .milliseconds(50)), .seconds(5))
    }
}
