import Foundation
import PasserelleApp
import PasserelleConnectors
import PasserelleCore
import PasserellePrivacy
import Testing

/// INSEE secret statistique on the real yearly attendance of the Musées de France, with protection intervals.
@Suite(.enabled(if: MuseumData.available, MuseumData.missing))
struct MuseumAttendanceReleaseTests {
    @Test func theFileIsReadWithEveryRejectKeptAndItsReason() throws {
        let (records, rejected) = try MuseumAttendanceReader.read(realdata: MuseumData.root)
        #expect(records.count + rejected.count == 24_769, "every data line is either read or kept aside")
        #expect(records.count > 21_000)
        #expect(rejected.allSatisfy { !$0.reason.isEmpty && !$0.raw.isEmpty && $0.line > 1 })
        #expect(Set(records.compactMap(\.regionCode)).count == 18, "13 metropolitan and 5 overseas régions")
        #expect(records.allSatisfy { $0.departementCode != nil }, "every département spelling resolves")
        // Saint-Pierre-et-Miquelon is an overseas collectivity: in the département table, in no région.
        #expect(records.contains { $0.departementCode == "975" && $0.regionCode == nil })
        #expect(rejected.allSatisfy { $0.reason == "no total attendance" }, "\(Set(rejected.map(\.reason)))")
        #expect(Set(records.map(\.year)) == Set(2001...2021))
        let reasons = Dictionary(grouping: rejected, by: \.reason).mapValues(\.count)
        print("museum attendance: \(records.count) records, rejected \(reasons)")
    }

    @Test(arguments: [
        (MuseumAttendanceRelease.Breakdown.regionYear, 3), (.regionYear, 11), (.departementYear, 3),
    ])
    func everyPrimaryCellIsProtectedByItsInterval(breakdown: MuseumAttendanceRelease.Breakdown, minimum: Int) throws {
        let rules = try PrimaryRules(minimumUnits: minimum, dominanceLimit: 0.85)
        let output = try MuseumAttendanceRelease.release(
            realdata: MuseumData.root, breakdown: breakdown, rules: rules, protection: .standard
        )
        let table = output.table
        #expect(table.unprotected.isEmpty)
        // Recompute the truth to check each published value and each primary cell's protection.
        let truth = try MuseumData.table(breakdown)
        var primary = 0, narrowest = Int64.max
        for cell in table.cells {
            switch cell.status {
            case .published:
                #expect(cell.value == truth[cell.key].value)
                #expect(cell.interval == nil)
            case let .suppressed(reason):
                #expect(cell.value == nil)
                let interval = try #require(cell.interval, "\(cell.key) hidden without an interval")
                #expect(interval.lower <= truth[cell.key].value && (interval.upper ?? .max) >= truth[cell.key].value)
                if reason.isPrimary {
                    primary += 1
                    #expect(ProtectionRequirement.standard.isMet(by: interval, value: truth[cell.key].value), "\(cell.key) \(interval)")
                    narrowest = min(narrowest, (interval.upper ?? .max) - interval.lower)
                }
            }
        }
        #expect(primary > 0, "the real data has small cells")
        let summary = table.summary
        print("museums \(breakdown.rawValue) at minimum \(minimum): \(output.recordCount) records, hidden \(summary.hidden) (primary \(summary.primary)), narrowest primary interval width \(narrowest)")
    }
}

enum MuseumData {
    static let root = DemoDataLoader.defaultRoot()
    static var available: Bool { FileManager.default.fileExists(atPath: root.appending(path: MuseumAttendanceReader.relativePath).path) }
    static var missing: Comment { Comment(rawValue: "missing \(root.appending(path: MuseumAttendanceReader.relativePath).path) (set PASSERELLE_REALDATA)") }

    /// The true table, rebuilt from the records, to check what the release publishes.
    static func table(_ breakdown: MuseumAttendanceRelease.Breakdown) throws -> MagnitudeTable {
        let records = try MuseumAttendanceReader.read(realdata: root).records.compactMap { entry -> ContributionRecord? in
            guard let row = breakdown == .regionYear ? entry.regionCode : entry.departementCode else { return nil }
            return ContributionRecord(row: row, column: String(entry.year), unit: entry.museum, value: entry.total)
        }
        return MagnitudeTable(records: records)
    }
}
