import Foundation
import Testing
@testable import PasserellePrivacy

/// The ledger's budget logic over the in-memory store (the SQL stores run the same checks in their own tests).
@Suite struct LedgerTests {
    static func ledger(epsilon: Double = 1, delta: Double = 1e-7) async throws -> (PrivacyLedger, LedgerKey) {
        let store = InMemoryPrivacyLedgerStore()
        let key = try LedgerKey(source: "web-audience/site-1", period: "2026-11")
        _ = await store.open(key, budget: try PrivacyBudget(epsilon: epsilon, delta: delta))
        return (PrivacyLedger(store: store), key)
    }

    @Test(arguments: [
        PrivacyLoss.pure(epsilon: -0.1), .pure(epsilon: .nan), .pure(epsilon: .infinity), .zCDP(rho: -1),
        .zCDP(rho: .nan), .approximate(epsilon: 0.1, delta: -1e-9), .approximate(epsilon: 0.1, delta: 1),
    ])
    func invalidParametersAreRefused(loss: PrivacyLoss) async throws {
        let (ledger, key) = try await Self.ledger()
        await #expect(throws: PrivacyError.self) {
            _ = try await ledger.release(key, loss: loss, label: "bad", compute: { 1 })
        }
        #expect(try await ledger.report(key)?.state.entries.isEmpty == true)
    }

    @Test func invalidBudgetsAreRefused() {
        #expect(throws: PrivacyError.self) { try PrivacyBudget(epsilon: .nan, delta: 0) }
        #expect(throws: PrivacyError.self) { try PrivacyBudget(epsilon: 1, delta: -1) }
        #expect(throws: PrivacyError.self) { try PrivacyBudget(epsilon: .infinity, delta: 0) }
        #expect(throws: PrivacyError.self) { try ZCDPConversion.epsilon(rho: 0.1, delta: 0) }
    }

    @Test func anOverspendingReleaseIsRefusedAndNotComputed() async throws {
        let (ledger, key) = try await Self.ledger(epsilon: 1)
        var computed = 0
        for _ in 0..<4 {
            let outcome = try await ledger.release(key, loss: .pure(epsilon: 0.25), label: "count", compute: { computed += 1 })
            guard case .released = outcome else {
                Issue.record("4 × 0.25 = 1 exactly: each must fit")
                return
            }
        }
        let outcome = try await ledger.release(key, loss: .pure(epsilon: 0.25), label: "one too many", compute: { computed += 1 })
        guard case let .refused(reason) = outcome else {
            Issue.record("the fifth release must be refused")
            return
        }
        #expect(reason.contains("over its budget"))
        #expect(computed == 4, "the refused release was not computed")
        #expect(try await ledger.report(key)?.state.entries.count == 4)
    }

    @Test func roundingAgainstUsRefusesTheTenthTenth() async throws {
        // 0.1 is not exact in binary: ten of them round up to 1.0000000000000007 (OpenDP reports the same),
        // which is over ε = 1, so the tenth is refused rather than risking an understated total.
        let (ledger, key) = try await Self.ledger(epsilon: 1)
        var outcomes = [Bool]()
        for _ in 0..<10 {
            let outcome = try await ledger.release(key, loss: .pure(epsilon: 0.1), label: "count", compute: { 0 })
            if case .released = outcome { outcomes.append(true) } else { outcomes.append(false) }
        }
        #expect(outcomes == Array(repeating: true, count: 9) + [false])
    }

    @Test func zCDPReleasesAreConvertedForTheBudget() async throws {
        // ρ = 0.015 ⇒ ε ≈ 0.8546 at δ = 1e-7: one fits in ε = 1, a second one (ρ = 0.03 ⇒ ε ≈ 1.25) does not.
        let (ledger, key) = try await Self.ledger(epsilon: 1, delta: 1e-7)
        guard case let .released(_, after) = try await ledger.release(key, loss: .zCDP(rho: 0.015), label: "day 1", compute: { 0 }) else {
            Issue.record("first day must fit")
            return
        }
        #expect(abs((after?.epsilon ?? 0) - 0.8546) < 1e-4)
        guard case .refused = try await ledger.release(key, loss: .zCDP(rho: 0.015), label: "day 2", compute: { 0 }) else {
            Issue.record("second day must be refused")
            return
        }
    }

    @Test func racingReleasesForTheLastBudgetHaveExactlyOneWinner() async throws {
        let (ledger, key) = try await Self.ledger(epsilon: 1)
        _ = try await ledger.release(key, loss: .pure(epsilon: 0.6), label: "first", compute: { 0 })
        let winners = try await withThrowingTaskGroup(of: Bool.self) { group in
            for i in 0..<8 {
                group.addTask {
                    if case .released = try await ledger.release(key, loss: .pure(epsilon: 0.3), label: "racer \(i)", compute: { i }) {
                        return true
                    }
                    return false
                }
            }
            return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(winners == 1)
    }

    @Test func spendRoundsUpAndNeverBelowTheExactSum() {
        let spend = PrivacySpend(Array(repeating: PrivacyLoss.pure(epsilon: 0.1), count: 10))
        #expect(spend.pureEpsilon == 1.0000000000000007, "the exact sum rounded toward +∞ at each step, as OpenDP")
        #expect(RoundUp.multiply(0.1, 0.3) > 0.1 * 0.3, "0.1·0.3 rounded to nearest is below the exact product")
        #expect(RoundUp.multiply(0.1, 0.1) == 0.1 * 0.1, "0.1·0.1 rounded to nearest is already above")
        #expect(RoundUp.add(0.25, 0.5) == 0.75, "exact sums are not bumped")
        #expect(RoundUp.divide(1, 3) > 1.0 / 3 && RoundUp.divide(1, 3).nextDown == 1.0 / 3, "1/3 rounds up by one ulp")
        #expect(RoundUp.divide(1, 0.5) == 2, "exact quotients are not bumped")
        #expect(RoundUp.squareRoot(2) * RoundUp.squareRoot(2) >= 2 && RoundUp.squareRoot(4) == 2)
        let mixed = PrivacySpend([.pure(epsilon: 0.1), .zCDP(rho: 0.015)])
        #expect(mixed.totalRho >= 0.02 && mixed.totalRho - 0.02 < 1e-15)
    }

    @Test func approximateReleasesUseTheirDeltaFirst() throws {
        let spend = PrivacySpend([.zCDP(rho: 0.015), .approximate(epsilon: 0.1, delta: 5e-8)])
        let g = try #require(try spend.guarantee(delta: 1e-7))
        let zOnly = try ZCDPConversion.epsilon(rho: 0.015, delta: 5e-8)
        #expect(g.epsilon >= zOnly + 0.1)
        #expect(try spend.guarantee(delta: 4e-8) == nil, "δ of the selection exceeds the target: unbounded")
    }

    @Test func reportSaysWhatWasSpentAndWhatIsLeft() async throws {
        let (ledger, key) = try await Self.ledger(epsilon: 2, delta: 1e-7)
        _ = try await ledger.release(key, loss: .zCDP(rho: 0.015), label: "daily visits", compute: { 0 })
        _ = try await ledger.release(key, loss: .pure(epsilon: 0.1), label: "monthly total", compute: { 0 })
        let state = try #require(try await ledger.report(key)?.state)
        let lines = try LedgerReport.lines(state)
        #expect(lines.first == "ledger web-audience/site-1/2026-11: budget (ε=2.0, δ=1e-07)")
        #expect(lines.contains { $0.contains("ρ=0.015 — daily visits") })
        #expect(lines.contains { $0.hasPrefix("spent: ρ = 0.02") })
        // Basic composition (0.1 + ε(ρ = 0.015)) beats converting the Laplace release to zCDP (0.9951).
        #expect(lines.contains { $0.hasPrefix("route zcdp: (ε=0.99508074065") })
        #expect(lines.contains { $0.hasPrefix("route basic: (ε=0.95460537") })
        #expect(lines.contains { $0.hasPrefix("guarantee: (ε=0.95460537") && $0.hasSuffix("within the budget") })
    }

    @Test func tablesAreReleasedThroughTheLedgerUntilTheBudgetIsSpent() async throws {
        let (ledger, key) = try await Self.ledger(epsilon: 1, delta: 1e-7)
        let bounds = try ContributionBounds(maxPartitionsPerUnit: 10, maxValuePerPartition: 1)
        let spec = ReleaseSpec(unit: .deviceDay, bounds: bounds, mechanism: .gaussian(rho: 0.015), partitions: .publicKeys(.regions))
        let records = (0..<300).map { UnitContribution(unit: "d\($0)", key: "84") }
        guard case let .released(table, after) = try await ledger.releaseTable(
            key, records: records, statistic: .unitCount, spec: spec, label: "visits by région, day 1") else {
            Issue.record("the first day fits")
            return
        }
        #expect(table.cells.count == 18 && table.parameters.loss == .zCDP(rho: 0.015))
        #expect(abs((after?.epsilon ?? 0) - 0.8546) < 1e-4)
        let second = try await ledger.releaseTable(key, records: records, statistic: .unitCount, spec: spec, label: "day 2")
        guard case .refused = second else {
            Issue.record("the second day overspends")
            return
        }
        let entries = try #require(try await ledger.report(key)?.state.entries)
        #expect(entries.map(\.label) == ["visits by région, day 1 [passerelle-dp/1, discrete Gaussian ρ=0.015]"])
    }
}
