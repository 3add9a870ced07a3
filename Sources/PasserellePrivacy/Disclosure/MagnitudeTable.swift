/// A cell of a two-way table with margins: a nil row or column means "total" over that axis.
public struct CellKey: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// The row label, or nil for the column-total row.
    public let row: String?
    /// The column label, or nil for the row-total column.
    public let column: String?

    /// Creates a key; nil means the margin.
    public init(row: String?, column: String?) {
        self.row = row
        self.column = column
    }

    /// True for row totals, column totals and the grand total.
    public var isMargin: Bool { row == nil || column == nil }

    /// Orders interior cells first, then by row and column, totals last on each axis.
    public static func < (a: CellKey, b: CellKey) -> Bool {
        (a.row ?? "\u{10FFFF}", a.column ?? "\u{10FFFF}") < (b.row ?? "\u{10FFFF}", b.column ?? "\u{10FFFF}")
    }

    /// "row × column" with "Total" for margins.
    public var description: String { "\(row ?? "Total") × \(column ?? "Total")" }
}

/// One unit's contribution (e.g. one museum's yearly attendance) to one interior cell.
public struct ContributionRecord: Sendable, Hashable, Codable {
    /// Row label (e.g. a région).
    public let row: String
    /// Column label (e.g. a year).
    public let column: String
    /// The contributing unit's identifier (e.g. a museum's reference).
    public let unit: String
    /// The non-negative value contributed.
    public let value: Int64

    /// Creates a record.
    public init(row: String, column: String, unit: String, value: Int64) {
        self.row = row
        self.column = column
        self.unit = unit
        self.value = value
    }
}

/// A record left out of a table, kept with its reason.
public struct RejectedContribution: Sendable, Hashable, Codable {
    /// The record as given.
    public let record: ContributionRecord
    /// Why it was left out.
    public let reason: String

    /// Creates a rejection.
    public init(record: ContributionRecord, reason: String) {
        self.record = record
        self.reason = reason
    }
}

/// A two-way magnitude table with row, column and grand totals, built from unit-level records.
public struct MagnitudeTable: Sendable, Hashable {
    /// Largest accepted single value (10^15): keeps every sum far from Int64 overflow.
    public static let maximumValue: Int64 = 1_000_000_000_000_000

    /// Row labels in order.
    public let rows: [String]
    /// Column labels in order.
    public let columns: [String]
    /// Every cell, margins included.
    public let cells: [CellKey: CellAggregate]
    /// Records left out, with reasons.
    public let rejected: [RejectedContribution]

    /// Builds the table. With `rows`/`columns` given (a public key space) every listed label appears even when empty
    /// and records outside it are rejected; otherwise the labels are those seen in the data.
    public init(records: [ContributionRecord], rows publicRows: [String]? = nil, columns publicColumns: [String]? = nil) {
        var rejected = [RejectedContribution]()
        var perUnit = [CellKey: [String: Int64]]()
        let rowSet = publicRows.map(Set.init), columnSet = publicColumns.map(Set.init)
        for record in records {
            if let reason = Self.problem(record, rows: rowSet, columns: columnSet) {
                rejected.append(RejectedContribution(record: record, reason: reason))
                continue
            }
            // Each record feeds its interior cell and the three margins it belongs to.
            for key in [
                CellKey(row: record.row, column: record.column), CellKey(row: record.row, column: nil),
                CellKey(row: nil, column: record.column), CellKey(row: nil, column: nil),
            ] {
                perUnit[key, default: [:]][record.unit, default: 0] += record.value
            }
        }
        let rows = publicRows ?? Array(Set(perUnit.keys.compactMap(\.row))).sorted()
        let columns = publicColumns ?? Array(Set(perUnit.keys.compactMap(\.column))).sorted()
        var cells = [CellKey: CellAggregate]()
        for row in rows.map(Optional.some) + [nil] {
            for column in columns.map(Optional.some) + [nil] {
                let key = CellKey(row: row, column: column)
                cells[key] = CellAggregate(unitTotals: perUnit[key]?.values.sorted() ?? [])
            }
        }
        self.rows = rows
        self.columns = columns
        self.cells = cells
        self.rejected = rejected
    }

    private static func problem(_ record: ContributionRecord, rows: Set<String>?, columns: Set<String>?) -> String? {
        if record.unit.isEmpty { return "empty unit identifier" }
        if record.value < 0 { return "negative value \(record.value)" }
        if record.value > maximumValue { return "value \(record.value) above the limit \(maximumValue)" }
        if let rows, !rows.contains(record.row) { return "row '\(record.row)' outside the public key space" }
        if let columns, !columns.contains(record.column) { return "column '\(record.column)' outside the public key space" }
        return nil
    }

    /// The aggregate of a cell (empty when absent).
    public subscript(key: CellKey) -> CellAggregate {
        cells[key] ?? CellAggregate(value: 0, unitCount: 0, largestUnitValue: 0)
    }

    /// All keys: interior cells, then row totals, column totals and the grand total.
    public var allKeys: [CellKey] { cells.keys.sorted() }
}
