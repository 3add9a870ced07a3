/// Keeps the benchmark's servers: their tasks, and the port each one listens on once it is up.
actor Ports {
    static let shared = Ports()

    private var ports: [String: Int] = [:]
    private var waiters: [String: [CheckedContinuation<Int, Never>]] = [:]
    private var tasks: [Task<Void, Never>] = []

    func start(_ name: String, _ body: @escaping @Sendable () async throws -> Void) {
        // A server runs until the benchmark cancels it; its task is owned here and cancelled in `stopAll`.
        tasks.append(Task { try? await body() })
    }

    nonisolated func report(_ name: String, _ port: Int) {
        Task { await self.set(name, port) }
    }

    private func set(_ name: String, _ port: Int) {
        ports[name] = port
        for waiter in waiters.removeValue(forKey: name) ?? [] { waiter.resume(returning: port) }
    }

    func port(_ name: String) async -> Int {
        if let port = ports[name] { return port }
        return await withCheckedContinuation { waiters[name, default: []].append($0) }
    }

    func stopAll() async {
        for task in tasks { task.cancel() }
        for task in tasks { await task.value }
        tasks = []
        ports = [:]
    }
}
