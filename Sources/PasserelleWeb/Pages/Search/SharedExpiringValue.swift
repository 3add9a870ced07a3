/// A value computed at most once per `lifetime`, concurrent requests sharing one computation: the home page's
/// category counts and its "coming up" list. A minute old is fine on a home page; several searches per request are
/// not, at a million offers.
actor SharedExpiringValue<Value: Sendable> {
    private let lifetime: Duration
    private var kept: (value: Value, at: ContinuousClock.Instant)?
    private var running: Task<Value, any Error>?

    init(lifetime: Duration) {
        self.lifetime = lifetime
    }

    func value(_ compute: @escaping @Sendable () async throws -> Value) async throws -> Value {
        if let kept, ContinuousClock.now - kept.at < lifetime { return kept.value }
        if let running { return try await running.value }
        let task = Task { try await compute() }
        running = task
        defer { running = nil }
        let value = try await task.value
        kept = (value, ContinuousClock.now)
        return value
    }
}
