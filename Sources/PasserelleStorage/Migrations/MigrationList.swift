/// Every migration of the schema, in order. To add one: create `MigrationNNNN_Name.swift` with
/// `extension Migration { static let name = Migration(version: N, …) }` and append it here.
extension Migration {
    /// The migrations `SQLStore.migrate()` applies, in version order.
    package static let all: [Migration] = [
        .catalogue0001,
        .privacyLedger0002,
        .offerRevisions0003,
        .keyLifecycle0004,
        .observatory0005,
        .audiencePartitions0006,
        .platformReports0007,
        .search0008,
        .collections0009,
        .visitors0010,
        .searchFacets0011,
        .feedSources0012,
        .workChanges0013,
        .idempotencyKeys0014,
        .pass0015,
        .passSessions0016,
        .passAccounts0017,
        .proAccounts0018,
        .partnerTicketing0019,
        .derivedBalances0020,
        .staffLifecycle0021,
        .webhooks0022,
        .offerMerges0023,
    ]
}
