public import Foundation
public import PasserellePrivacy

/// A month of audience figures as published: every table of the grid with its noise, error bounds and status per
/// cell, the privacy parameters, the ledger's guarantee after the release, and indicators derived from the noisy
/// figures only (post-processing costs no privacy).
public struct MonthlyRelease: Sendable, Hashable, Codable {
    /// One released table.
    public struct Table: Sendable, Hashable, Codable {
        /// Stable name (`visitors-by-region`).
        public let name: String
        /// What it counts.
        public let description: String
        /// The public key space's name.
        public let keySpace: String
        /// The cells, parameters and method version.
        public let released: ReleasedTable
    }

    /// Concentration and diversity, computed on published figures.
    public struct Indicators: Sendable, Hashable, Codable {
        /// Herfindahl–Hirschman index of visitors across institutions (0…1; 1 = one institution has everyone).
        public let institutionsHHI: Double?
        /// Gini coefficient of visitors across institutions (0 = equal, → 1 = concentrated).
        public let institutionsGini: Double?
        /// Shannon entropy (bits) of consultations across domains: higher means more diverse practices.
        public let domainEntropyBits: Double?
    }

    /// The month.
    public let period: ReleasePeriod
    /// When it was made.
    public let createdAt: Date
    /// Whose privacy is protected.
    public let privacyUnit: String
    /// The ledger's (ε, δ) for the period after this release.
    public let guarantee: PrivacyBudget?
    /// The charge of this release (zCDP ρ, all tables together).
    public let rho: Double
    /// The tables.
    public let tables: [Table]
    /// Derived indicators.
    public let indicators: Indicators
    /// Raw events read, and how many had no visitor key (counted in no table).
    public let eventsRead: Int
    /// Events without a visitor key.
    public let eventsWithoutVisitor: Int
}

/// Makes a month's release through the privacy ledger: the whole release is charged once (Σ ρ of its tables)
/// before any figure is computed, and a refused charge publishes nothing.
public enum MonthlyReleaseBuilder {
    /// The ledger source of the web audience.
    public static let ledgerSource = "observatory/web-audience"
    /// Default budget per month: ε = 1 at δ = 10^-7 (the Wikimedia figure is ε ≈ 0.85 per day).
    public static let defaultBudget = try! PrivacyBudget(epsilon: 1, delta: 1e-7)
    /// ρ per table (5 tables: ρ = 0.015 in all, ε ≈ 0.855 at δ = 10^-7).
    public static let rhoPerTable = 0.003
    /// Noisy visitor counts below this are withheld (an INSEE-style minimum on top of DP).
    public static let minimumPublished: Int64 = 11

    /// The outcome: released, or refused with the ledger's reason.
    public enum Outcome: Sendable {
        /// Published.
        case released(MonthlyRelease)
        /// Refused; nothing was computed.
        case refused(String)
    }

    /// Releases `period` over `grid`, reading the month's events one day at a time from `events` (a device-day
    /// unit never spans two days, so bounding each day alone is exact, and memory holds one day, not a month).
    public static func release(
        _ period: ReleasePeriod, events: @Sendable (CollectionDay) async throws -> [AudienceEvent], grid: AudienceGrid,
        ledger: PrivacyLedger, budget: PrivacyBudget = defaultBudget, now: Date = Date()
    ) async throws -> Outcome {
        let key = try LedgerKey(source: ledgerSource, period: period.description)
        if try await ledger.store.state(of: key) == nil { _ = try await ledger.store.open(key, budget: budget) }
        let rho = rhoPerTable * Double(grid.tables.count)
        // Charged before any event is read: a refused charge reads and publishes nothing.
        let charge = try await ledger.release(key, loss: .zCDP(rho: rho), label: "monthly release \(period) (\(grid.tables.count) tables)") {}
        guard case let .released(_, guarantee) = charge else {
            if case let .refused(reason) = charge { return .refused(reason) }
            return .refused("the ledger \(key) refused the release")
        }
        var accumulator = Accumulator(grid: grid)
        var day = period.firstDay
        while day <= period.lastDay {
            accumulator.add(try await events(day))
            day = day.next
        }
        let tables = try accumulator.tables()
        return .released(MonthlyRelease(
            period: period, createdAt: now, privacyUnit: PrivacyUnit.deviceDay.rawValue, guarantee: guarantee, rho: rho,
            tables: tables, indicators: indicators(tables), eventsRead: accumulator.eventsRead,
            eventsWithoutVisitor: accumulator.eventsWithoutVisitor
        ))
    }

    /// The same over events already in memory (tests, small months).
    public static func release(
        _ period: ReleasePeriod, events: [AudienceEvent], grid: AudienceGrid, ledger: PrivacyLedger,
        budget: PrivacyBudget = defaultBudget, now: Date = Date()
    ) async throws -> Outcome {
        let byDay = Dictionary(grouping: events) { CollectionDay($0.occurredAt) }
        return try await release(period, events: { byDay[$0] ?? [] }, grid: grid, ledger: ledger, budget: budget, now: now)
    }

    /// Bounded per-partition totals of each table, summed day by day.
    struct Accumulator {
        let grid: AudienceGrid
        var totals: [[String: Int64]]
        var eventsRead = 0, eventsWithoutVisitor = 0
        var rng = BufferedSystemRandom()

        init(grid: AudienceGrid) {
            self.grid = grid
            totals = Array(repeating: [:], count: grid.tables.count)
        }

        mutating func add(_ events: [AudienceEvent]) {
            var perTable = [[UnitContribution]](repeating: [], count: grid.tables.count)
            for event in events {
                eventsRead += 1
                if event.visitorKey == nil { eventsWithoutVisitor += 1 }
                for (table, contribution) in grid.contributions(of: event) { perTable[table].append(contribution) }
            }
            for (index, table) in grid.tables.enumerated() where !perTable[index].isEmpty {
                let bounds = table.statistic == .unitCount
                    ? (try? ContributionBounds(maxPartitionsPerUnit: table.bounds.maxPartitionsPerUnit, maxValuePerPartition: 1)) ?? table.bounds
                    : table.bounds
                let bounded = ContributionBounding.bound(perTable[index], bounds: bounds, using: &rng)
                for (key, value) in table.statistic == .unitCount ? bounded.units : bounded.sums { totals[index][key, default: 0] += value }
            }
        }

        mutating func tables() throws -> [MonthlyRelease.Table] {
            try grid.tables.enumerated().map { index, table in
                let spec = ReleaseSpec(
                    unit: .deviceDay, bounds: table.bounds, mechanism: .gaussian(rho: rhoPerTable), partitions: .publicKeys(table.keys),
                    minimumNoisyValue: minimumPublished
                )
                return MonthlyRelease.Table(
                    name: table.name, description: table.description, keySpace: table.keys.name,
                    released: try DPRelease.release(boundedTotals: totals[index], statistic: table.statistic, spec: spec, using: &rng)
                )
            }
        }
    }

    static func indicators(_ tables: [MonthlyRelease.Table]) -> MonthlyRelease.Indicators {
        func values(_ name: String) -> [Double] {
            tables.first { $0.name == name }?.released.cells.compactMap { $0.value.map { Double(max(0, $0)) } } ?? []
        }
        let visitors = values("visitors-by-institution"), domains = values("consultations-by-domain")
        return MonthlyRelease.Indicators(
            institutionsHHI: Concentration.hhi(visitors), institutionsGini: Concentration.gini(visitors),
            domainEntropyBits: Concentration.entropyBits(domains)
        )
    }
}

/// Concentration and diversity measures on non-negative figures; nil when everything is zero.
public enum Concentration {
    /// Σ sᵢ² over shares sᵢ.
    public static func hhi(_ values: [Double]) -> Double? {
        let total = values.reduce(0, +)
        guard total > 0 else { return nil }
        return values.reduce(0) { $0 + ($1 / total) * ($1 / total) }
    }

    /// Gini from the sorted values: Σ (2i − n − 1)·xᵢ / (n·Σx), i from 1.
    public static func gini(_ values: [Double]) -> Double? {
        let sorted = values.sorted(), total = sorted.reduce(0, +), n = Double(sorted.count)
        guard total > 0, sorted.count > 1 else { return nil }
        let weighted = sorted.enumerated().reduce(0.0) { $0 + (2 * Double($1.offset + 1) - n - 1) * $1.element }
        return weighted / (n * total)
    }

    /// −Σ sᵢ log₂ sᵢ over shares sᵢ > 0.
    public static func entropyBits(_ values: [Double]) -> Double? {
        let total = values.reduce(0, +)
        guard total > 0 else { return nil }
        return values.filter { $0 > 0 }.reduce(0) { $0 - ($1 / total) * log2($1 / total) }
    }
}
