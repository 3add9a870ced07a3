import Synchronization

/// Marks whether a `read {}` / `write {}` block is still running, so a transaction object that escaped its
/// block fails loudly instead of writing outside any transaction.
final class TransactionLease: Sendable {
    private let isOpen = Mutex(true)
    /// False for `read {}` blocks: their catalogue refuses writes even if cast to `CatalogueWriting`.
    let isWritable: Bool

    init(isWritable: Bool) {
        self.isWritable = isWritable
    }

    /// Throws once the block has ended.
    func check() throws {
        guard isOpen.withLock({ $0 }) else { throw StorageError.transactionEnded }
        try Task.checkCancellation()
    }

    /// Throws unless the block is still running and may write.
    func checkWritable() throws {
        try check()
        guard isWritable else { throw StorageError.readOnlyTransaction }
    }

    func end() {
        isOpen.withLock { $0 = false }
    }
}
