public import Foundation
public import PasserelleObservatory
import PasserelleCore
import PasserellePrivacy
public import PasserelleStorage

/// Makes a month's release from the database: the catalogue's institutions as the public key space, the month's
/// events grouped per device-day by the database, the period's privacy ledger, then the release stored (immutable) for the API and the open data.
///
/// The ledger is charged before any figure is computed; if the process dies between the charge and the save, the
/// budget stays spent and the month is refused later: privacy is never traded for a retry.
public enum ObservatoryPublishing {
    /// Releases `period` (a month that is over) or says why not.
    public static func release(_ period: ReleasePeriod, store: SQLStore, now: Date = Date()) async throws -> MonthlyReleaseBuilder.Outcome {
        guard period.isOver(at: now) else { return .refused("\(period) is not over yet; a release covers a whole month") }
        let observatory = SQLObservatoryStore(store: store)
        if try await observatory.release(period) != nil { return .refused("\(period) was already released; releases are immutable") }
        // Nothing charged, nothing published: an empty month's figures would be noise shown as audience.
        guard try await observatory.hasEvents(from: period.firstDay, through: period.lastDay) else {
            return .refused("no audience event was collected in \(period)")
        }
        let institutions = try await store.read { try await $0.institutions(nameContaining: nil, limit: KeySpace.maximumSize) }
        let grid = try AudienceGrid(institutions: institutions.map(\.id), works: try await observatory.workIDs(), period: period)
        let ledger = PrivacyLedger(store: SQLPrivacyLedgerStore(store: store))
        let outcome = try await MonthlyReleaseBuilder.release(
            period, profiles: { day in try await observatory.profiles(on: day) }, grid: grid, ledger: ledger, now: now
        )
        if case let .released(release) = outcome { try await observatory.save(release) }
        return outcome
    }
}
