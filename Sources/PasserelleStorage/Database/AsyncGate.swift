/// A first-come, first-served async mutex: it serialises the transactions of the one SQLite writer
/// connection. An actor alone is not enough because actors are re-entrant across `await`.
actor AsyncGate {
    /// The gates the current task (and its child tasks) hold: waiting again on one of them would wait forever.
    @TaskLocal private static var held: Set<ObjectIdentifier> = []

    private var isHeld = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    /// Runs `body` while holding the gate. Waiting is not cancellable: the body sees the cancellation instead.
    /// A nested use from inside the body fails at once with `StorageError.nestedTransaction` instead of deadlocking.
    nonisolated func withGate<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        let id = ObjectIdentifier(self)
        guard !Self.held.contains(id) else { throw StorageError.nestedTransaction }
        await acquire()
        do {
            let result = try await Self.$held.withValue(Self.held.union([id])) { try await body() }
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
