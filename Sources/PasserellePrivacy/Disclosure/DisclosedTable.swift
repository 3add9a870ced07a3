/// A table as it is published after disclosure control: every cell with its value (nil when hidden), its status,
/// and for a hidden cell the interval the attacker's linear programs give, so that anyone can audit the mask
/// with the published figures alone.
public struct DisclosedTable: Sendable, Hashable {
    /// One published or hidden cell, interior or margin.
    public struct Cell: Sendable, Hashable {
        /// Where it is; nil row or column means the total on that axis.
        public let key: CellKey
        /// The value, or nil when hidden.
        public let value: Int64?
        /// Published, or hidden and why.
        public let status: CellStatus
        /// For a hidden cell: what the published figures and non-negativity allow.
        public let interval: FeasibleInterval?
    }

    /// Row labels in order.
    public let rows: [String]
    /// Column labels in order.
    public let columns: [String]
    /// The primary rules applied.
    public let rules: PrimaryRules
    /// The protection every primary cell's interval achieves (except the `unprotected` ones).
    public let protection: ProtectionRequirement
    /// Every cell in key order: each row's cells then its total, the column totals last.
    public let cells: [Cell]
    /// Hidden cells that no complementary suppression could protect (reported, never silent).
    public let unprotected: [CellKey]

    /// Applies the rules and the protection, and audits the resulting mask.
    public init(
        _ table: MagnitudeTable, rules: PrimaryRules, protection: ProtectionRequirement = .standard,
        previousMask: Set<CellKey> = []
    ) throws(PrivacyError) {
        let mask = try SecondarySuppression.protect(table, rules: rules, protection: protection, previousMask: previousMask)
        let intervals = try ProtectionAudit.intervals(table, hidden: mask.hidden)
        rows = table.rows
        columns = table.columns
        self.rules = rules
        self.protection = protection
        unprotected = mask.unprotected
        cells = table.allKeys.map { key in
            let status = mask.status(key)
            return Cell(key: key, value: status.isSuppressed ? nil : table[key].value, status: status, interval: intervals[key])
        }
    }

    /// The cell at a key.
    public subscript(key: CellKey) -> Cell? { cells.first { $0.key == key } }

    /// How many cells are hidden, and the narrowest interval among them (nil when nothing is hidden).
    public var summary: (hidden: Int, primary: Int, narrowestWidth: Int64?) {
        let hidden = cells.filter(\.status.isSuppressed)
        let primary = hidden.filter { if case let .suppressed(reason) = $0.status { reason.isPrimary } else { false } }
        let widths = hidden.compactMap { cell in cell.interval.map { ($0.upper ?? Int64.max) - $0.lower } }
        return (hidden.count, primary.count, widths.min())
    }
}
