/// INSEE-style disclosure control of a two-way table with margins: primary rules, then complementary
/// (secondary) suppression so that no hidden cell can be recomputed from what is published.
///
/// Why it works: write margins with a minus sign and every row and column of the extended table sums to zero.
/// The hidden cells are the edges of a bipartite graph (rows × columns); a hidden cell's value is determined by
/// the published cells exactly when its edge is a bridge (lies on no cycle). Each unprotected cell is therefore
/// put on a 4-cycle by hiding the cheapest rectangle's three other corners. Cost, in order: fewer margins,
/// cells already hidden in the previous period's mask (so masks stay stable), smallest hidden value, key order.
public enum SecondarySuppression {
    /// Applies the primary rules to every cell, then protects every hidden cell.
    public static func protect(_ table: MagnitudeTable, rules: PrimaryRules, previousMask: Set<CellKey> = []) -> SuppressionMask {
        var statuses = [CellKey: CellStatus]()
        for key in table.allKeys { statuses[key] = rules.verdict(for: table[key]) }
        let grid = Grid(table)
        var hidden = Set(statuses.filter { $0.value.isSuppressed }.keys)
        var unprotected = [CellKey]()
        while let cell = grid.bridges(in: hidden).first(where: { !unprotected.contains($0) }) {
            guard let corners = grid.cheapestRectangle(for: cell, hidden: hidden, table: table, previous: previousMask) else {
                unprotected.append(cell)
                continue
            }
            for corner in corners where !hidden.contains(corner) {
                hidden.insert(corner)
                statuses[corner] = .suppressed(.secondary)
            }
        }
        return SuppressionMask(statuses: statuses, unprotected: unprotected.sorted())
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
