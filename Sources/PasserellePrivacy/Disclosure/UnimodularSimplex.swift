/// An exact simplex for the attacker's linear program on a suppressed table: min or max of one unknown subject to
/// A·x = b, x ≥ 0, where A has entries in {−1, 0, 1} and is totally unimodular.
///
/// Why exact integers work: every hidden cell appears in exactly two margin equations (its row's and its column's),
/// so A is a signed incidence matrix of a bipartite graph, which is totally unimodular. Then every tableau entry
/// B⁻¹·A stays in {−1, 0, 1}, every pivot is ±1 and every basic solution is an integer: the tableau is held in
/// `Int8`, the right-hand side in `Int64` with overflow checks, and nothing is ever rounded. An entry outside
/// {−1, 0, 1} (a matrix that is not totally unimodular) is an error, never a silent approximation.
/// Bland's rule (smallest index enters, smallest basic index leaves on ties) guarantees termination.
struct UnimodularSimplex {
    private let variables: Int
    private var rowCount = 0
    /// rowCount × width, row-major; width is `variables` (plus the artificials during phase 1).
    private var tableau = [Int8]()
    private var width = 0
    private var rhs = [Int64]()
    private var basis = [Int]()

    /// One equation: Σ coefficient·x[variable] = constant.
    struct Equation {
        var terms: [(variable: Int, coefficient: Int8)]
        var constant: Int64
    }

    /// Finds a first feasible basis (phase 1). Throws when the system has no non-negative solution.
    init(variables: Int, equations: [Equation]) throws(PrivacyError) {
        self.variables = variables
        rowCount = equations.count
        width = variables + rowCount
        tableau = [Int8](repeating: 0, count: rowCount * width)
        rhs = [Int64](repeating: 0, count: rowCount)
        for (i, equation) in equations.enumerated() {
            // A negative constant is negated with its row, so the artificial basis starts feasible.
            let sign: Int8 = equation.constant < 0 ? -1 : 1
            rhs[i] = sign == -1 ? -equation.constant : equation.constant
            for term in equation.terms {
                let value = Int(tableau[i * width + term.variable]) + Int(sign * term.coefficient)
                guard abs(value) <= 1 else { throw Self.notUnimodular }
                tableau[i * width + term.variable] = Int8(value)
            }
            tableau[i * width + variables + i] = 1
        }
        basis = (0..<rowCount).map { variables + $0 }
        // Phase 1: minimise the sum of the artificials.
        var cost = [Int](repeating: 0, count: width)
        for j in 0..<variables {
            for i in 0..<rowCount { cost[j] -= Int(tableau[i * width + j]) }
        }
        guard try optimise(&cost) else { throw PrivacyError(.invalidInput, "margin equations are unbounded in phase 1") }
        for i in 0..<rowCount where basis[i] >= variables && rhs[i] != 0 {
            throw PrivacyError(.invalidInput, "the published margins admit no non-negative table")
        }
        try driveOutArtificials()
    }

    /// The smallest value unknown `k` can take.
    mutating func minimum(of k: Int) throws(PrivacyError) -> Int64 {
        try optimise(k, sign: 1)
        return value(of: k)
    }

    /// The largest value unknown `k` can take, or nil when it is unbounded.
    mutating func maximum(of k: Int) throws(PrivacyError) -> Int64? {
        guard try optimise(k, sign: -1) else { return nil }
        return value(of: k)
    }

    private func value(of k: Int) -> Int64 {
        basis.firstIndex(of: k).map { rhs[$0] } ?? 0
    }

    /// Minimises sign·x[k] from the current feasible basis; false when unbounded.
    private mutating func optimise(_ k: Int, sign: Int) throws(PrivacyError) -> Bool {
        // Reduced costs of sign·e_k: c_j − c_B·B⁻¹A_j, where only x[k]'s row (if basic) carries a cost.
        var cost = [Int](repeating: 0, count: width)
        cost[k] = sign
        if let row = basis.firstIndex(of: k) {
            for j in 0..<width { cost[j] -= sign * Int(tableau[row * width + j]) }
        }
        return try optimise(&cost)
    }

    /// The simplex loop with Bland's rule on the given reduced costs; false when the objective is unbounded.
    private mutating func optimise(_ cost: inout [Int]) throws(PrivacyError) -> Bool {
        for _ in 0..<Self.pivotLimit {
            guard let entering = cost.firstIndex(where: { $0 < 0 }) else { return true }
            var leaving: Int?
            for i in 0..<rowCount where tableau[i * width + entering] > 0 {
                if let l = leaving, rhs[i] > rhs[l] || (rhs[i] == rhs[l] && basis[i] > basis[l]) { continue }
                leaving = i
            }
            guard let leaving else { return false }
            try pivot(row: leaving, column: entering, cost: &cost)
        }
        throw PrivacyError(.invalidInput, "the simplex did not finish within \(Self.pivotLimit) pivots")
    }

    private mutating func pivot(row r: Int, column j: Int, cost: inout [Int]) throws(PrivacyError) {
        // The pivot is ±1 (unimodularity): normalise the row to +1.
        let p = tableau[r * width + j]
        guard p == 1 || p == -1 else { throw Self.notUnimodular }
        if p == -1 {
            for c in 0..<width { tableau[r * width + c] = -tableau[r * width + c] }
            rhs[r] = -rhs[r]
        }
        for i in 0..<rowCount where i != r {
            let factor = tableau[i * width + j]
            guard factor != 0 else { continue }
            for c in 0..<width where tableau[r * width + c] != 0 {
                let value = Int(tableau[i * width + c]) - Int(factor) * Int(tableau[r * width + c])
                guard abs(value) <= 1 else { throw Self.notUnimodular }
                tableau[i * width + c] = Int8(value)
            }
            let (value, overflow) = rhs[i].subtractingReportingOverflow(Int64(factor) * rhs[r])
            guard !overflow else { throw PrivacyError(.invalidInput, "table values overflow 64 bits in the simplex") }
            rhs[i] = value
        }
        let factor = cost[j]
        for c in 0..<width where tableau[r * width + c] != 0 { cost[c] -= factor * Int(tableau[r * width + c]) }
        basis[r] = j
    }

    /// After phase 1: pivot each artificial still basic (at 0) out on a real column, or drop its row as redundant
    /// (each connected table has one: the rows' equations and the columns' both sum to the grand total), then drop
    /// the artificial columns.
    private mutating func driveOutArtificials() throws(PrivacyError) {
        var noCost = [Int](repeating: 0, count: width)
        var keep = [Int]()
        for i in 0..<rowCount {
            if basis[i] >= variables, let j = (0..<variables).first(where: { tableau[i * width + $0] != 0 }) {
                try pivot(row: i, column: j, cost: &noCost)
            }
        }
        for i in 0..<rowCount where basis[i] < variables { keep.append(i) }
        var reduced = [Int8](repeating: 0, count: keep.count * variables)
        for (n, i) in keep.enumerated() {
            for c in 0..<variables { reduced[n * variables + c] = tableau[i * width + c] }
        }
        tableau = reduced
        rhs = keep.map { rhs[$0] }
        basis = keep.map { basis[$0] }
        rowCount = keep.count
        width = variables
    }

    private static let pivotLimit = 1_000_000
    private static let notUnimodular = PrivacyError(.invalidInput, "the margin equations are not totally unimodular")
}
