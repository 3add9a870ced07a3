import Foundation
import PasserelleCore
import PasserellePrivacy
import PasserelleStorage
import Testing

/// The privacy ledger persisted through `SQLPrivacyLedgerStore`: refusal of overspending, exactly one winner
/// when releases race for the last budget, and state that survives a restart.
enum PrivacyLedgerChecks {
    static let key = try! LedgerKey(source: "web-audience/site-1", period: "2026-11")

    static func overspendIsRefusedAndNotComputed(_ store: SQLStore) async throws {
        let ledgers = SQLPrivacyLedgerStore(store: store)
        _ = try await ledgers.open(key, budget: try PrivacyBudget(epsilon: 1, delta: 1e-7))
        let ledger = PrivacyLedger(store: ledgers)
        var computed = 0
        guard case .released = try await ledger.release(key, loss: .zCDP(rho: 0.015), label: "daily visits", compute: { computed += 1 }) else {
            Issue.record("ρ = 0.015 (ε ≈ 0.8546) fits in ε = 1")
            return
        }
        let second = try await ledger.release(key, loss: .zCDP(rho: 0.015), label: "again", compute: { computed += 1 })
        guard case .refused = second else {
            Issue.record("a second ρ = 0.015 (ε ≈ 1.25) must be refused")
            return
        }
        #expect(computed == 1)
        let state = try #require(try await ledgers.state(of: key))
        #expect(state.entries.map(\.loss) == [.zCDP(rho: 0.015)])
        #expect(state.budget == (try PrivacyBudget(epsilon: 1, delta: 1e-7)))
        await #expect(throws: PrivacyError.self) {
            _ = try await ledger.release(key, loss: .pure(epsilon: .nan), label: "nan", compute: { 0 })
        }
    }

    static func racingReleasesHaveExactlyOneWinner(_ stores: [SQLStore]) async throws {
        let ledgers = stores.map(SQLPrivacyLedgerStore.init)
        _ = try await ledgers[0].open(key, budget: try PrivacyBudget(epsilon: 1, delta: 0))
        _ = try await PrivacyLedger(store: ledgers[0]).release(key, loss: .pure(epsilon: 0.6), label: "first", compute: { 0 })
        let winners = try await withThrowingTaskGroup(of: Bool.self) { group in
            for i in 0..<12 {
                let ledger = PrivacyLedger(store: ledgers[i % ledgers.count])
                group.addTask {
                    let outcome = try await ledger.release(key, loss: .pure(epsilon: 0.3), label: "racer \(i)", compute: { i })
                    if case .released = outcome { return true }
                    return false
                }
            }
            return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(winners == 1)
        let state = try #require(try await ledgers[0].state(of: key))
        #expect(state.entries.count == 2)
        #expect(state.spend.pureEpsilon <= 1)
    }

    static func constraintsRefuseBadRows(_ store: SQLStore) async throws {
        let ledgers = SQLPrivacyLedgerStore(store: store)
        _ = try await ledgers.open(key, budget: try PrivacyBudget(epsilon: 1, delta: 1e-7))
        // The port's predicate is bypassed here: the database itself must refuse a negative or infinite charge.
        for loss in [PrivacyLoss.pure(epsilon: -1), .zCDP(rho: .infinity)] {
            await #expect(throws: (any Error).self) {
                _ = try await ledgers.append(LedgerEntry(loss: loss, label: "bad"), to: key) { _ in true }
            }
        }
        #expect(try await ledgers.state(of: key)?.entries.isEmpty == true)
        // Opening again keeps the first budget.
        let reopened = try await ledgers.open(key, budget: try PrivacyBudget(epsilon: 99, delta: 0))
        #expect(reopened.budget.epsilon == 1)
    }
}

@Suite("Privacy ledger on SQLite")
struct SQLitePrivacyLedgerTests {
    @Test(arguments: TestDatabase.sqlite)
    func overspendIsRefused(_ db: TestDatabase) async throws { try await db.withStore(PrivacyLedgerChecks.overspendIsRefusedAndNotComputed) }

    @Test(arguments: TestDatabase.sqlite)
    func racingReleases(_ db: TestDatabase) async throws { try await db.withStore { try await PrivacyLedgerChecks.racingReleasesHaveExactlyOneWinner([$0]) } }

    @Test(arguments: TestDatabase.sqlite)
    func constraints(_ db: TestDatabase) async throws { try await db.withStore(PrivacyLedgerChecks.constraintsRefuseBadRows) }

    /// The ledger survives a restart: close the store, open the file again, read the same state.
    @Test func ledgerSurvivesARestart() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("passerelle-ledger-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let location = DatabaseLocation.sqliteFile(directory.appendingPathComponent("ledger.sqlite").path)
        let before = try await Self.withOpened(location) { store in
            try await PrivacyLedgerChecks.racingReleasesHaveExactlyOneWinner([store])
            return try await SQLPrivacyLedgerStore(store: store).state(of: PrivacyLedgerChecks.key)
        }
        let after = try await Self.withOpened(location) { try await SQLPrivacyLedgerStore(store: $0).state(of: PrivacyLedgerChecks.key) }
        #expect(after == before)
        #expect(after?.entries.count == 2)
    }

    /// Opens and migrates a store, runs `body`, and shuts the store down on every path (an open SQLite
    /// connection traps in its deinit).
    static func withOpened<T: Sendable>(_ location: DatabaseLocation, _ body: (SQLStore) async throws -> T) async throws -> T {
        let store = try await SQLStore.open(location, logger: TestDatabase.logger)
        do {
            try await store.migrate()
            let result = try await body(store)
            try await store.shutdown()
            return result
        } catch {
            try? await store.shutdown()
            throw error
        }
    }
}

/// The ledger on PostgreSQL runs inside the storage contract's PostgreSQL suite: that suite is serialised and every
/// case resets the shared database, so a separate suite would race with it.
extension PostgresContractTests {
    @Test func privacyLedgerOverspendIsRefused() async throws { try await db.withStore(PrivacyLedgerChecks.overspendIsRefusedAndNotComputed) }
    @Test func privacyLedgerConstraints() async throws { try await db.withStore(PrivacyLedgerChecks.constraintsRefuseBadRows) }

    /// Three stores (three connection pools) racing on one database: the row lock lets exactly one through.
    @Test func privacyLedgerRacingReleases() async throws {
        try await db.withStore { store in
            let url = try #require(TestDatabase.postgresURL)
            let others = [try await SQLStore.open(.postgres(url: url), logger: TestDatabase.logger),
                          try await SQLStore.open(.postgres(url: url), logger: TestDatabase.logger)]
            do {
                try await PrivacyLedgerChecks.racingReleasesHaveExactlyOneWinner([store] + others)
            } catch {
                for other in others { try? await other.shutdown() }
                throw error
            }
            for other in others { try await other.shutdown() }
        }
    }
}
