public import Foundation
import PasserelleConnectors
public import PasserelleObservatory
public import PasserelleStorage

/// Imports a platform's aggregated report, a CSV file with the header
/// `period,platform,institution,metric,region,value` (empty institution: the platform's whole cultural audience;
/// empty région: all of France). Every bad line is refused with its reason and kept; the good ones are stored in
/// one transaction, replacing earlier figures of the same month and key.
public enum PlatformReportImport {
    /// Largest accepted file: a month of a platform's figures per institution and région is far smaller.
    public static let maximumBytes = 32 * 1_024 * 1_024
    /// Largest accepted number of lines.
    public static let maximumLines = 200_000

    /// The figures and the rejected lines of `csv`.
    public static func parse(_ csv: String) throws(ObservatoryError) -> (reports: [PlatformReport], rejected: [RejectedPlatformLine]) {
        var parser = CSVParser(text: csv)
        guard let headerRecord = parser.next() else { throw ObservatoryError(.invalid, "the report is empty") }
        let header = CSVHeader(headerRecord)
        let missing = header.missing(PlatformReport.columns)
        guard missing.isEmpty else {
            throw ObservatoryError(.invalid, "the report lacks the columns \(missing.joined(separator: ", ")) (expected \(PlatformReport.columns.joined(separator: ",")))")
        }
        var reports = [PlatformReport](), rejected = [RejectedPlatformLine](), firstLine = [String: Int]()
        var lines = 0
        while let record = parser.next() {
            if record.isBlank { continue }
            lines += 1
            guard lines <= maximumLines else { throw ObservatoryError(.invalid, "the report has more than \(maximumLines) lines; split it by month") }
            let raw = record.fields.joined(separator: ",")
            if let problem = header.shapeProblem(of: record) {
                rejected.append(RejectedPlatformLine(line: record.line, reason: problem, raw: raw))
                continue
            }
            let value = { (name: String) in header.value(name, in: record).trimmingCharacters(in: .whitespaces) }
            switch PlatformReport.parse(
                period: value("period"), platform: value("platform"), institution: value("institution"), metric: value("metric"),
                region: value("region"), value: value("value")
            ) {
            case .failure(let problem): rejected.append(RejectedPlatformLine(line: record.line, reason: problem.message, raw: raw))
            case .success(let report):
                let key = "\(report.period)/\(report.key)"
                if let first = firstLine[key] {
                    rejected.append(RejectedPlatformLine(line: record.line, reason: "duplicate of line \(first) (same month, platform, institution, metric and région)", raw: raw))
                } else {
                    firstLine[key] = record.line
                    reports.append(report)
                }
            }
        }
        return (reports, rejected)
    }

    /// Reads `file` and stores it under its file name.
    public static func run(file: URL, store: SQLStore, now: Date = Date()) async throws -> PlatformImportReport {
        let attributes = try? FileManager.default.attributesOfItem(atPath: file.path)
        guard let size = attributes?[.size] as? Int else { throw ObservatoryError(.invalid, "cannot read \(file.path)") }
        guard size <= maximumBytes else { throw ObservatoryError(.invalid, "\(file.lastPathComponent) is \(size) bytes, over the \(maximumBytes)-byte limit") }
        let data = try Data(contentsOf: file)
        guard let text = String(data: data, encoding: .utf8) else { throw ObservatoryError(.invalid, "\(file.lastPathComponent) is not UTF-8") }
        let (reports, rejected) = try parse(text)
        return try await SQLObservatoryStore(store: store).importPlatformReports(reports, rejected: rejected, source: file.lastPathComponent, now: now)
    }
}
