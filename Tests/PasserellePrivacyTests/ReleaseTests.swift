import Foundation
import Testing
@testable import PasserellePrivacy

/// Contribution bounding, key spaces, partition selection, release metadata and ratios.
@Suite struct ReleaseTests {
    static func records(units: Int, partitionsPerUnit: Int, keys: [String]) -> [UnitContribution] {
        (0..<units).flatMap { u in
            (0..<partitionsPerUnit).map { k in UnitContribution(unit: "u\(u)", key: keys[(u + k) % keys.count], value: 3) }
        }
    }

    @Test func boundingIsOrderIndependentAndRespectsL0AndLInfinity() throws {
        let bounds = try ContributionBounds(maxPartitionsPerUnit: 2, maxValuePerPartition: 2)
        let keys = ["a", "b", "c", "d", "e"]
        let records = Self.records(units: 50, partitionsPerUnit: 4, keys: keys)
            + [UnitContribution(unit: "", key: "a"), UnitContribution(unit: "x", key: "a", value: -2)]
        var rng1 = SeededGenerator(seed: 11), rng2 = SeededGenerator(seed: 11)
        let forward = ContributionBounding.bound(records, bounds: bounds, using: &rng1)
        let shuffled = ContributionBounding.bound(records.reversed(), bounds: bounds, using: &rng2)
        #expect(forward.sums == shuffled.sums && forward.units == shuffled.units)
        #expect(forward.units.values.reduce(0, +) == 100, "50 units × L0 = 2 partitions")
        #expect(forward.droppedPartitions == 100)
        #expect(forward.sums.values.reduce(0, +) == 200, "each kept (unit, partition) is clamped from 3 to L∞ = 2")
        #expect(forward.clampedValues == 100)
        #expect(forward.rejected.map(\.reason) == ["empty unit identifier", "negative value -2"])
    }

    @Test func truncationIsUniformOverPartitions() throws {
        // One unit with 4 partitions and L0 = 1, repeated: each partition is kept a quarter of the time.
        let bounds = try ContributionBounds(maxPartitionsPerUnit: 1, maxValuePerPartition: 1)
        let records = ["a", "b", "c", "d"].map { UnitContribution(unit: "solo", key: $0) }
        var rng = SeededGenerator(seed: 5)
        var kept = [String: Int]()
        let trials = 40_000
        for _ in 0..<trials {
            for key in ContributionBounding.bound(records, bounds: bounds, using: &rng).units.keys { kept[key, default: 0] += 1 }
        }
        let chi = kept.values.reduce(0.0) { $0 + pow(Double($1) - 10_000, 2) / 10_000 }
        #expect(Statistics.chiSquarePValue(chi, degreesOfFreedom: 3) > 1e-6, "\(kept)")
    }

    @Test func boundsAndKeySpacesRejectBadValues() throws {
        #expect(throws: PrivacyError.self) { try ContributionBounds(maxPartitionsPerUnit: 0, maxValuePerPartition: 1) }
        #expect(throws: PrivacyError.self) { try ContributionBounds(maxPartitionsPerUnit: 1, maxValuePerPartition: 0) }
        #expect(throws: PrivacyError.self) { try KeySpace(name: "dup", keys: ["a", "a"]) }
        #expect(KeySpace.regions.keys.count == 18)
        #expect(KeySpace.departements.keys.count >= 101)
        #expect(KeySpace.ageBands.keys.first == "0-4" && KeySpace.ageBands.keys.last == "95+")
        let start = try #require(ISO8601DateFormatter().date(from: "2026-02-27T10:00:00Z"))
        let end = try #require(ISO8601DateFormatter().date(from: "2026-03-02T00:00:00Z"))
        #expect(try KeySpace.days(from: start, through: end).keys == ["2026-02-27", "2026-02-28", "2026-03-01", "2026-03-02"])
    }

    @Test func publicKeySpaceReleasesEveryKeyWithMetadata() throws {
        let bounds = try ContributionBounds(maxPartitionsPerUnit: 1, maxValuePerPartition: 1)
        let records = (0..<500).map { UnitContribution(unit: "v\($0)", key: $0 % 2 == 0 ? "11" : "84") }
            + [UnitContribution(unit: "w", key: "not-a-region")]
        let spec = ReleaseSpec(unit: .deviceDay, bounds: bounds, mechanism: .gaussian(rho: 0.5), partitions: .publicKeys(.regions))
        var rng = SeededGenerator(seed: 99)
        let table = try DPRelease.release(records, statistic: .unitCount, spec: spec, using: &rng)
        #expect(table.cells.map(\.key) == KeySpace.regions.keys, "every région, even empty, and nothing else")
        #expect(table.methodVersion == ReleaseSpec.currentMethodVersion)
        #expect(table.parameters.loss == .zCDP(rho: 0.5))
        #expect(table.parameters.noiseScale == (try PositiveRational(1, 1)), "σ = √(1/(2·0.5)) = 1 exactly: no rounding needed")
        #expect(table.cells.allSatisfy { $0.errorBound95 == 2 }, "discrete Gaussian σ=1: P(|Z| > 2) ≈ 0.045 ≤ 0.05 < P(|Z| > 1)")
        let truth: [String: Int64] = ["11": 250, "84": 250]
        let evaluated = table.evaluated(against: truth)
        let utility = try #require(evaluated.utility)
        #expect(utility.publishedShare == 1)
        #expect(try #require(utility.medianRelativeError) < 0.05)
        #expect(utility.spuriousCellRate == 16.0 / 18.0, "16 empty régions are published with noise")
    }

    @Test func postNoiseThresholdSuppressesWithReason() throws {
        let bounds = try ContributionBounds(maxPartitionsPerUnit: 1, maxValuePerPartition: 1)
        let spec = ReleaseSpec(unit: .beneficiary, bounds: bounds, mechanism: .laplace(epsilon: 1),
                               partitions: .publicKeys(.regions), minimumNoisyValue: 11)
        var rng = SeededGenerator(seed: 1)
        let records = (0..<100).map { UnitContribution(unit: "b\($0)", key: "11") }
        let table = try DPRelease.release(records, statistic: .unitCount, spec: spec, using: &rng)
        #expect(table.cells.first { $0.key == "11" }?.status == .published)
        let empty = try #require(table.cells.first { $0.key == "94" })
        #expect(empty.value == nil && empty.status == .suppressed(.belowSelectionThreshold(threshold: 11)))
    }

    @Test func partitionSelectionThresholdMeetsDelta() throws {
        let tau = try PartitionSelection.threshold(epsilon: 1, delta: 1e-7, maxPartitions: 1)
        let p = exp(-1.0)
        #expect(pow(p, Double(tau - 1)) / (1 + p) <= 1e-7)
        #expect(pow(p, Double(tau - 2)) / (1 + p) > 1e-7, "τ is the smallest such threshold")
        #expect(try PartitionSelection.threshold(epsilon: 1, delta: 1e-7, maxPartitions: 10) > tau)
        #expect(throws: PrivacyError.self) { try PartitionSelection.threshold(epsilon: .nan, delta: 1e-7, maxPartitions: 1) }
    }

    @Test func selectedPartitionsHideRareKeysAndChargeDelta() throws {
        let bounds = try ContributionBounds(maxPartitionsPerUnit: 1, maxValuePerPartition: 1)
        let spec = ReleaseSpec(unit: .account, bounds: bounds, mechanism: .laplace(epsilon: 1), partitions: .selected(delta: 1e-6))
        let records = (0..<1_000).map { UnitContribution(unit: "a\($0)", key: "popular") }
            + [UnitContribution(unit: "lonely", key: "rare-domain.example")]
        var rng = SeededGenerator(seed: 3)
        let table = try DPRelease.release(records, statistic: .unitCount, spec: spec, using: &rng)
        #expect(table.cells.map(\.key) == ["popular"])
        #expect(table.parameters.loss == .approximate(epsilon: 1, delta: 1e-6))
        #expect(table.parameters.selectionThreshold != nil)
        let gaussianSelected = ReleaseSpec(unit: .account, bounds: bounds, mechanism: .gaussian(rho: 1), partitions: .selected(delta: 1e-6))
        #expect(throws: PrivacyError.self) { try gaussianSelected.loss() }
    }

    @Test func ratiosCarryAnHonestBound() throws {
        let r = try #require(RatioEstimate(numerator: 300, numeratorBound: 10, denominator: 1_000, denominatorBound: 10))
        #expect(r.value == 0.3)
        #expect(abs(r.errorBound - (310.0 / 990.0 - 0.3)) < 1e-15)
        #expect(RatioEstimate(numerator: 3, numeratorBound: 10, denominator: 8, denominatorBound: 10) == nil)
        // Coverage: the true share lies inside the bound in ≥ 95 % of noisy releases.
        let laplace = try DiscreteLaplace(epsilon: 0.5, sensitivity: 1)
        let bound = laplace.errorBound(alpha: 0.025)
        var rng = SeededGenerator(seed: 8)
        var covered = 0
        for _ in 0..<2_000 {
            let n = 120 + laplace.sample(using: &rng), d = 400 + laplace.sample(using: &rng)
            if let estimate = RatioEstimate(numerator: n, numeratorBound: bound, denominator: d, denominatorBound: bound),
               abs(estimate.value - 0.3) <= estimate.errorBound { covered += 1 }
        }
        #expect(covered >= 1_900, "coverage \(covered)/2000")
    }
}
