/// The attacker's view of a suppressed table: which hidden cells can be recomputed exactly from the published cells
/// and margins (rows, columns, grand total) by linear algebra.
public enum RecoverabilityAudit {
    /// Hidden cells whose value the published cells determine, with the recomputed value.
    ///
    /// Unknowns are the hidden cells; each row (margin included) and column gives one equation
    /// Σ interior − total = 0 with the published terms moved to the right. After Gauss–Jordan elimination a hidden
    /// cell is determined iff its column is a pivot whose row has no entry in a free column.
    public static func recoverableCells(_ table: MagnitudeTable, hidden: Set<CellKey>) -> [CellKey: Double] {
        let unknowns = hidden.sorted()
        let index = Dictionary(uniqueKeysWithValues: unknowns.enumerated().map { ($1, $0) })
        var matrix = [[Double]]()
        let rows = table.rows.map(Optional.some) + [nil], columns = table.columns.map(Optional.some) + [nil]
        func equation(_ cells: [(CellKey, Double)]) {
            var line = [Double](repeating: 0, count: unknowns.count + 1)
            for (key, sign) in cells {
                if let i = index[key] { line[i] += sign } else { line[unknowns.count] -= sign * Double(table[key].value) }
            }
            if line.dropLast().contains(where: { $0 != 0 }) { matrix.append(line) }
        }
        for row in rows {
            equation(table.columns.map { (CellKey(row: row, column: $0), 1.0) } + [(CellKey(row: row, column: nil), -1.0)])
        }
        for column in columns {
            equation(table.rows.map { (CellKey(row: $0, column: column), 1.0) } + [(CellKey(row: nil, column: column), -1.0)])
        }
        let pivots = reduce(&matrix, unknowns: unknowns.count)
        var recovered = [CellKey: Double]()
        let pivotColumns = Set(pivots.map(\.column))
        for (row, column) in pivots {
            let free = (0..<unknowns.count).contains { $0 != column && !pivotColumns.contains($0) && abs(matrix[row][$0]) > 1e-9 }
            if !free { recovered[unknowns[column]] = matrix[row][unknowns.count] }
        }
        return recovered
    }

    /// Gauss–Jordan elimination with partial pivoting, in place; returns (row, column) of each pivot.
    private static func reduce(_ m: inout [[Double]], unknowns: Int) -> [(row: Int, column: Int)] {
        var pivots = [(row: Int, column: Int)]()
        var r = 0
        for c in 0..<unknowns where r < m.count {
            guard let p = (r..<m.count).max(by: { abs(m[$0][c]) < abs(m[$1][c]) }), abs(m[p][c]) > 1e-9 else { continue }
            m.swapAt(r, p)
            let pivot = m[r][c]
            m[r] = m[r].map { $0 / pivot }
            for i in 0..<m.count where i != r && abs(m[i][c]) > 1e-12 {
                let factor = m[i][c]
                for j in c...unknowns { m[i][j] -= factor * m[r][j] }
            }
            pivots.append((r, c))
            r += 1
        }
        return pivots
    }
}
