import Foundation
import PasserelleCore
import PasserelleStorage
import Testing

/// The storage contract on SQLite: a file in a temporary directory and a private in-memory database.
@Suite("Storage contract on SQLite")
struct SQLiteContractTests {
    @Test(arguments: TestDatabase.sqlite) func roundTrip(_ db: TestDatabase) async throws { try await db.withStore(Contract.roundTrip) }
    @Test(arguments: TestDatabase.sqlite) func upsert(_ db: TestDatabase) async throws { try await db.withStore(Contract.upsert) }
    @Test(arguments: TestDatabase.sqlite) func countsAndKeys(_ db: TestDatabase) async throws { try await db.withStore(Contract.countsAndKeys) }
    @Test(arguments: TestDatabase.sqlite) func migrations(_ db: TestDatabase) async throws { try await db.withStore(Contract.migrations) }
    @Test(arguments: TestDatabase.sqlite) func offerFilters(_ db: TestDatabase) async throws { try await db.withStore(Contract.offerFilters) }
    @Test(arguments: TestDatabase.sqlite) func pagination(_ db: TestDatabase) async throws { try await db.withStore(Contract.pagination) }
    @Test(arguments: TestDatabase.sqlite) func venueQueries(_ db: TestDatabase) async throws { try await db.withStore(Contract.venueQueries) }
    @Test(arguments: TestDatabase.sqlite) func constraints(_ db: TestDatabase) async throws { try await db.withStore(Contract.constraints) }
    @Test(arguments: TestDatabase.sqlite) func rollbackOnThrow(_ db: TestDatabase) async throws { try await db.withStore(Contract.rollbackOnThrow) }
    @Test(arguments: TestDatabase.sqlite) func rollbackOnCancel(_ db: TestDatabase) async throws { try await db.withStore(Contract.rollbackOnCancel) }
    @Test(arguments: TestDatabase.sqlite) func misuse(_ db: TestDatabase) async throws { try await db.withStore(Contract.misuse) }
    @Test(arguments: TestDatabase.sqlite) func shutdown(_ db: TestDatabase) async throws { try await db.withStore(Contract.shutdown) }
    @Test(arguments: TestDatabase.sqlite) func dates(_ db: TestDatabase) async throws { try await db.withStore(Contract.dates) }
    @Test func readSnapshot() async throws { try await TestDatabase.sqliteFile.withStore(Contract.readSnapshot) }
    @Test(arguments: TestDatabase.sqlite) func offerRevisions(_ db: TestDatabase) async throws { try await db.withStore(Contract.offerRevisions) }
    @Test(arguments: TestDatabase.sqlite) func keyLifecycle(_ db: TestDatabase) async throws { try await db.withStore(Contract.keyLifecycle) }
    @Test(arguments: TestDatabase.sqlite) func searchText(_ db: TestDatabase) async throws { try await db.withStore(Contract.searchText) }
    @Test(arguments: TestDatabase.sqlite) func searchFilters(_ db: TestDatabase) async throws { try await db.withStore(Contract.searchFilters) }
    @Test(arguments: TestDatabase.sqlite) func searchCursor(_ db: TestDatabase) async throws { try await db.withStore(Contract.searchCursor) }
    @Test(arguments: TestDatabase.sqlite) func searchBroadQuery(_ db: TestDatabase) async throws {
        try await db.withStore(Contract.searchBroadQuery)
    }
    @Test(arguments: TestDatabase.sqlite) func collections(_ db: TestDatabase) async throws { try await db.withStore(Contract.collections) }
    @Test(arguments: TestDatabase.sqlite) func worksListing(_ db: TestDatabase) async throws { try await db.withStore(Contract.worksListing) }
    @Test(arguments: TestDatabase.sqlite) func workChanges(_ db: TestDatabase) async throws { try await db.withStore(Contract.workChanges) }
    @Test(arguments: TestDatabase.sqlite) func workChangesBackfill(_ db: TestDatabase) async throws {
        try await db.withStore(migratedThrough: 12, Contract.workChangesBackfill)
    }
    @Test(arguments: TestDatabase.sqlite) func visitors(_ db: TestDatabase) async throws { try await db.withStore(Contract.visitors) }
    @Test(arguments: TestDatabase.sqlite) func feedSources(_ db: TestDatabase) async throws { try await db.withStore(Contract.feedSources) }
    @Test(arguments: TestDatabase.sqlite) func feedClaimsRace(_ db: TestDatabase) async throws { try await db.withStore(Contract.feedClaimsRace) }
    @Test(arguments: TestDatabase.sqlite) func idempotencyKeys(_ db: TestDatabase) async throws { try await db.withStore(Contract.idempotencyKeys) }
    @Test(arguments: TestDatabase.sqlite) func passBasics(_ db: TestDatabase) async throws { try await db.withStore(Contract.passBasics) }
    @Test(arguments: TestDatabase.sqlite) func webhookOutbox(_ db: TestDatabase) async throws { try await db.withStore(Contract.webhookOutbox) }
    @Test(arguments: TestDatabase.sqlite) func webhookLeases(_ db: TestDatabase) async throws { try await db.withStore(Contract.webhookLeases) }
    @Test(arguments: TestDatabase.sqlite) func webhookClaimsRace(_ db: TestDatabase) async throws { try await db.withStore(Contract.webhookClaimsRace) }
    @Test(arguments: TestDatabase.sqlite) func webhookFairShare(_ db: TestDatabase) async throws { try await db.withStore(Contract.webhookFairShare) }
    @Test(arguments: TestDatabase.sqlite) func offerMerges(_ db: TestDatabase) async throws { try await db.withStore(Contract.offerMerges) }
    @Test(arguments: TestDatabase.sqlite) func passSoldOutRace(_ db: TestDatabase) async throws { try await db.withStore(Contract.passSoldOutRace) }
    @Test(arguments: TestDatabase.sqlite) func passCreditRace(_ db: TestDatabase) async throws { try await db.withStore(Contract.passCreditRace) }
    @Test(arguments: TestDatabase.sqlite) func passAccounts(_ db: TestDatabase) async throws { try await db.withStore(Contract.passAccounts) }
    @Test(arguments: TestDatabase.sqlite) func rateLimitWindows(_ db: TestDatabase) async throws { try await db.withStore(Contract.rateLimitWindows) }
    @Test(arguments: TestDatabase.sqlite) func passFirstPostingsRace(_ db: TestDatabase) async throws { try await db.withStore(Contract.passFirstPostingsRace) }
    @Test(arguments: TestDatabase.sqlite) func reimbursementLines(_ db: TestDatabase) async throws { try await db.withStore(Contract.reimbursementLines) }
    @Test(arguments: TestDatabase.sqlite) func uncollectedGoodsExpire(_ db: TestDatabase) async throws { try await db.withStore(Contract.uncollectedGoodsExpire) }
    @Test(arguments: TestDatabase.sqlite) func feedLimitHolds(_ db: TestDatabase) async throws { try await db.withStore(Contract.feedLimitHolds) }
    @Test(arguments: TestDatabase.sqlite) func favouriteLimit(_ db: TestDatabase) async throws { try await db.withStore(Contract.favouriteLimit) }
    @Test(arguments: TestDatabase.sqlite) func staffAccounts(_ db: TestDatabase) async throws { try await db.withStore(Contract.staffAccounts) }
    @Test(arguments: TestDatabase.sqlite) func partnerHolds(_ db: TestDatabase) async throws { try await db.withStore(Contract.partnerHolds) }
    @Test(arguments: TestDatabase.sqlite) func schoolGroups(_ db: TestDatabase) async throws { try await db.withStore(Contract.schoolGroups) }
    @Test(arguments: TestDatabase.sqlite) func schoolBudgetRace(_ db: TestDatabase) async throws { try await db.withStore(Contract.schoolBudgetRace) }
    @Test(arguments: TestDatabase.sqlite) func ledgerSurvivesMigration18(_ db: TestDatabase) async throws {
        try await db.withStore(migratedThrough: 17, Contract.ledgerSurvivesMigration18)
    }
    @Test(arguments: TestDatabase.sqlite) func venueTraits(_ db: TestDatabase) async throws { try await db.withStore(Contract.venueTraits) }
    @Test(arguments: TestDatabase.sqlite) func searchIndexFollowsWrites(_ db: TestDatabase) async throws {
        try await db.withStore(Contract.searchIndexFollowsWrites)
    }

    /// On SQLite a write (or, in memory mode, a read) started inside a write body would wait for itself forever;
    /// it fails at once instead and the outer write rolls back.
    @Test(arguments: TestDatabase.sqlite) func nestedWriteFailsInsteadOfDeadlocking(_ db: TestDatabase) async throws {
        try await db.withStore { store async throws in
            await #expect(throws: StorageError.nestedTransaction) {
                try await store.write { tx async throws in
                    try await Fixtures.seed(tx)
                    try await store.write { try await $0.save(Fixtures.offer("inner")) }
                }
            }
            if store.location == .sqliteMemory {
                await #expect(throws: StorageError.nestedTransaction) {
                    try await store.write { _ in _ = try await store.read { try await $0.counts() } }
                }
            }
            #expect(try await store.read { try await $0.counts() } == CatalogueCounts())
        }
    }
}

/// The same contract on PostgreSQL, when `PASSERELLE_TEST_POSTGRES_URL` names a test database
/// (`scripts/postgres-test-server.sh url`). Serialised: every case resets the shared database.
@Suite(
    "Storage contract on PostgreSQL", .serialized,
    .enabled(
        if: TestDatabase.postgresURL != nil,
        "PASSERELLE_TEST_POSTGRES_URL is unset: PostgreSQL cases skipped (start one with scripts/postgres-test-server.sh start)")
)
struct PostgresContractTests {
    let db = TestDatabase.postgres
    @Test func roundTrip() async throws { try await db.withStore(Contract.roundTrip) }
    @Test func keyLifecycle() async throws { try await db.withStore(Contract.keyLifecycle) }
    @Test func searchText() async throws { try await db.withStore(Contract.searchText) }
    @Test func searchFilters() async throws { try await db.withStore(Contract.searchFilters) }
    @Test func searchCursor() async throws { try await db.withStore(Contract.searchCursor) }
    @Test func searchBroadQuery() async throws { try await db.withStore(Contract.searchBroadQuery) }
    @Test func searchIndexFollowsWrites() async throws { try await db.withStore(Contract.searchIndexFollowsWrites) }
    @Test func collections() async throws { try await db.withStore(Contract.collections) }
    @Test func worksListing() async throws { try await db.withStore(Contract.worksListing) }
    @Test func workChanges() async throws { try await db.withStore(Contract.workChanges) }
    @Test func workChangesBackfill() async throws { try await db.withStore(migratedThrough: 12, Contract.workChangesBackfill) }
    @Test func visitors() async throws { try await db.withStore(Contract.visitors) }
    @Test func feedSources() async throws { try await db.withStore(Contract.feedSources) }
    @Test func feedClaimsRace() async throws { try await db.withStore(Contract.feedClaimsRace) }
    @Test func idempotencyKeys() async throws { try await db.withStore(Contract.idempotencyKeys) }
    @Test func passBasics() async throws { try await db.withStore(Contract.passBasics) }
    @Test func webhookOutbox() async throws { try await db.withStore(Contract.webhookOutbox) }
    @Test func webhookLeases() async throws { try await db.withStore(Contract.webhookLeases) }
    @Test func webhookClaimsRace() async throws { try await db.withStore(Contract.webhookClaimsRace) }
    @Test func webhookFairShare() async throws { try await db.withStore(Contract.webhookFairShare) }
    @Test func offerMerges() async throws { try await db.withStore(Contract.offerMerges) }
    @Test func passSoldOutRace() async throws { try await db.withStore(Contract.passSoldOutRace) }
    @Test func passCreditRace() async throws { try await db.withStore(Contract.passCreditRace) }
    @Test func passAccounts() async throws { try await db.withStore(Contract.passAccounts) }
    @Test func rateLimitWindows() async throws { try await db.withStore(Contract.rateLimitWindows) }
    @Test func passFirstPostingsRace() async throws { try await db.withStore(Contract.passFirstPostingsRace) }
    @Test func reimbursementLines() async throws { try await db.withStore(Contract.reimbursementLines) }
    @Test func uncollectedGoodsExpire() async throws { try await db.withStore(Contract.uncollectedGoodsExpire) }
    @Test func feedLimitHolds() async throws { try await db.withStore(Contract.feedLimitHolds) }
    @Test func staffAccounts() async throws { try await db.withStore(Contract.staffAccounts) }
    @Test func partnerHolds() async throws { try await db.withStore(Contract.partnerHolds) }
    @Test func schoolGroups() async throws { try await db.withStore(Contract.schoolGroups) }
    @Test func schoolBudgetRace() async throws { try await db.withStore(Contract.schoolBudgetRace) }
    @Test func ledgerSurvivesMigration18() async throws { try await db.withStore(migratedThrough: 17, Contract.ledgerSurvivesMigration18) }

    /// Several `serve` processes starting together on a fresh database: every one migrates, none fails.
    @Test func freshDatabaseMigratedByFourAtOnce() async throws {
        let location = DatabaseLocation.postgres(url: try #require(TestDatabase.postgresURL))
        for _ in 0..<3 {
            try await TestDatabase.resetPostgres(location)
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                for _ in 0..<4 {
                    tasks.addTask {
                        let store = try await SQLStore.open(location, logger: TestDatabase.logger)
                        do { try await store.migrate() } catch { try? await store.shutdown(); throw error }
                        try await store.shutdown()
                    }
                }
                try await tasks.waitForAll()
            }
        }
    }
    @Test func favouriteLimit() async throws { try await db.withStore(Contract.favouriteLimit) }
    @Test func venueTraits() async throws { try await db.withStore(Contract.venueTraits) }
    @Test func upsert() async throws { try await db.withStore(Contract.upsert) }
    @Test func countsAndKeys() async throws { try await db.withStore(Contract.countsAndKeys) }
    @Test func migrations() async throws { try await db.withStore(Contract.migrations) }
    @Test func offerFilters() async throws { try await db.withStore(Contract.offerFilters) }
    @Test func pagination() async throws { try await db.withStore(Contract.pagination) }
    @Test func venueQueries() async throws { try await db.withStore(Contract.venueQueries) }
    @Test func constraints() async throws { try await db.withStore(Contract.constraints) }
    @Test func rollbackOnThrow() async throws { try await db.withStore(Contract.rollbackOnThrow) }
    @Test func rollbackOnCancel() async throws { try await db.withStore(Contract.rollbackOnCancel) }
    @Test func misuse() async throws { try await db.withStore(Contract.misuse) }
    @Test func shutdown() async throws { try await db.withStore(Contract.shutdown) }
    @Test func dates() async throws { try await db.withStore(Contract.dates) }
    @Test func readSnapshot() async throws { try await db.withStore(Contract.readSnapshot) }
    @Test func offerRevisions() async throws { try await db.withStore(Contract.offerRevisions) }
    @Test func concurrentWrites() async throws { try await db.withStore(Contract.concurrentWrites) }
}

/// In CI the PostgreSQL contract is mandatory: a missing URL there is a failure, not a skip.
@Test("CI provides PASSERELLE_TEST_POSTGRES_URL", .enabled(if: TestDatabase.isCI, "not running in CI (CI != true)"))
func continuousIntegrationRunsPostgres() {
    #expect(TestDatabase.postgresURL != nil, "CI=true but PASSERELLE_TEST_POSTGRES_URL is unset: the PostgreSQL contract would be skipped")
}
