import Foundation
import PasserelleCore

/// A CSV header and a way to read a record's fields by column name, tolerant of stray spaces and ragged rows.
public struct CSVHeader: Sendable, Hashable {
    /// The column names as written, trimmed.
    public let names: [String]
    private let indexByName: [String: Int]

    /// Builds the header from the first record (names are trimmed; the first occurrence of a name wins).
    public init(_ record: CSVRecord) {
        names = record.fields.map { $0.trimmingWhiteSpace() }
        var index: [String: Int] = [:]
        for (offset, name) in names.enumerated() where index[name] == nil { index[name] = offset }
        indexByName = index
    }

    /// The index of a column, or nil when the file has no such column.
    public func index(of name: String) -> Int? { indexByName[name] }

    /// The named columns that the header lacks, to report a file in the wrong format at once.
    public func missing(_ required: [String]) -> [String] { required.filter { indexByName[$0] == nil } }

    /// The trimmed value of column `name` in `record`; empty when the row is too short or the column absent.
    public func value(_ name: String, in record: CSVRecord) -> String {
        guard let index = indexByName[name], index < record.fields.count else { return "" }
        return record.fields[index].trimmingWhiteSpace()
    }

    /// Why a record's shape is unusable, or nil when it can be read: short rows read as blanks (required
    /// fields are then checked by name); extra fields are tolerated only when blank (trailing separators).
    public func shapeProblem(of record: CSVRecord) -> String? {
        if record.hasUnterminatedQuote { return "unterminated quoted field" }
        if record.fields.count > names.count {
            let extra = record.fields[names.count...]
            if extra.contains(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) {
                return "expected \(names.count) fields, found \(record.fields.count)"
            }
        }
        return nil
    }
}
