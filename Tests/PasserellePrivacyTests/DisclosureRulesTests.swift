import Testing
@testable import PasserellePrivacy

/// INSEE primary rules and secondary suppression on small tables whose answers are known by hand.
@Suite struct DisclosureRulesTests {
    static func record(_ row: String, _ column: String, _ unit: String, _ value: Int64) -> ContributionRecord {
        ContributionRecord(row: row, column: column, unit: unit, value: value)
    }

    @Test func minimumCountAndDominanceGiveReasons() throws {
        let rules = PrimaryRules.business
        #expect(rules.verdict(for: CellAggregate(unitTotals: [10, 20])) == .suppressed(.belowMinimumCount(units: 2, minimum: 3)))
        let dominated = rules.verdict(for: CellAggregate(unitTotals: [90, 5, 5]))
        guard case let .suppressed(.dominance(share, limit)) = dominated else {
            Issue.record("expected dominance, got \(dominated)")
            return
        }
        #expect(share == 0.9 && limit == 0.85)
        #expect(rules.verdict(for: CellAggregate(unitTotals: [85, 10, 5])) == .published, "exactly 85 % is allowed")
        #expect(PrimaryRules.persons.verdict(for: CellAggregate(unitTotals: Array(repeating: 1, count: 10))).isSuppressed)
        #expect(PrimaryRules.persons.verdict(for: CellAggregate(unitTotals: Array(repeating: 1, count: 11))) == .published)
        #expect(throws: PrivacyError.self) { try PrimaryRules(minimumUnits: 0, dominanceLimit: nil) }
        #expect(throws: PrivacyError.self) { try PrimaryRules(minimumUnits: 3, dominanceLimit: .nan) }
    }

    @Test func badRecordsAreKeptWithTheirReason() {
        let table = MagnitudeTable(
            records: [Self.record("a", "2020", "u1", 5), Self.record("a", "2020", "", 5), Self.record("a", "2020", "u2", -1),
                      Self.record("zz", "2020", "u3", 1)],
            rows: ["a", "b"], columns: ["2020"]
        )
        #expect(table.rejected.map(\.reason) == ["empty unit identifier", "negative value -1", "row 'zz' outside the public key space"])
        #expect(table[CellKey(row: "b", column: "2020")].unitCount == 0, "public key space keeps empty rows")
        #expect(table[CellKey(row: nil, column: nil)].value == 5)
    }

    /// 3 × 3 table, every cell with 5 units of value 10 except (r1, c1) with a single unit.
    static func grid(sensitive: Set<String> = ["r1/c1"], bump: Int64 = 0) -> MagnitudeTable {
        var records = [ContributionRecord]()
        for r in ["r1", "r2", "r3"] {
            for c in ["c1", "c2", "c3"] {
                let units = sensitive.contains("\(r)/\(c)") ? 1 : 5
                for u in 0..<units {
                    let extra = (r == "r3" && c == "c3") ? bump : 0
                    records.append(record(r, c, "\(r)\(c)u\(u)", 10 + Int64(u) + extra))
                }
            }
        }
        return MagnitudeTable(records: records)
    }

    @Test func primaryOnlyMaskIsBrokenByTheMargins() {
        let table = Self.grid()
        let hidden: Set = [CellKey(row: "r1", column: "c1")]
        let recovered = RecoverabilityAudit.recoverableCells(table, hidden: hidden)
        #expect(recovered[CellKey(row: "r1", column: "c1")] == 10, "the negative control: one hidden cell is recomputed")
    }

    @Test func secondarySuppressionProtectsEveryHiddenCell() throws {
        let table = Self.grid(sensitive: ["r1/c1", "r2/c3"])
        let mask = try SecondarySuppression.protect(table, rules: .business)
        #expect(mask.primary == [CellKey(row: "r1", column: "c1"), CellKey(row: "r2", column: "c3")])
        #expect(!mask.secondary.isEmpty)
        #expect(mask.unprotected.isEmpty)
        #expect(mask.secondary.allSatisfy { !$0.isMargin }, "interior complements exist, so no margin is hidden")
        #expect(RecoverabilityAudit.recoverableCells(table, hidden: mask.hidden).isEmpty)
    }

    @Test func masksStayStableAcrossPeriods() throws {
        let first = Self.grid(sensitive: ["r1/c1"], bump: 0)
        let firstMask = try SecondarySuppression.protect(first, rules: .business)
        // Next period: same sensitive cell, but values shift so that another rectangle becomes the cheapest.
        let second = Self.grid(sensitive: ["r1/c1"], bump: -9)
        let fresh = try SecondarySuppression.protect(second, rules: .business)
        let stable = try SecondarySuppression.protect(second, rules: .business, previousMask: firstMask.hidden)
        #expect(fresh.hidden != firstMask.hidden, "without memory the cheapest complement moves")
        #expect(stable.hidden == firstMask.hidden, "with the previous mask the same cells are hidden")
        #expect(RecoverabilityAudit.recoverableCells(second, hidden: stable.hidden).isEmpty)
    }
}
