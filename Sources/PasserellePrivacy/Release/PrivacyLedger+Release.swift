extension PrivacyLedger {
    /// Charges `spec.loss()` to ledger `key`, then releases the table; when the charge is refused the records are
    /// never read. The label is what auditors see in the ledger.
    public func releaseTable(
        _ key: LedgerKey, records: [UnitContribution], statistic: DPRelease.Statistic, spec: ReleaseSpec, label: String
    ) async throws -> Outcome<ReleasedTable> {
        let loss = try spec.loss()
        return try await release(key, loss: loss, label: "\(label) [\(spec.methodVersion), \(spec.mechanism)]") {
            try DPRelease.release(records, statistic: statistic, spec: spec)
        }
    }
}
