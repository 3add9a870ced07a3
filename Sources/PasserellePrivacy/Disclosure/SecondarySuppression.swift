/// INSEE-style disclosure control of a two-way table with margins: primary rules, then complementary
/// (secondary) suppression until every sensitive cell is protected by an interval, and no hidden cell at all can be
/// recomputed exactly from what is published.
///
/// Why it works: write margins with a minus sign and every row and column of the extended table sums to zero.
/// Hiding the other three corners of a rectangle through a cell lets the attacker shift value around that
/// rectangle, so the cell's feasible interval widens by as much as the corners that decrease can give
/// (`Rectangle.reach`). Each primary cell whose interval (`ProtectionAudit`, the attacker's linear programs) falls
/// short of the `ProtectionRequirement` gets the rectangle that covers the shortfall best — sufficiency first,
/// then fewer margins, cells already hidden in the previous period's mask (so masks stay stable), smallest hidden
/// value, key order. The smallest complements alone would protect least: three cells of value 1 beside a museum
/// of 1 000 visitors pin it to [997, 1003]. Then, as before, every hidden cell whose edge in the bipartite
/// rows × columns graph is a bridge (lies on no cycle, so its value is determined) is put on a 4-cycle.
public enum SecondarySuppression {
    /// Applies the primary rules to every cell, then protects every hidden cell.
    public static func protect(
        _ table: MagnitudeTable, rules: PrimaryRules, protection: ProtectionRequirement = .standard,
        previousMask: Set<CellKey> = []
    ) throws(PrivacyError) -> SuppressionMask {
        var statuses = [CellKey: CellStatus]()
        for key in table.allKeys { statuses[key] = rules.verdict(for: table[key]) }
        let grid = Grid(table)
        var hidden = Set(statuses.filter { $0.value.isSuppressed }.keys)
        var unprotected = Set<CellKey>()
        func hide(_ corners: [CellKey]) {
            for corner in corners where !hidden.contains(corner) {
                hidden.insert(corner)
                statuses[corner] = .suppressed(.secondary)
            }
        }
        // Intervals first: hiding more only widens every interval, so a cell protected here stays protected.
        for cell in hidden.sorted() {
            let value = table[cell].value
            while let interval = try ProtectionAudit.intervals(table, hidden: hidden, of: [cell])[cell],
                  !protection.isMet(by: interval, value: value) {
                guard let corners = grid.bestRectangle(for: cell, hidden: hidden, table: table, protection: protection, previous: previousMask) else {
                    unprotected.insert(cell)
                    break
                }
                hide(corners)
            }
        }
        var unbridged = [CellKey]()
        while let cell = grid.bridges(in: hidden).first(where: { !unbridged.contains($0) }) {
            guard let corners = grid.cheapestRectangle(for: cell, hidden: hidden, table: table, previous: previousMask) else {
                unbridged.append(cell)
                continue
            }
            hide(corners)
        }
        return SuppressionMask(statuses: statuses, unprotected: unprotected.union(unbridged).sorted())
    }

    /// The extended grid: rows and columns with their total as the last index.
    struct Grid {
        let rows: [String?]
        let columns: [String?]

        init(_ table: MagnitudeTable) {
            rows = table.rows.map(Optional.some) + [nil]
            columns = table.columns.map(Optional.some) + [nil]
        }

        /// Hidden cells whose value the published cells determine, in key order.
        func bridges(in hidden: Set<CellKey>) -> [CellKey] {
            var adjacency = [Node: [(Node, CellKey)]]()
            for cell in hidden {
                adjacency[.row(cell.row), default: []].append((.column(cell.column), cell))
                adjacency[.column(cell.column), default: []].append((.row(cell.row), cell))
            }
            return hidden.sorted().filter { cell in
                !Self.connected(from: .row(cell.row), to: .column(cell.column), without: cell, adjacency)
            }
        }

        private static func connected(from start: Node, to goal: Node, without removed: CellKey, _ adjacency: [Node: [(Node, CellKey)]]) -> Bool {
            var seen: Set<Node> = [start], stack = [start]
            while let node = stack.popLast() {
                for (next, edge) in adjacency[node] ?? [] where edge != removed && !seen.contains(next) {
                    if next == goal { return true }
                    seen.insert(next)
                    stack.append(next)
                }
            }
            return false
        }

        /// The three other corners of the cheapest rectangle through `cell` whose new corners can be hidden usefully.
        func cheapestRectangle(for cell: CellKey, hidden: Set<CellKey>, table: MagnitudeTable, previous: Set<CellKey>) -> [CellKey]? {
            var best: (cost: Cost, corners: [CellKey])?
            for row in rows where row != cell.row {
                for column in columns where column != cell.column {
                    let corners = [
                        CellKey(row: cell.row, column: column), CellKey(row: row, column: cell.column),
                        CellKey(row: row, column: column),
                    ]
                    guard let cost = Cost(corners, hidden: hidden, table: table, previous: previous) else { continue }
                    if best == nil || cost < best!.cost { best = (cost, corners) }
                }
            }
            return best?.corners
        }

        /// The three other corners of the rectangle through `cell` that best covers its protection shortfall; nil
        /// when every candidate adds nothing new.
        func bestRectangle(
            for cell: CellKey, hidden: Set<CellKey>, table: MagnitudeTable, protection: ProtectionRequirement,
            previous: Set<CellKey>
        ) -> [CellKey]? {
            var best: (shortfall: Int64, cost: Cost, corners: [CellKey])?
            let value = table[cell].value
            let upper = protection.upperLevel(for: value), lower = protection.lowerLevel(for: value)
            for row in rows where row != cell.row {
                for column in columns where column != cell.column {
                    let rectangle = Rectangle(cell: cell, row: row, column: column)
                    guard rectangle.corners.contains(where: { !hidden.contains($0) }),
                          let cost = Cost(rectangle.corners, hidden: hidden, table: table, previous: previous) else { continue }
                    let reach = rectangle.reach(table)
                    let shortfall = max(0, upper - reach.up) + max(0, lower - reach.down)
                    if best == nil || (shortfall, cost) < (best!.shortfall, best!.cost) { best = (shortfall, cost, rectangle.corners) }
                }
            }
            return best?.corners
        }
    }

    /// A rectangle through a cell and another row and column: shifting t around it keeps every margin equation.
    struct Rectangle {
        let cell: CellKey
        let row: String?
        let column: String?

        /// The three other corners.
        var corners: [CellKey] {
            [CellKey(row: cell.row, column: column), CellKey(row: row, column: cell.column), CellKey(row: row, column: column)]
        }

        /// How far the cell can move up and down along this rectangle alone: a shift of +t moves each corner by
        /// ±t, and a corner that decreases can give at most its value. Moving between an interior index and a
        /// total keeps the sign (the total rises with its cell); moving between two interior indices flips it.
        func reach(_ table: MagnitudeTable) -> (up: Int64, down: Int64) {
            func same(_ a: String?, _ b: String?) -> Bool { a == b || (a == nil) != (b == nil) }
            var up = Int64.max, down = table[cell].value
            for corner in corners {
                let rising = same(cell.row, corner.row) == same(cell.column, corner.column)
                if rising { down = min(down, table[corner].value) } else { up = min(up, table[corner].value) }
            }
            return (up, down)
        }
    }

    enum Node: Hashable {
        case row(String?)
        case column(String?)
    }

    /// Lexicographic cost of hiding a rectangle's new corners.
    struct Cost: Comparable {
        var margins = 0, outsidePrevious = 0, value: Int64 = 0, keys: [CellKey] = []

        /// Nil when a new corner is empty or zero: hiding a known zero protects nothing.
        init?(_ corners: [CellKey], hidden: Set<CellKey>, table: MagnitudeTable, previous: Set<CellKey>) {
            for corner in corners where !hidden.contains(corner) {
                let aggregate = table[corner]
                guard aggregate.unitCount > 0, aggregate.value > 0 else { return nil }
                if corner.isMargin { margins += 1 }
                if !previous.contains(corner) { outsidePrevious += 1 }
                value += aggregate.value
                keys.append(corner)
            }
        }

        static func < (a: Cost, b: Cost) -> Bool {
            if a.margins != b.margins { return a.margins < b.margins }
            if a.outsidePrevious != b.outsidePrevious { return a.outsidePrevious < b.outsidePrevious }
            if a.value != b.value { return a.value < b.value }
            return a.keys.lexicographicallyPrecedes(b.keys)
        }

        static func == (a: Cost, b: Cost) -> Bool {
            a.margins == b.margins && a.outsidePrevious == b.outsidePrevious && a.value == b.value && a.keys == b.keys
        }
    }
}
