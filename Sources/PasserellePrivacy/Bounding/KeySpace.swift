public import Foundation
import PasserelleCore

/// A public list of partition keys, fixed before looking at the data, so no partition appears or disappears
/// because of one person: every key gets a cell (noisy even when empty) and keys outside it are dropped.
public struct KeySpace: Sendable, Hashable, Codable {
    /// Largest key space a release accepts (10^7 cells): keeps memory and time explicit.
    public static let maximumSize = 10_000_000

    /// What the keys are (e.g. "région (INSEE 2016)").
    public let name: String
    /// The keys, unique, in publication order.
    public let keys: [String]
    private let members: Set<String>

    private enum CodingKeys: String, CodingKey { case name, keys }

    /// Decodes name and keys, rebuilding the membership set.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(name: container.decode(String.self, forKey: .name), keys: container.decode([String].self, forKey: .keys))
    }

    /// A custom key space; keys must be unique and at most `maximumSize`.
    public init(name: String, keys: [String]) throws(PrivacyError) {
        guard keys.count <= Self.maximumSize else { throw .invalid("key space of \(keys.count) keys exceeds \(Self.maximumSize)") }
        guard Set(keys).count == keys.count else { throw .invalid("key space '\(name)' has duplicate keys") }
        self.name = name
        self.keys = keys
        members = Set(keys)
    }

    private init(trusted name: String, _ keys: [String]) {
        self.name = name
        self.keys = keys
        members = Set(keys)
    }

    /// The 18 régions by INSEE code.
    public static let regions = KeySpace(trusted: "région (INSEE 2016)", Region.all.map(\.id))
    /// The départements by INSEE code.
    public static let departements = KeySpace(trusted: "département (INSEE)", Departement.all.map(\.id))
    /// The catalogue taxonomy's sectors and categories.
    public static let categories = KeySpace(trusted: "taxonomy category", Taxonomy.all.map(\.id.rawValue))
    /// INSEE's usual five-year age bands, 0–4 to 95+ (the culture pass uses 15–20 within them).
    public static let ageBands = KeySpace(
        trusted: "age band (5 years)",
        stride(from: 0, to: 95, by: 5).map { "\($0)-\($0 + 4)" } + ["95+"]
    )

    /// The calendar days (UTC, ISO 8601 "yyyy-MM-dd") from `start` to `end` inclusive; at most 10 000 days.
    public static func days(from start: Date, through end: Date) throws(PrivacyError) -> KeySpace {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let first = calendar.startOfDay(for: start), last = calendar.startOfDay(for: end)
        guard first <= last else { throw .invalid("day range starts after it ends") }
        let count = (calendar.dateComponents([.day], from: first, to: last).day ?? 0) + 1
        guard count <= 10_000 else { throw .invalid("day range of \(count) days exceeds 10 000") }
        let format = Date.ISO8601FormatStyle(timeZone: .gmt).year().month().day()
        let keys = (0..<count).compactMap { calendar.date(byAdding: .day, value: $0, to: first)?.formatted(format) }
        return KeySpace(trusted: "day (UTC)", keys)
    }

    /// True when the key belongs to the space.
    public func contains(_ key: String) -> Bool { members.contains(key) }
}
