/// INSEE "secret statistique" primary rules: a minimum number of units and, for business figures, dominance.
public struct PrimaryRules: Sendable, Hashable, Codable {
    /// Minimum contributing units for a cell to be published (INSEE: 3 for business statistics, 11 for persons).
    public let minimumUnits: Int
    /// Largest allowed share of one unit in the cell's value (0.85 for business figures), or nil to skip the rule.
    public let dominanceLimit: Double?

    /// Business statistics: at least 3 units, no unit above 85 %.
    public static let business = PrimaryRules(validatedMinimum: 3, dominance: 0.85)
    /// Statistics on persons from administrative files: at least 11 units.
    public static let persons = PrimaryRules(validatedMinimum: 11, dominance: nil)

    /// Custom rules; the minimum must be at least 1 and the dominance limit in (0, 1].
    public init(minimumUnits: Int, dominanceLimit: Double?) throws(PrivacyError) {
        guard minimumUnits >= 1 else { throw .invalid("minimum units \(minimumUnits) must be at least 1") }
        if let limit = dominanceLimit {
            guard limit.isFinite, limit > 0, limit <= 1 else { throw .invalid("dominance limit \(limit) must be in (0, 1]") }
        }
        self.init(validatedMinimum: minimumUnits, dominance: dominanceLimit)
    }

    private init(validatedMinimum: Int, dominance: Double?) {
        minimumUnits = validatedMinimum
        dominanceLimit = dominance
    }

    /// The verdict for one cell. An empty cell (no unit) is a structural zero and is published: nobody is in it.
    public func verdict(for cell: CellAggregate) -> CellStatus {
        if cell.unitCount == 0 { return .published }
        if cell.unitCount < minimumUnits {
            return .suppressed(.belowMinimumCount(units: cell.unitCount, minimum: minimumUnits))
        }
        if let limit = dominanceLimit, cell.value > 0 {
            let share = Double(cell.largestUnitValue) / Double(cell.value)
            if share > limit { return .suppressed(.dominance(largestShare: share, limit: limit)) }
        }
        return .published
    }
}

/// What the rules need to know about one cell: its total, how many units contribute, and the largest contribution.
public struct CellAggregate: Sendable, Hashable, Codable {
    /// Sum of the units' values.
    public var value: Int64
    /// Number of distinct units with a record in the cell.
    public var unitCount: Int
    /// The largest single unit's total within the cell.
    public var largestUnitValue: Int64

    /// Creates an aggregate.
    public init(value: Int64, unitCount: Int, largestUnitValue: Int64) {
        self.value = value
        self.unitCount = unitCount
        self.largestUnitValue = largestUnitValue
    }

    /// Aggregates per-unit totals.
    public init(unitTotals: some Sequence<Int64>) {
        var value: Int64 = 0, count = 0, largest: Int64 = 0
        for total in unitTotals {
            value += total
            count += 1
            largest = max(largest, total)
        }
        self.init(value: value, unitCount: count, largestUnitValue: largest)
    }
}
