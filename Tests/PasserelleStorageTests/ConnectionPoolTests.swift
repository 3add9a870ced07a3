import Synchronization
@testable import PasserelleStorage
import Testing

/// The pool behind PostgreSQL and the SQLite readers: bounded, fair, and never reusing a broken connection.
@Suite("Connection pool")
struct ConnectionPoolTests {
    /// Counts opened, closed and simultaneously leased connections.
    final class Ledger: Sendable {
        struct State {
            var opened = 0, closed = 0, leased = 0, maximumLeased = 0
        }
        let state = Mutex(State())
        func update(_ change: (inout State) -> Void) {
            state.withLock { (value: inout State) in change(&value) }
        }
        var snapshot: State { state.withLock { $0 } }
    }

    struct FakeConnection: PooledConnection {
        let id: Int
        let ledger: Ledger
        var isUsable: Bool { true }
        func close() async { ledger.update { $0.closed += 1 } }
    }

    func makePool(capacity: Int, ledger: Ledger) -> ConnectionPool<FakeConnection> {
        ConnectionPool(capacity: capacity) {
            var id = 0
            ledger.update { $0.opened += 1; id = $0.opened }
            return FakeConnection(id: id, ledger: ledger)
        }
    }

    @Test func neverOpensMoreThanItsCapacity() async throws {
        let ledger = Ledger()
        let pool = makePool(capacity: 2, ledger: ledger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<20 {
                group.addTask {
                    try await pool.withConnection { _ in
                        ledger.update { $0.leased += 1; $0.maximumLeased = max($0.maximumLeased, $0.leased) }
                        await Task.yield()
                        ledger.update { $0.leased -= 1 }
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(ledger.snapshot.opened <= 2)
        #expect(ledger.snapshot.maximumLeased <= 2)
        await pool.shutdown()
        #expect(ledger.snapshot.closed == ledger.snapshot.opened)
    }

    @Test func aConnectionWhoseRollbackFailedIsReplaced() async throws {
        struct Original: Error {}
        let ledger = Ledger()
        let pool = makePool(capacity: 1, ledger: ledger)
        let first = try await pool.withConnection { $0.id }
        await #expect(throws: Original.self) {
            try await pool.withConnection { _ in throw RollbackFailed(original: Original()) }
        }
        #expect(ledger.snapshot.closed == 1)
        let next = try await pool.withConnection { $0.id }
        #expect(next != first)
        // An ordinary error keeps the connection.
        await #expect(throws: Original.self) { try await pool.withConnection { _ in throw Original() } }
        #expect(try await pool.withConnection { $0.id } == next)
        await pool.shutdown()
        await #expect(throws: StorageError.shutDown) { try await pool.withConnection { $0.id } }
    }
}
