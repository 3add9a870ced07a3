import Foundation
import Testing
@testable import PasserellePrivacy

/// INSEE secret statistique on the real yearly attendance of the Musées de France, by région × year.
@Suite(.enabled(if: RealData.museumsAvailable, RealData.museumsMissing))
struct MuseumDisclosureTests {
    @Test(arguments: [3, 11])
    func regionByYearIsProtected(minimum: Int) throws {
        let (records, rejects) = try RealData.museumRecords()
        #expect(records.count > 20_000, "the file holds ~24 000 museum-years")
        let table = MagnitudeTable(records: records)
        let rules = try PrimaryRules(minimumUnits: minimum, dominanceLimit: 0.85)
        let mask = SecondarySuppression.protect(table, rules: rules)
        // Every primary cell really breaks a rule, every published non-empty cell satisfies both.
        for (key, status) in mask.statuses {
            let cell = table[key]
            if case let .suppressed(reason) = status, reason.isPrimary {
                #expect(cell.unitCount < minimum || Double(cell.largestUnitValue) > 0.85 * Double(cell.value), "\(key)")
            }
            if status == .published && cell.unitCount > 0 {
                #expect(cell.unitCount >= minimum && Double(cell.largestUnitValue) <= 0.85 * Double(cell.value), "\(key)")
            }
        }
        // The attacker's attempt: recompute each hidden cell from published cells and margins.
        let recovered = RecoverabilityAudit.recoverableCells(table, hidden: mask.hidden)
        #expect(recovered.isEmpty, "recomputed: \(recovered)")
        #expect(mask.unprotected.isEmpty)
        // Cross-check of two independent methods: secondary suppression was needed (graph bridges) exactly when the
        // primary mask alone can be attacked (linear algebra), and the attack then recovers the true values.
        let naive = RecoverabilityAudit.recoverableCells(table, hidden: mask.primary)
        #expect(naive.isEmpty == mask.secondary.isEmpty)
        for (key, value) in naive { #expect(abs(value - Double(table[key].value)) < 0.5, "\(key)") }
        let interior = table.rows.count * table.columns.count
        let hiddenInterior = mask.hidden.filter { !$0.isMargin }
        print("""
            museums région×year at minimum \(minimum): \(records.count) records, \(rejects.count) lines rejected \
            (e.g. \(rejects.first?.reason ?? "-")), \(table.rows.count) régions × \(table.columns.count) years; \
            primary \(mask.primary.count), secondary \(mask.secondary.count), \
            hidden interior \(hiddenInterior.count)/\(interior), hidden margins \(mask.hidden.count - hiddenInterior.count); \
            primary-only mask recomputable: \(naive.count) cell(s); secondary cells: \(mask.secondary.sorted().map(\.description).joined(separator: ", "))
            """)
    }
}
