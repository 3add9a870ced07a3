import SQLiteKit
import SQLKit

/// One result row of a direct connection, read through SQLiteKit's decoder exactly like an SQLiteNIO row.
struct DirectSQLiteRow: SQLRow {
    /// A statement's column names and their positions, shared by all the rows it returns.
    final class Columns: Sendable {
        let names: [String]
        let positions: [String: Int]

        init(names: [String]) {
            self.names = names
            // The first of two same-named columns wins, as in SQLiteNIO.
            self.positions = Dictionary(names.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        }
    }

    /// Shared: it holds a Foundation JSON decoder, too costly to build per value; decoding is thread-safe.
    static let decoder = SQLiteDataDecoder()

    let columns: Columns
    let values: [SQLiteData]

    var allColumns: [String] { columns.names }

    func contains(column: String) -> Bool { columns.positions[column] != nil }

    func decodeNil(column: String) throws -> Bool {
        guard let position = columns.positions[column] else { return true }
        return values[position] == .null
    }

    func decode<D: Decodable>(column: String, as type: D.Type) throws -> D {
        guard let position = columns.positions[column] else {
            throw DecodingError.keyNotFound(
                ColumnKey(column), .init(codingPath: [], debugDescription: "no column \(column) in the result")
            )
        }
        let value = values[position]
        // The catalogue's columns are text, integers and reals: read them without building a Decoder.
        switch value {
        case .text(let text):
            if let value = text as? D { return value }
        case .integer(let integer):
            if let integer = Int(exactly: integer), let value = integer as? D { return value }
        case .float(let double):
            if let value = double as? D { return value }
        case .null:
            if let absent = (nil as String?) as? D { return absent }
            if let absent = (nil as Int?) as? D { return absent }
            if let absent = (nil as Double?) as? D { return absent }
        case .blob:
            break
        }
        return try Self.decoder.decode(D.self, from: value)
    }

    private struct ColumnKey: CodingKey {
        let stringValue: String
        var intValue: Int? { nil }
        init(_ name: String) { stringValue = name }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
