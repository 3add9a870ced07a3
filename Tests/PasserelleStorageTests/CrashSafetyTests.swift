import Foundation
import PasserelleCore
import PasserelleStorage
import SQLKit
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// SQLite crash safety: a process killed with SIGKILL in the middle of a large write transaction leaves the
/// database consistent and without any of that transaction's rows. The child is this same test binary,
/// re-run with a filter that selects `childWritesUntilKilled` and an environment variable naming the database.
@Suite("SQLite crash safety")
struct CrashSafetyTests {
    static let childDatabaseVariable = "PASSERELLE_CRASH_CHILD_DB"
    static let childDatabase = ProcessInfo.processInfo.environment[childDatabaseVariable]
    /// Offers per save in the child; enough batches before the marker that pages spill into the WAL file.
    static let batchSize = 500
    static let batchesBeforeMarker = 12

    #if os(Linux)
    static let canSpawnTestBinary = true
    #else
    static let canSpawnTestBinary = false
    #endif

    @Test(
        .enabled(if: childDatabase == nil, "this process is the crash child"),
        .enabled(if: canSpawnTestBinary, "re-running the test binary as a child is set up for Linux only"))
    func killedWriterLeavesNoTrace() async throws {
        let executable = try #require(Self.testExecutable(), "cannot locate the test executable to run as a child")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("passerelle-crash-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("catalogue.sqlite").path
        let marker = path + ".marker"

        // Committed state before the crash: one institution, venue, work and 10 offers.
        let store = try await SQLStore.open(.sqliteFile(path), logger: TestDatabase.logger)
        try await store.migrate()
        try await store.write { tx async throws in
            try await Fixtures.seed(tx)
            try await tx.save((0..<10).map { Fixtures.offer("kept-\($0)") })
        }
        let committed = try await store.read { try await $0.counts() }
        try await store.shutdown()

        let child = Process()
        child.executableURL = URL(fileURLWithPath: executable)
        child.arguments = ["--testing-library", "swift-testing", "--filter", "childWritesUntilKilled"]
        var environment = ProcessInfo.processInfo.environment
        environment[Self.childDatabaseVariable] = path
        child.environment = environment
        let logPath = directory.appendingPathComponent("child.log").path
        try #require(FileManager.default.createFile(atPath: logPath, contents: nil))
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        child.standardOutput = log
        child.standardError = log
        try child.run()

        // Waiting for the child is bounded: two minutes, polled every 50 ms.
        var waited = 0
        while !FileManager.default.fileExists(atPath: marker) && child.isRunning && waited < 2_400 {
            try await Task.sleep(for: .milliseconds(50))
            waited += 1
        }
        let reachedMarker = FileManager.default.fileExists(atPath: marker)
        let walSize = (try? FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int) ?? 0
        kill(child.processIdentifier, SIGKILL)
        child.waitUntilExit()
        try log.close()
        let childLog = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
        try #require(reachedMarker, "the child never reached the middle of its write:\n\(childLog.suffix(2_000))")
        #expect(child.terminationReason == .uncaughtSignal && child.terminationStatus == SIGKILL)
        // The uncommitted transaction really reached the disk (WAL) before the kill.
        #expect(walSize > 1_000_000, "WAL size at kill time: \(walSize) bytes")

        let reopened = try await SQLStore.open(.sqliteFile(path), logger: TestDatabase.logger)
        try await reopened.migrate()
        let integrity = try await reopened.withTransaction { database in
            try await database.raw("PRAGMA integrity_check").all().map { try $0.decode(column: "integrity_check", as: String.self) }
        }
        #expect(integrity == ["ok"])
        let foreignKeyViolations = try await reopened.withTransaction { try await $0.raw("PRAGMA foreign_key_check").all().count }
        #expect(foreignKeyViolations == 0)
        #expect(try await reopened.read { try await $0.counts() } == committed)
        let leftovers = try await reopened.read { tx async throws in
            var query = OfferQuery()
            query.includeWithdrawn = true
            return try await tx.offers(query, page: PageRequest(page: 1, size: 100)).items.filter { !$0.id.rawValue.hasPrefix("kept-") }
        }
        #expect(leftovers.isEmpty)
        // The database still takes writes after recovery.
        try await reopened.write { try await $0.save(Fixtures.offer("after-crash")) }
        #expect(try await reopened.read { try await $0.counts().offers } == committed.offers + 1)
        try await reopened.shutdown()
    }

    /// The child side: one write transaction that keeps saving offers, drops a marker file midway, and never
    /// commits before the parent kills it. Skipped in normal runs.
    @Test(.enabled(if: childDatabase != nil, "runs only as the child process of killedWriterLeavesNoTrace"))
    func childWritesUntilKilled() async throws {
        let path = try #require(Self.childDatabase)
        let store = try await SQLStore.open(.sqliteFile(path), logger: TestDatabase.logger)
        try await store.write { tx async throws in
            // Bounded even if the parent disappears: 10 000 batches, then the test fails by committing nothing.
            for batch in 0..<10_000 {
                try await tx.save((0..<Self.batchSize).map { Fixtures.offer("crash-\(batch)-\($0)") })
                if batch == Self.batchesBeforeMarker {
                    try #require(FileManager.default.createFile(atPath: path + ".marker", contents: Data("\(batch)".utf8)))
                }
            }
            throw CoreError(.storage, "the crash child was never killed")
        }
    }

    static func testExecutable() -> String? {
        try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
    }
}
