public import Foundation
public import PasserelleCore

/// Reads an institution's own CSV file of events with the `CSVColumnMapping` it declared: the mapping is checked
/// first, against itself and against the file's header (a column it names that the header lacks refuses the file,
/// listing the header's columns); then every row becomes an offer, or a rejection naming its row, its line, its
/// id and its text. One bad row never stops the others.
public enum CSVFeed {
    /// The largest file read.
    public static let maximumDocumentBytes = 64 * 1_024 * 1_024
    /// Data rows read from one file: past it, the rest is reported, not read.
    public static let maximumRecords = 1_000_000
    /// The longest field a row may hold.
    public static let maximumFieldLength = 100_000

    /// The name a source goes by in its records' provenance (see `FeedSourceKey`).
    public static func sourceKey(_ location: String) -> String { FeedSourceKey.make(kind: "csv", location: location) }

    /// The errors that refuse a file (or its mapping) as a whole.
    public enum Refusal: Error, Sendable, Equatable, CustomStringConvertible {
        case tooLarge(bytes: Int)
        /// The bytes are not text in the declared encoding; `byteOffset` is where the first bad byte is.
        case undecodable(encoding: String, byteOffset: Int, hint: String)
        /// The file has no header row.
        case empty
        /// The mapping contradicts itself (an unknown time zone, date pattern, category or language…).
        case invalidMapping([String])
        /// Columns the mapping names that the header lacks, with the header's columns.
        case missingColumns([String], header: [String])

        public var description: String {
            switch self {
            case .tooLarge(let bytes): "the file has \(bytes) bytes; at most \(CSVFeed.maximumDocumentBytes) are read"
            case .undecodable(let encoding, let offset, let hint): "the file is not \(encoding) text (byte \(offset)): \(hint)"
            case .empty: "the file is empty: a header row is needed"
            case .invalidMapping(let problems): "the mapping is not usable: " + problems.joined(separator: "; ")
            case .missingColumns(let missing, let header):
                "the file has no column " + missing.map { "'\($0)'" }.joined(separator: ", ") + "; its columns are: "
                    + header.map { "'\($0)'" }.joined(separator: ", ")
            }
        }
    }

    public static func read(
        _ data: Data, mapping: CSVColumnMapping, source: String, institutionID: InstitutionID, defaultCategory: CategoryID?,
        retrievedAt: Date = Date()
    ) throws(Refusal) -> FeedRead {
        guard data.count <= maximumDocumentBytes else { throw .tooLarge(bytes: data.count) }
        let delimiter = try CSVMappingPlan.delimiter(mapping.separator)
        let (bytes, note) = try CSVMappingText.utf8(data, mapping.encoding).get()
        var parser = CSVParser(bytes: bytes, delimiter: delimiter)
        guard let first = parser.next() else { throw .empty }
        let header = CSVHeader(first)
        let plan = try CSVMappingPlan(mapping, header: header, institutionID: institutionID, defaultCategory: defaultCategory,
                                      source: source, retrievedAt: retrievedAt)
        var read = FeedRead()
        if let note { read.warnings.append(RejectedRecord(block: 0, line: 1, recordID: nil, reason: RowReason(.textRepaired, note), raw: "")) }
        var seen = Set<OfferID>()
        var row = 0
        while let record = parser.next() {
            if record.fields.count == 1 && record.isBlank { continue }
            row += 1
            let recordID = plan.recordID(record)
            func reject(_ code: RowReason.Code, _ message: String) {
                read.rejected.append(RejectedRecord(block: row, line: record.line, recordID: recordID, reason: RowReason(code, message),
                                                    raw: FeedRecordBuilder.raw(text(record, delimiter))))
            }
            guard row <= maximumRecords else {
                reject(.tooManyRecords, "more than \(maximumRecords) rows; the rest was not read")
                break
            }
            read.blocks = row
            if let problem = header.shapeProblem(of: record) {
                reject(.malformedRow, problem)
                continue
            }
            if record.fields.map({ $0.trimmingWhiteSpace() }) == header.names {
                reject(.repeatedHeader, "the row repeats the header")
                continue
            }
            if let long = record.fields.firstIndex(where: { $0.utf8.count > maximumFieldLength && $0.count > maximumFieldLength }) {
                let name = long < header.names.count ? header.names[long] : "field \(long + 1)"
                reject(.fieldTooLong, "column '\(name)' is longer than \(maximumFieldLength) characters")
                continue
            }
            switch plan.map(record) {
            case .success(let event):
                guard seen.insert(event.offer.id).inserted else {
                    reject(.duplicateID, "another row already has id '\(recordID ?? "-")'")
                    continue
                }
                for warning in event.warnings {
                    read.warnings.append(RejectedRecord(block: row, line: record.line, recordID: recordID, reason: warning, raw: ""))
                }
                read.events.append(event)
            case .failure(let reason):
                reject(reason.code, reason.message)
            }
        }
        return read
    }

    /// The row as a line of the file: its fields joined, quoted where they hold the separator, a quote or a newline.
    static func text(_ record: CSVRecord, _ delimiter: Character) -> String {
        record.fields.map { field in
            field.contains(delimiter) || field.contains("\"") || field.contains("\n") || field.contains("\r")
                ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
        }.joined(separator: String(delimiter))
    }
}
