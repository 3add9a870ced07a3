import Foundation
import Hummingbird
import HTTPTypes

/// The request's cookies, read by name (the visitor's and the pass session's).
enum RequestCookies {
    /// The value of the first cookie named `name` that `accept` takes, trimmed; nil when there is none.
    static func value(_ name: String, in request: Request, where accept: (String) -> Bool = { _ in true }) -> String? {
        for header in request.headers[values: .cookie] {
            for pair in header.split(separator: ";") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                guard parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces) == name else { continue }
                let value = parts[1].trimmingCharacters(in: .whitespaces)
                if accept(value) { return value }
            }
        }
        return nil
    }
}
