/// The home page's category counts, computed at most once per `lifetime` (concurrent requests share one
/// computation). Counts a minute old are fine on a home page; a count per request is not, at a million offers.
actor CategoryCountsCache {
    private let lifetime: Duration
    private var kept: (value: [String: Int], at: ContinuousClock.Instant)?
    private var running: Task<[String: Int], any Error>?

    init(lifetime: Duration) {
        self.lifetime = lifetime
    }

    func value(_ compute: @escaping @Sendable () async throws -> [String: Int]) async throws -> [String: Int] {
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
