import Foundation
import Testing
@testable import PasserellePrivacy

/// Review finding 1: secondary suppression protected against exact recomputation only. An attacker who knows that
/// values are ≥ 0 bounds hidden cells by linear programming; every sensitive cell's interval must now be wide.
@Suite("Protection intervals (review finding 1)")
struct ProtectionIntervalTests {
    /// A table from a grid of values: each interior cell gets `units` units sharing its value.
    static func table(_ values: [[Int64]], units: [[Int]]? = nil) -> MagnitudeTable {
        var records = [ContributionRecord]()
        for (r, line) in values.enumerated() {
            for (c, value) in line.enumerated() {
                let count = units?[r][c] ?? 3
                for u in 0..<count {
                    // The first unit carries the remainder, so the cell's value is exact.
                    let share = value / Int64(count) + (u == 0 ? value % Int64(count) : 0)
                    records.append(ContributionRecord(row: "r\(r)", column: "c\(c)", unit: "r\(r)c\(c)u\(u)", value: share))
                }
            }
        }
        return MagnitudeTable(records: records)
    }

    static func key(_ r: Int?, _ c: Int?) -> CellKey { CellKey(row: r.map { "r\($0)" }, column: c.map { "c\($0)" }) }

    /// The museum of 1 000 visitors beside cells of value 1: the old cost order hid the three 1s, which pin it.
    static let museum: ([[Int64]], [[Int]]) = (
        [[1000, 1, 400], [1, 1, 300], [500, 600, 700]],
        [[1, 3, 3], [3, 3, 3], [3, 3, 3]]
    )
    static let minimumThree = try! PrimaryRules(minimumUnits: 3, dominanceLimit: nil)
    static let noInterval = try! ProtectionRequirement(upperShare: 0, lowerShare: 0, minimum: 0)

    @Test func theSmallestComplementsPinTheMuseumAndTheAuditSeesIt() throws {
        let table = Self.table(Self.museum.0, units: Self.museum.1)
        // Without protection levels the mask is the old one: the cheapest rectangle, the three 1s.
        let old = try SecondarySuppression.protect(table, rules: Self.minimumThree, protection: Self.noInterval)
        #expect(old.hidden == [Self.key(0, 0), Self.key(0, 1), Self.key(1, 0), Self.key(1, 1)])
        #expect(RecoverabilityAudit.recoverableCells(table, hidden: old.hidden).isEmpty, "linear algebra alone sees no leak")
        let interval = try #require(try ProtectionAudit.intervals(table, hidden: old.hidden)[Self.key(0, 0)])
        #expect(interval == FeasibleInterval(lower: 999, upper: 1001), "the LP pins 1 000 visitors to ±1")
        #expect(!ProtectionRequirement.standard.isMet(by: interval, value: 1000))
        // With the standard 10 % the museum's interval reaches 900…1 100 at least.
        let new = try SecondarySuppression.protect(table, rules: Self.minimumThree)
        let protected = try #require(try ProtectionAudit.intervals(table, hidden: new.hidden)[Self.key(0, 0)])
        #expect(protected.lower <= 900 && (protected.upper ?? .max) >= 1100, "\(protected)")
        #expect(new.unprotected.isEmpty)
    }

    @Test func twoHiddenZerosInARowWithItsTotalPublishedAreExactlyZero() throws {
        // Row 0: two sensitive zeros (one unit each) and a big cell; their rectangle partners in row 1 are large.
        let table = Self.table([[0, 0, 50], [70, 80, 90]], units: [[1, 1, 3], [3, 3, 3]])
        let hidden: Set = [Self.key(0, 0), Self.key(0, 1), Self.key(1, 0), Self.key(1, 1)]
        #expect(RecoverabilityAudit.recoverableCells(table, hidden: hidden).isEmpty, "the old audit passed this mask")
        let intervals = try ProtectionAudit.intervals(table, hidden: hidden)
        #expect(intervals[Self.key(0, 0)] == FeasibleInterval(lower: 0, upper: 0))
        #expect(intervals[Self.key(0, 1)] == FeasibleInterval(lower: 0, upper: 0))
        // The new mask moves value into the zeros' rows through cells that can give it.
        let mask = try SecondarySuppression.protect(table, rules: Self.minimumThree)
        let after = try ProtectionAudit.intervals(table, hidden: mask.hidden)
        for cell in [Self.key(0, 0), Self.key(0, 1)] {
            #expect((after[cell]?.upper ?? .max) >= 1, "\(cell): \(String(describing: after[cell]))")
        }
    }

    @Test func intervalsOfAHandSolvedTable() throws {
        // Row 0 hidden entirely beside row 1 hidden entirely, every margin published: x00 ∈ [1003 − 3·2, 1002].
        let table = Self.table([[1000, 1, 1, 1], [2, 1, 1, 1]])
        let hidden: Set<CellKey> = Set((0..<2).flatMap { r in (0..<4).map { c in Self.key(r, c) } })
        let intervals = try ProtectionAudit.intervals(table, hidden: hidden)
        #expect(intervals[Self.key(0, 0)] == FeasibleInterval(lower: 997, upper: 1002))
        #expect(intervals[Self.key(0, 1)] == FeasibleInterval(lower: 0, upper: 2))
        // With the grand total and a row's total hidden too, nothing bounds that row from above.
        let open = hidden.union([Self.key(0, nil), Self.key(1, nil), Self.key(nil, nil), Self.key(nil, 0)])
        let wide = try ProtectionAudit.intervals(table, hidden: open)
        #expect(wide[Self.key(0, nil)]?.upper == nil)
    }

    @Test func randomTablesAreProtectedToTheirLevels() throws {
        var rng = SeededGenerator(seed: 20_261_201)
        var checked = 0
        for _ in 0..<60 {
            let rows = Int.random(in: 2...7, using: &rng), columns = Int.random(in: 2...7, using: &rng)
            let values = (0..<rows).map { _ in (0..<columns).map { _ in Self.skewed(&rng) } }
            let units = (0..<rows).map { _ in (0..<columns).map { _ in Int.random(in: 0...5, using: &rng) == 0 ? 1 : 4 } }
            let table = Self.table(values, units: units)
            let mask = try SecondarySuppression.protect(table, rules: Self.minimumThree)
            let intervals = try ProtectionAudit.intervals(table, hidden: mask.hidden)
            for cell in mask.primary where !mask.unprotected.contains(cell) {
                let interval = try #require(intervals[cell])
                #expect(ProtectionRequirement.standard.isMet(by: interval, value: table[cell].value), "\(cell) \(interval) of \(table[cell].value)")
                checked += 1
            }
            for (cell, interval) in intervals where !mask.unprotected.contains(cell) {
                // True values are always feasible.
                #expect(interval.lower <= table[cell].value && (interval.upper ?? .max) >= table[cell].value)
            }
        }
        #expect(checked > 50)
    }

    @Test func requirementLevels() throws {
        let standard = ProtectionRequirement.standard
        #expect(standard.upperLevel(for: 1000) == 100 && standard.lowerLevel(for: 1000) == 100)
        #expect(standard.upperLevel(for: 0) == 1 && standard.lowerLevel(for: 0) == 0, "nothing lies below 0")
        #expect(standard.upperLevel(for: 5) == 1 && standard.lowerLevel(for: 5) == 1)
        #expect(standard.isMet(by: FeasibleInterval(lower: 0, upper: nil), value: 7))
        #expect(!standard.isMet(by: FeasibleInterval(lower: 901, upper: nil), value: 1000))
        #expect(throws: PrivacyError.self) { try ProtectionRequirement(upperShare: .nan, lowerShare: 0, minimum: 1) }
        #expect(throws: PrivacyError.self) { try ProtectionRequirement(upperShare: 0.1, lowerShare: 0.1, minimum: -1) }
    }

    /// 30 % zeros, then small values, then large ones, rarely very large.
    static func skewed(_ rng: inout SeededGenerator) -> Int64 {
        switch Int.random(in: 0..<100, using: &rng) {
        case 0..<30: 0
        case 30..<55: Int64.random(in: 1...5, using: &rng)
        case 55..<97: Int64.random(in: 10...1_000_000, using: &rng)
        default: Int64.random(in: 1_000_000...1_000_000_000, using: &rng)
        }
    }
}

/// The exact simplex against SciPy's `linprog` (HiGHS) on the same tables, from the JSON that
/// `scripts/privacy-reference.sh` writes.
@Suite(.enabled(if: LPReference.available, LPReference.missing))
struct ProtectionIntervalReferenceTests {
    @Test func everyIntervalEqualsSciPys() throws {
        let reference = try LPReference.load()
        #expect(reference.cases.count >= 60)
        var compared = 0
        for c in reference.cases {
            var records = [ContributionRecord]()
            for (r, line) in c.interior.enumerated() {
                for (k, value) in line.enumerated() {
                    records.append(ContributionRecord(row: c.rows[r], column: c.columns[k], unit: "u\(r)-\(k)", value: value))
                }
            }
            let table = MagnitudeTable(records: records, rows: c.rows, columns: c.columns)
            let hidden = c.hidden.map { CellKey(row: $0[0], column: $0[1]) }
            let ours = try ProtectionAudit.intervals(table, hidden: Set(hidden))
            for (cell, theirs) in zip(hidden, c.intervals) {
                #expect(ours[cell] == FeasibleInterval(lower: theirs[0]!, upper: theirs[1]), "\(c.name) \(cell): ours \(String(describing: ours[cell])) SciPy \(theirs)")
                compared += 1
            }
        }
        print("protection intervals: \(compared) hidden cells in \(reference.cases.count) tables equal SciPy \(reference.scipy_version)'s linprog")
    }
}

/// Reads `.build/privacy-reference/lp-reference.json` (or `PASSERELLE_LP_REFERENCE`).
enum LPReference {
    struct Case: Decodable {
        let name: String
        let rows: [String]
        let columns: [String]
        let interior: [[Int64]]
        let hidden: [[String?]]
        let intervals: [[Int64?]]
    }

    struct File: Decodable {
        let scipy_version: String
        let cases: [Case]
    }

    static let file = ReferenceFile<File>(name: "lp-reference.json", environmentKey: "PASSERELLE_LP_REFERENCE")
    static var available: Bool { file.available }
    static var missing: Comment { file.missing }
    static func load() throws -> File { try file.load() }
}
