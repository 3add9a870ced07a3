public import Foundation

extension CSVColumnMapping {
    /// A mapping document that cannot be read, said in a sentence that names the field at fault.
    public struct Unreadable: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    /// Reads a mapping document (the JSON `passerelle import --mapping` and `/api/v1/feeds` take).
    public static func read(json data: Data) throws(Unreadable) -> CSVColumnMapping {
        do {
            return try JSONDecoder().decode(CSVColumnMapping.self, from: data)
        } catch let error as DecodingError {
            throw Unreadable(description: Self.sentence(error))
        } catch {
            throw Unreadable(description: "\(error)")
        }
    }

    /// Why `text` is not a mapping document, nil when it is one.
    @Sendable public static func problem(in text: String) -> String? {
        do {
            _ = try read(json: Data(text.utf8))
            return nil
        } catch {
            return error.description
        }
    }

    private static func sentence(_ error: DecodingError) -> String {
        func path(_ codingPath: [any CodingKey]) -> String {
            codingPath.isEmpty ? "the document" : codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context): return "\(path(context.codingPath + [key])) is missing"
        case .typeMismatch(_, let context), .valueNotFound(_, let context): return "\(path(context.codingPath)) has the wrong type"
        case .dataCorrupted(let context): return "\(path(context.codingPath)): \(context.debugDescription)"
        @unknown default: return "\(error)"
        }
    }
}
