import Foundation
import PasserelleCore

/// Where the catalogue lives: an SQLite file, a private in-memory SQLite database, or a PostgreSQL server.
public enum DatabaseLocation: Sendable, Hashable, CustomStringConvertible {
    /// An SQLite database file (created if missing), absolute or relative to the working directory.
    case sqliteFile(String)
    /// A private in-memory SQLite database that lives as long as its store.
    case sqliteMemory
    /// A PostgreSQL database, as a `postgres://user:password@host:port/database` URL.
    case postgres(url: String)

    /// Why a location string was refused.
    public struct ParseError: Error, Sendable, Hashable, CustomStringConvertible {
        /// What was wrong, without echoing a password.
        public let message: String
        /// A readable explanation of the refusal.
        public var description: String { message }
    }

    /// Parses `sqlite:///abs/path.sqlite`, `sqlite:relative.sqlite`, a bare file path, `:memory:` (or `sqlite::memory:`),
    /// and `postgres://` / `postgresql://` URLs. Anything else (another scheme, an empty path) is refused.
    public init(parsing text: String) throws {
        let trimmed = text.trimmingWhiteSpace()
        guard !trimmed.isEmpty else { throw ParseError(message: "empty database location") }
        if trimmed == ":memory:" || trimmed == "sqlite::memory:" {
            self = .sqliteMemory
            return
        }
        let lowered = trimmed.lowercased()
        if lowered.hasPrefix("postgres://") || lowered.hasPrefix("postgresql://") {
            guard let components = URLComponents(string: trimmed), let host = components.host, !host.isEmpty else {
                throw ParseError(message: "invalid PostgreSQL URL \(Self.redacted(trimmed)): expected postgres://user:password@host:port/database")
            }
            guard components.user != nil else {
                throw ParseError(message: "PostgreSQL URL \(Self.redacted(trimmed)) names no user")
            }
            self = .postgres(url: trimmed)
            return
        }
        if lowered.hasPrefix("sqlite:") {
            var path = String(trimmed.dropFirst("sqlite:".count))
            // `sqlite:///abs` keeps one slash (absolute); `sqlite://x` (a host) is not meaningful for a file.
            if path.hasPrefix("///") {
                path = String(path.dropFirst(2))
            } else if path.hasPrefix("//") {
                throw ParseError(message: "invalid SQLite URL '\(trimmed)': use sqlite:///absolute/path or sqlite:relative/path")
            }
            guard !path.isEmpty else { throw ParseError(message: "SQLite URL '\(trimmed)' names no file") }
            self = .sqliteFile(path)
            return
        }
        if let colon = trimmed.firstIndex(of: ":"), trimmed[..<colon].allSatisfy({ $0.isLetter || $0 == "+" }),
            trimmed[trimmed.index(after: colon)...].hasPrefix("//")
        {
            throw ParseError(
                message: "unsupported database scheme '\(trimmed[..<colon])': expected sqlite:, postgres:// or postgresql://")
        }
        self = .sqliteFile(trimmed)
    }

    /// The location for logs and errors: the password of a PostgreSQL URL is replaced by `***`.
    public var description: String {
        switch self {
        case .sqliteFile(let path): "sqlite:\(path)"
        case .sqliteMemory: "sqlite::memory:"
        case .postgres(let url): Self.redacted(url)
        }
    }

    /// Replaces the password part of a URL's user info, even in a URL that does not parse.
    static func redacted(_ url: String) -> String {
        guard let schemeEnd = url.range(of: "://") else { return url }
        let rest = url[schemeEnd.upperBound...]
        guard let at = rest.lastIndex(of: "@") else { return url }
        let userInfo = rest[..<at]
        guard let colon = userInfo.firstIndex(of: ":") else { return url }
        return String(url[..<schemeEnd.upperBound]) + userInfo[..<colon] + ":***" + rest[at...]
    }
}
