import PasserelleCore

/// A database connection the pool can hand out and close.
protocol PooledConnection: Sendable {
    /// False once the connection broke (e.g. the server closed it); the pool then drops it.
    var isUsable: Bool { get }
    func close() async
}


/// A bounded pool of connections opened on demand. Every limit is explicit: at most `capacity` connections,
/// callers beyond that wait in arrival order.
actor ConnectionPool<Connection: PooledConnection> {
    private let capacity: Int
    private let factory: @Sendable () async throws -> Connection
    private var idle: [Connection] = []
    private var openCount = 0
    private var waiters: [CheckedContinuation<Connection?, Never>] = []
    private var isShutDown = false

    init(capacity: Int, factory: @escaping @Sendable () async throws -> Connection) {
        precondition(capacity >= 1, "a pool needs at least one connection")
        self.capacity = capacity
        self.factory = factory
    }

    /// Runs `body` with a connection leased for its whole duration.
    nonisolated func withConnection<T: Sendable>(_ body: (Connection) async throws -> T) async throws -> T {
        let connection = try await lease()
        do {
            let result = try await body(connection)
            await giveBack(connection)
            return result
        } catch let failure as RollbackFailed {
            await giveBack(connection, broken: true)
            throw failure.original
        } catch {
            await giveBack(connection)
            throw error
        }
    }

    private func lease() async throws -> Connection {
        guard !isShutDown else { throw StorageError.shutDown }
        if let connection = idle.popLast() { return connection }
        if openCount < capacity {
            openCount += 1
            do {
                return try await factory()
            } catch {
                openCount -= 1
                // The server is down or refusing: the caller gets `storageUnavailable` (503), at once.
                throw mapDatabaseError(error)
            }
        }
        let handedOver = await withCheckedContinuation { waiters.append($0) }
        guard let handedOver else {
            if isShutDown { throw StorageError.shutDown }
            throw CoreError(.storageUnavailable, "the database cannot be reached: no connection could be opened")
        }
        return handedOver
    }

    private func giveBack(_ connection: Connection, broken: Bool = false) async {
        guard !broken, connection.isUsable, !isShutDown else {
            openCount -= 1
            await connection.close()
            if !isShutDown, !waiters.isEmpty, openCount < capacity {
                // A waiter was counting on this slot: open a replacement for it.
                openCount += 1
                let waiter = waiters.removeFirst()
                do { waiter.resume(returning: try await factory()) } catch {
                    openCount -= 1
                    waiter.resume(returning: nil)
                }
            }
            return
        }
        if waiters.isEmpty {
            idle.append(connection)
        } else {
            waiters.removeFirst().resume(returning: connection)
        }
    }

    /// Closes idle connections and refuses new leases; leased connections close when given back.
    func shutdown() async {
        isShutDown = true
        for waiter in waiters { waiter.resume(returning: nil) }
        waiters.removeAll()
        let closing = idle
        idle.removeAll()
        openCount -= closing.count
        for connection in closing { await connection.close() }
    }
}
