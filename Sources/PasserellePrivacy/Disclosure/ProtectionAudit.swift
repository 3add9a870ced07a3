/// The attacker's best bounds on each hidden cell of a suppressed table: the minimum and maximum of the cell under
/// the margin equations, with every published cell fixed and every value ≥ 0 (the linear programs that τ-ARGUS and
/// sdcTable solve to audit a mask). Exact recomputation is the special case of an interval of width 0.
public enum ProtectionAudit {
    /// The feasible interval of each cell in `cells` (default: every hidden cell).
    ///
    /// The equations split along the connected components of the hidden cells (row and column nodes, margins
    /// included, joined by each hidden cell), so each component is one small exact LP, solved once for its first
    /// feasible basis and then re-optimised from there for each bound.
    public static func intervals(
        _ table: MagnitudeTable, hidden: Set<CellKey>, of cells: Set<CellKey>? = nil
    ) throws(PrivacyError) -> [CellKey: FeasibleInterval] {
        var result = [CellKey: FeasibleInterval]()
        for component in components(of: hidden) {
            let wanted = component.filter { cells?.contains($0) ?? true }
            guard !wanted.isEmpty else { continue }
            let system = equations(table, unknowns: component)
            var lp = try UnimodularSimplex(variables: component.count, equations: system)
            for (index, cell) in component.enumerated() where cells?.contains(cell) ?? true {
                let lower = try lp.minimum(of: index)
                result[cell] = FeasibleInterval(lower: lower, upper: try lp.maximum(of: index))
            }
        }
        return result
    }

    /// Hidden cells grouped by the connected components of the bipartite row/column graph, each in key order.
    static func components(of hidden: Set<CellKey>) -> [[CellKey]] {
        var parent = [SecondarySuppression.Node: SecondarySuppression.Node]()
        func root(_ node: SecondarySuppression.Node) -> SecondarySuppression.Node {
            var node = node
            while let up = parent[node], up != node { node = up }
            return node
        }
        for cell in hidden {
            let a = root(.row(cell.row)), b = root(.column(cell.column))
            parent[a] = a
            parent[b] = a
        }
        return Dictionary(grouping: hidden.sorted()) { root(.row($0.row)) }.values.sorted { $0[0] < $1[0] }
    }

    /// One equation per row and column node that the unknowns touch: Σ interior − total = 0, published terms moved
    /// to the constant.
    static func equations(_ table: MagnitudeTable, unknowns: [CellKey]) -> [UnimodularSimplex.Equation] {
        let index = Dictionary(uniqueKeysWithValues: unknowns.enumerated().map { ($1, $0) })
        let rows = Set(unknowns.map(\.row)).sorted { ($0 ?? "\u{10FFFF}") < ($1 ?? "\u{10FFFF}") }
        let columns = Set(unknowns.map(\.column)).sorted { ($0 ?? "\u{10FFFF}") < ($1 ?? "\u{10FFFF}") }
        func equation(_ keys: [(CellKey, Int8)]) -> UnimodularSimplex.Equation {
            var line = UnimodularSimplex.Equation(terms: [], constant: 0)
            for (key, sign) in keys {
                if let i = index[key] { line.terms.append((i, sign)) } else { line.constant -= Int64(sign) * table[key].value }
            }
            return line
        }
        let rowLines = rows.map { row in
            equation(table.columns.map { (CellKey(row: row, column: $0), 1) } + [(CellKey(row: row, column: nil), -1)])
        }
        let columnLines = columns.map { column in
            equation(table.rows.map { (CellKey(row: $0, column: column), 1) } + [(CellKey(row: nil, column: column), -1)])
        }
        return rowLines + columnLines
    }
}
