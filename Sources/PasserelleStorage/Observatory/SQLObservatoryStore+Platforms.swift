public import Foundation
import PasserelleCore
public import PasserelleObservatory
import SQLKit

extension SQLObservatoryStore {
    /// See `ObservatoryStore.importPlatformReports`: one transaction, so a failed import leaves nothing half written.
    public func importPlatformReports(
        _ reports: [PlatformReport], rejected: [RejectedPlatformLine], source: String, now: Date
    ) async throws -> PlatformImportReport {
        let at = now.timeIntervalSinceReferenceDate
        return try await store.withTransaction { database in
            var report = PlatformImportReport()
            report.rejected = rejected
            for figure in reports {
                let key = (figure.period.description, figure.platform, figure.institution?.rawValue ?? "", figure.metric.rawValue, figure.regionCode ?? "")
                let old = try await database.raw("""
                    SELECT value FROM platform_reports WHERE period = \(bind: key.0) AND platform = \(bind: key.1)
                    AND institution_id = \(bind: key.2) AND metric = \(bind: key.3) AND region_code = \(bind: key.4)
                    """).first().map { try $0.decode(column: "value", as: Int64.self) }
                switch old {
                case nil: report.created += 1
                case figure.value?: report.unchanged += 1; continue
                default: report.updated += 1
                }
                try await database.raw("""
                    INSERT INTO platform_reports (period, platform, institution_id, metric, region_code, value, source, imported_at)
                    VALUES (\(bind: key.0), \(bind: key.1), \(bind: key.2), \(bind: key.3), \(bind: key.4), \(bind: figure.value), \(bind: source), \(bind: at))
                    ON CONFLICT (period, platform, institution_id, metric, region_code)
                    DO UPDATE SET value = excluded.value, source = excluded.source, imported_at = excluded.imported_at
                    """).run()
            }
            for line in rejected {
                try await database.raw("""
                    INSERT INTO platform_report_rejections (source, imported_at, line, reason, raw)
                    VALUES (\(bind: source), \(bind: at), \(bind: line.line), \(bind: line.reason), \(bind: line.raw))
                    """).run()
            }
            return report
        }
    }

    /// The lines refused from `source`'s imports, oldest import first, for review.
    public func platformReportRejections(source: String) async throws -> [RejectedPlatformLine] {
        try await store.withReadTransaction { database in
            try await database.raw("""
                SELECT line, reason, raw FROM platform_report_rejections WHERE source = \(bind: source) ORDER BY imported_at, line
                """).all().map { row in
                RejectedPlatformLine(
                    line: try row.decode(column: "line", as: Int.self), reason: try row.decode(column: "reason", as: String.self),
                    raw: try row.decode(column: "raw", as: String.self)
                )
            }
        }
    }

    /// See `ObservatoryStore.platformReports`.
    public func platformReports(_ period: ReleasePeriod) async throws -> [PlatformReport] {
        let rows = try await store.withReadTransaction { database in
            try await database.raw("""
                SELECT platform, institution_id, metric, region_code, value FROM platform_reports WHERE period = \(bind: period.description)
                ORDER BY platform, institution_id, metric, region_code
                """).all()
        }
        return try rows.map { row in
            guard let metric = PlatformReport.Metric(rawValue: try row.decode(column: "metric", as: String.self)) else {
                throw ObservatoryError(.storage, "platform_reports holds an unknown metric")
            }
            let institution = try row.decode(column: "institution_id", as: String.self), region = try row.decode(column: "region_code", as: String.self)
            return PlatformReport(
                period: period, platform: try row.decode(column: "platform", as: String.self),
                institution: institution.isEmpty ? nil : InstitutionID(trusted: institution), metric: metric,
                regionCode: region.isEmpty ? nil : region, value: try row.decode(column: "value", as: Int64.self)
            )
        }
    }
}
