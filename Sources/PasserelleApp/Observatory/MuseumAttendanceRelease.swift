public import Foundation
public import PasserelleConnectors
public import PasserellePrivacy

/// The real yearly attendance of the Musées de France released under the INSEE rules: primary suppression,
/// complementary suppression with protection intervals, and the audit published with the table.
public enum MuseumAttendanceRelease {
    /// The two tables the ministry publishes from this file.
    public enum Breakdown: String, Sendable, CaseIterable {
        /// Rows are the 18 régions (2016 map), columns the years.
        case regionYear = "region-year"
        /// Rows are the départements, columns the years.
        case departementYear = "departement-year"
    }

    /// The released table, with the lines and records left out and why.
    public struct Output: Sendable {
        /// What is published.
        public let table: DisclosedTable
        /// The breakdown released.
        public let breakdown: Breakdown
        /// Lines of the file that could not be read.
        public let rejectedLines: [RejectedAttendanceLine]
        /// Records read but outside the table (e.g. no département for a département table).
        public let rejectedRecords: [RejectedContribution]
        /// Records that fed the table.
        public let recordCount: Int
    }

    /// Reads the file under `realdata` and releases it.
    public static func release(
        realdata: URL, breakdown: Breakdown, rules: PrimaryRules, protection: ProtectionRequirement
    ) throws -> Output {
        let (attendance, rejectedLines) = try MuseumAttendanceReader.read(realdata: realdata)
        var records = [ContributionRecord](), outside = [RejectedContribution]()
        for entry in attendance {
            let row: String? = switch breakdown {
            case .regionYear: entry.regionCode
            case .departementYear: entry.departementCode
            }
            let record = ContributionRecord(row: row ?? "", column: String(entry.year), unit: entry.museum, value: entry.total)
            guard row != nil else {
                let reason = breakdown == .regionYear ? "an overseas collectivity, in no région" : "no département for this line"
                outside.append(RejectedContribution(record: record, reason: reason))
                continue
            }
            records.append(record)
        }
        let table = MagnitudeTable(records: records)
        let disclosed = try DisclosedTable(table, rules: rules, protection: protection)
        return Output(table: disclosed, breakdown: breakdown, rejectedLines: rejectedLines,
                      rejectedRecords: outside + table.rejected, recordCount: records.count - table.rejected.count)
    }
}
