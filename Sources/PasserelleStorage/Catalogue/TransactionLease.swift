import Synchronization

/// Marks whether a `read {}` / `write {}` block is still running, so a transaction object that escaped its
/// block fails loudly instead of writing outside any transaction.
final class TransactionLease: Sendable {
    private let isOpen = Mutex(true)

    /// Throws once the block has ended.
    func check() throws {
        guard isOpen.withLock({ $0 }) else { throw StorageError.transactionEnded }
        try Task.checkCancellation()
    }

    func end() {
        isOpen.withLock { $0 = false }
    }
}
