import Foundation
import Hummingbird

/// An `application/x-www-form-urlencoded` body, as the pages' forms send it: repeated names keep every value
/// (checkboxes), `+` is a space, percent escapes are decoded; a pair that does not decode is left out.
struct FormBody: Sendable {
    private let pairs: [(name: String, value: String)]

    init(_ text: String) {
        pairs = text.split(separator: "&").compactMap { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ part: Substring) -> String? { String(part).replacingOccurrences(of: "+", with: " ").removingPercentEncoding }
            guard let name = decode(parts[0]), let value = parts.count > 1 ? decode(parts[1]) : "" else { return nil }
            return (name, value)
        }
    }

    /// Reads the request's body, refusing more than `limit` bytes (413) and anything but a form (415).
    static func read(_ request: Request, limit: Int) async throws -> FormBody {
        let type = request.headers[.contentType]?.lowercased() ?? ""
        guard type.hasPrefix("application/x-www-form-urlencoded") else {
            throw Problem(.unsupportedMediaType, code: "unsupported-media-type", detail: "Send the form as application/x-www-form-urlencoded.")
        }
        var buffer = try await request.body.collect(upTo: limit)
        guard let text = buffer.readString(length: buffer.readableBytes) else { return FormBody("") }
        return FormBody(text)
    }

    func value(_ name: String) -> String? { pairs.first { $0.name == name }?.value }
    func values(_ name: String) -> [String] { pairs.filter { $0.name == name }.map(\.value) }
}
