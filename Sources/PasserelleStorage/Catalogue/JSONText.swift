import Foundation

/// JSON text columns (multilingual texts, identifier maps, language lists). Keys are sorted so the same value
/// always gives the same text on both engines.
struct JSONText {
    /// One for every transaction: building Foundation coders per read cost more than the read. Coding is thread-safe.
    static let shared = JSONText()

    private let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()
    private let decoder = JSONDecoder()

    func encode(_ value: some Encodable) throws -> String {
        String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    func decode<T: Decodable>(_ type: T.Type, _ text: String, column: String) throws -> T {
        do {
            return try decoder.decode(type, from: Data(text.utf8))
        } catch {
            throw StorageError.corruptColumn(column, "\(error)")
        }
    }
}
