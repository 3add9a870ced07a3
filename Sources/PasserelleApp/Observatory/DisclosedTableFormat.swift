public import Foundation
import PasserellePrivacy

/// A disclosed table as JSON or CSV for open data: hidden cells empty (null), margins given, every hidden cell's
/// feasible interval stated so that anyone can re-run the audit (`scripts/check_museums_release.py`).
public enum DisclosedTableFormat {
    /// One JSON object: `cells` (interior; each with `row`, `column`, `value`, `status`, and for hidden cells
    /// `reason` and `interval`), `rowTotals`, `columnTotals`, `grandTotal` (null when hidden), `hiddenMargins`.
    public static func json(_ output: MuseumAttendanceRelease.Output) throws -> Data {
        let table = output.table
        var cells = [[String: Any]](), hiddenMargins = [[String: Any]]()
        var rowTotals = [String: Any](), columnTotals = [String: Any]()
        var grandTotal: Any = NSNull()
        for cell in table.cells {
            switch (cell.key.row, cell.key.column) {
            case let (row?, column?): cells.append(["row": row, "column": column].merging(describe(cell)) { a, _ in a })
            case let (row?, nil): rowTotals[row] = cell.value ?? NSNull()
            case let (nil, column?): columnTotals[column] = cell.value ?? NSNull()
            case (nil, nil): grandTotal = cell.value ?? NSNull()
            }
            if cell.key.isMargin, cell.status.isSuppressed {
                hiddenMargins.append(["row": cell.key.row ?? NSNull(), "column": cell.key.column ?? NSNull()].merging(describe(cell)) { a, _ in a })
            }
        }
        let summary = table.summary
        let object: [String: Any] = [
            "dataset": "Fréquentation des Musées de France",
            "source": "https://data.culture.gouv.fr/explore/dataset/frequentation-des-musees-de-france",
            "licence": "Licence Ouverte 2.0",
            "unit": "entries (paying + free) per museum and year; one museum is one contributing unit",
            "by": output.breakdown.rawValue,
            "rules": rules(table),
            "rows": table.rows, "columns": table.columns,
            "cells": cells, "rowTotals": rowTotals, "columnTotals": columnTotals, "grandTotal": grandTotal,
            "hiddenMargins": hiddenMargins,
            "unprotected": table.unprotected.map(\.description),
            "audit": [
                "hiddenCells": summary.hidden, "primaryCells": summary.primary,
                "narrowestIntervalWidth": summary.narrowestWidth.map { $0 as Any } ?? NSNull(),
                "recordsUsed": output.recordCount, "linesRejected": output.rejectedLines.count,
                "recordsOutsideTable": output.rejectedRecords.count,
            ] as [String: Any],
        ]
        return try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])
    }

    /// One line per cell, margins included (`total` as their label): row, column, value (empty when hidden),
    /// status, reason, interval_lower, interval_upper (empty when unbounded or published).
    public static func csv(_ output: MuseumAttendanceRelease.Output) -> String {
        var lines = ["row,column,value,status,reason,interval_lower,interval_upper"]
        for cell in output.table.cells {
            let reason: String = if case let .suppressed(why) = cell.status { why.description } else { "" }
            let fields = [
                cell.key.row ?? "total", cell.key.column ?? "total", cell.value.map(String.init) ?? "",
                cell.status.isSuppressed ? "suppressed" : "published", reason,
                cell.interval.map { String($0.lower) } ?? "", cell.interval?.upper.map(String.init) ?? "",
            ]
            lines.append(fields.map(quoted).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func describe(_ cell: DisclosedTable.Cell) -> [String: Any] {
        var out: [String: Any] = ["value": cell.value ?? NSNull(), "status": cell.status.isSuppressed ? "suppressed" : "published"]
        if case let .suppressed(reason) = cell.status {
            out["reason"] = reason.description
            out["kind"] = reason.isPrimary ? "primary" : "secondary"
        }
        if let interval = cell.interval {
            out["interval"] = ["lower": interval.lower, "upper": interval.upper.map { $0 as Any } ?? NSNull()] as [String: Any]
        }
        return out
    }

    private static func rules(_ table: DisclosedTable) -> [String: Any] {
        [
            "minimumUnits": table.rules.minimumUnits,
            "dominance": table.rules.dominanceLimit.map { $0 as Any } ?? NSNull(),
            "protection": [
                "upperShare": table.protection.upperShare, "lowerShare": table.protection.lowerShare,
                "minimum": table.protection.minimum,
            ] as [String: Any],
            "method": "INSEE secret statistique; complementary suppression with protection intervals (LP audit); method 2",
        ]
    }

    /// RFC 4180 quoting when needed.
    private static func quoted(_ field: String) -> String {
        field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
    }
}
