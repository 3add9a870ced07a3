import PasserellePrivacy

/// The grid's bounded per-key totals, summed one device-day at a time. Rows arrive sorted by unit, so a unit is
/// complete when the next one starts: it is bounded at once (uniform random L0-subset, L∞ clamp, through
/// `ContributionBounding.boundUnit`) and forgotten, and memory holds the totals only.
struct GridAccumulator {
    let grid: AudienceGrid
    /// Per table, per key.
    private(set) var totals: [[String: Int64]]
    private(set) var eventsRead = 0, eventsWithoutVisitor = 0
    private var rng = BufferedSystemRandom()
    /// Per table, the bounds bounding uses: a count of units clamps every contribution to 1.
    private let bounds: [ContributionBounds]

    init(grid: AudienceGrid) {
        self.grid = grid
        totals = Array(repeating: [:], count: grid.tables.count)
        bounds = grid.tables.map { table in
            table.statistic == .unitCount
                ? (try? ContributionBounds(maxPartitionsPerUnit: table.bounds.maxPartitionsPerUnit, maxValuePerPartition: 1)) ?? table.bounds
                : table.bounds
        }
    }

    /// Adds one day's rows (sorted by institution then visitor).
    mutating func add(day: CollectionDay, _ profiles: [DeviceDayProfile]) {
        let dayKey = day.text
        var start = profiles.startIndex
        while start < profiles.endIndex {
            let first = profiles[start]
            var end = start + 1
            while end < profiles.endIndex, profiles[end].visitor == first.visitor, profiles[end].institution == first.institution { end += 1 }
            let events = profiles[start..<end].reduce(0) { $0 + Int($1.events) }
            eventsRead += events
            if first.visitor == nil {
                // Their privacy unit is unknown: they are counted as read and in no table.
                eventsWithoutVisitor += events
            } else {
                add(DeviceDay(day: day, dayKey: dayKey, institution: first.institution, profiles: profiles[start..<end]))
            }
            start = end
        }
    }

    private mutating func add(_ unit: DeviceDay) {
        for index in grid.tables.indices {
            let raw = grid.tables[index].contributions(unit)
            guard !raw.isEmpty else { continue }
            for (key, value) in ContributionBounding.boundUnit(raw, bounds: bounds[index], using: &rng) {
                totals[index][key, default: 0] += value
            }
        }
    }

    /// The released tables: Gaussian noise at `rhoPerTable` each over the public keys, small counts withheld.
    mutating func tables(rhoPerTable: Double, minimumPublished: Int64) throws -> [MonthlyRelease.Table] {
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
