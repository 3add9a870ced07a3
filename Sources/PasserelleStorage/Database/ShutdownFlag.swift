import Synchronization

/// A one-way switch a backend flips when it shuts down.
final class ShutdownFlag: Sendable {
    private let isSet = Mutex(false)

    /// Throws `StorageError.shutDown` once the flag is set.
    func check() throws {
        if isSet.withLock({ $0 }) { throw StorageError.shutDown }
    }

    /// Sets the flag; returns false if it was already set.
    func set() -> Bool {
        isSet.withLock { value in
            defer { value = true }
            return !value
        }
    }
}
