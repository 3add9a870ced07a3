public import Foundation
public import PasserelleCore
public import PasserellePrivacy

/// Makes a month's release through the privacy ledger: the whole release is charged once (Σ ρ of its tables)
/// before any figure is computed, and a refused charge publishes nothing.
public enum MonthlyReleaseBuilder {
    /// The ledger source of the web audience.
    public static let ledgerSource = "observatory/web-audience"
    /// Default budget per month: ε = 1 at δ = 10^-7 (the Wikimedia figure is ε ≈ 0.85 per day).
    public static let defaultBudget = try! PrivacyBudget(epsilon: 1, delta: 1e-7)
    /// ρ of a whole release, shared equally by its tables: ε ≈ 0.855 at δ = 10^-7, inside the default budget.
    public static let rhoPerRelease = 0.015
    /// Noisy visitor counts below this are withheld (an INSEE-style minimum on top of DP).
    public static let minimumPublished: Int64 = 11

    /// The outcome: released, or refused with the ledger's reason.
    public enum Outcome: Sendable {
        /// Published.
        case released(MonthlyRelease)
        /// Refused; nothing was computed.
        case refused(String)
    }

    /// Releases `period` over `grid`, reading the month one day at a time from `profiles` (a device-day never
    /// spans two days, so bounding each day alone is exact, and memory holds one day's rows, not a month). The
    /// rows of a day must come sorted by (institution, visitor), as `ObservatoryStore.profiles(on:)` returns them.
    public static func release(
        _ period: ReleasePeriod, profiles: @escaping @Sendable (CollectionDay) async throws -> [DeviceDayProfile], grid: AudienceGrid,
        ledger: PrivacyLedger, budget: PrivacyBudget = defaultBudget, now: Date = Date()
    ) async throws -> Outcome {
        let key = try LedgerKey(source: ledgerSource, period: period.description)
        if try await ledger.store.state(of: key) == nil { _ = try await ledger.store.open(key, budget: budget) }
        // Charged before any event is read: a refused charge reads and publishes nothing.
        let charge = try await ledger.release(key, loss: .zCDP(rho: rhoPerRelease), label: "monthly release \(period) (\(grid.tables.count) tables)") {}
        guard case let .released(_, guarantee) = charge else {
            if case let .refused(reason) = charge { return .refused(reason) }
            return .refused("the ledger \(key) refused the release")
        }
        var accumulator = GridAccumulator(grid: grid)
        // The database groups day d + 1 while Swift bounds day d: two cores, two stages, at most two days in memory.
        var day = period.firstDay
        var pending: Task<[DeviceDayProfile], any Error>? = Task { [day] in try await profiles(day) }
        while let current = pending {
            let rows = try await current.value
            let next = day.next
            pending = next <= period.lastDay ? Task { [next] in try await profiles(next) } : nil
            accumulator.add(day: day, rows)
            day = next
        }
        // Rounded down, so that the tables together never spend more than the ρ charged to the ledger.
        let rhoPerTable = (rhoPerRelease / Double(grid.tables.count)).nextDown
        let tables = try accumulator.tables(rhoPerTable: rhoPerTable, minimumPublished: minimumPublished)
        return .released(MonthlyRelease(
            period: period, createdAt: now, privacyUnit: PrivacyUnit.deviceDay.rawValue, guarantee: guarantee, rho: rhoPerRelease,
            tables: tables, indicators: ReleaseIndicators.compute(tables), weeks: ReleaseIndicators.weeks(tables, period: period),
            eventsRead: accumulator.eventsRead, eventsWithoutVisitor: accumulator.eventsWithoutVisitor
        ))
    }

    /// The same over raw events already in memory (tests, small months); `works` gives an offer's work and origin.
    public static func release(
        _ period: ReleasePeriod, events: [AudienceEvent], grid: AudienceGrid, ledger: PrivacyLedger,
        works: @escaping @Sendable (Identifier<Offer>) -> (work: String, country: String?)? = { _ in nil },
        budget: PrivacyBudget = defaultBudget, now: Date = Date()
    ) async throws -> Outcome {
        let byDay = Dictionary(grouping: events) { CollectionDay($0.occurredAt) }.mapValues { DeviceDayProfile.group($0, works: works) }
        return try await release(period, profiles: { byDay[$0] ?? [] }, grid: grid, ledger: ledger, budget: budget, now: now)
    }
}
