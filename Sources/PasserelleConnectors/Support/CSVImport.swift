/// The loop every CSV importer shares: header check, empty lines, malformed rows, then one call per record.
enum CSVImport {
    /// Reads `file` as CSV and calls `handle` for each well-formed data record. A header lacking `required`
    /// columns sets the report's `fileError` and reads nothing. Empty lines are not records and are skipped;
    /// a row that cannot be read (unterminated quote, non-blank extra fields) is rejected here.
    static func forEachRecord(
        in file: SourceFile, delimiter: Character, required: [String], report: inout ImportReport,
        _ handle: (CSVHeader, CSVRecord, inout ImportReport) -> Void
    ) {
        guard let (header, records) = file.csv(delimiter: delimiter) else {
            report.fileError = "empty file"
            return
        }
        let missing = header.missing(required)
        guard missing.isEmpty else {
            report.fileError = "missing column(s): " + missing.joined(separator: ", ")
            return
        }
        for record in records {
            if record.fields.count == 1 && record.isBlank { continue }
            if let problem = header.shapeProblem(of: record) {
                report.reject(line: record.line, id: nil, .malformedRow, problem)
                continue
            }
            handle(header, record, &report)
        }
    }
}
