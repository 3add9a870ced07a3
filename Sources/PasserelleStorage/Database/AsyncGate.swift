/// A first-come, first-served async mutex: it serialises the transactions of the one SQLite writer
/// connection. An actor alone is not enough because actors are re-entrant across `await`.
actor AsyncGate {
    private var isHeld = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    /// Runs `body` while holding the gate. Waiting is not cancellable: the body sees the cancellation instead.
    nonisolated func withGate<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        await acquire()
        do {
            let result = try await body()
            await release()
            return result
        } catch {
            await release()
            throw error
        }
    }

    private func acquire() async {
        guard isHeld else {
            isHeld = true
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    private func release() {
        if waiters.isEmpty {
            isHeld = false
        } else {
            // Ownership passes straight to the next waiter: the gate stays held.
            waiters.removeFirst().resume()
        }
    }
}
