import Synchronization

/// The number of open connections, shared by every event loop of the server.
final class ConnectionCounter: Sendable {
    let maximum: Int
    private let open = Atomic<Int>(0)

    init(maximum: Int) { self.maximum = maximum }

    /// Takes a place if one is free.
    func tryAcquire() -> Bool {
        var current = open.load(ordering: .relaxed)
        while current < maximum {
            let (exchanged, original) = open.compareExchange(expected: current, desired: current + 1, ordering: .acquiringAndReleasing)
            if exchanged { return true }
            current = original
        }
        return false
    }

    func release() { open.subtract(1, ordering: .acquiringAndReleasing) }

    var count: Int { open.load(ordering: .relaxed) }
}
