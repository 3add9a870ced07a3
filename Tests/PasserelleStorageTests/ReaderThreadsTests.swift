import Foundation
import PasserelleCore
@testable import PasserelleStorage
import Testing

/// Reads on a SQLite file run on the readers' own threads, never on Swift's cooperative pool: a slow search must not
/// hold the threads every other request needs.
@Suite("SQLite reader threads")
struct ReaderThreadsTests {
    /// Whether the caller runs on a reader thread (a synchronous helper: `Thread.current` is not for async code).
    static func onReaderThread() -> Bool { ReaderThreads.isCurrentThreadAReader }

    @Test func readsOfAFileRunOnTheReaderThreads() async throws {
        try await TestDatabase.sqliteFile.withStore { store in
            let onReaders = try await withThrowingTaskGroup(of: Bool.self) { group in
                for _ in 0..<8 {
                    group.addTask { try await store.read { _ in Self.onReaderThread() } }
                }
                return try await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(onReaders == Array(repeating: true, count: 8))
            #expect(!Self.onReaderThread(), "back on the caller's executor afterwards")
            // Writes keep their own connection and its event loop.
            #expect(try await store.write { _ in Self.onReaderThread() } == false)
        }
    }

    @Test func theExecutorRunsEveryJobItIsGiven() async throws {
        let threads = ReaderThreads(count: 2, name: "test-reader")
        let onReaders = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<500 {
                group.addTask(executorPreference: threads) { Self.onReaderThread() }
            }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(onReaders.count == 500 && onReaders.allSatisfy { $0 })
    }
}
