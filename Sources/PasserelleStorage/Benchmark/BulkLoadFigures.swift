/// What `StorageBenchmark.bulkLoad` measured: the store's bulk save against a bare driver loop.
public struct BulkLoadFigures: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The database measured (password redacted).
    public let location: String
    /// Offers loaded by each method.
    public let offers: Int
    /// Wall time of the store load (batches of 1 000, one `write {}` each), in seconds.
    public let storeSeconds: Double
    /// Wall time of the bare loop (one parameterised INSERT per row, one transaction), in seconds.
    public let bareSeconds: Double

    /// Offers per second through `store.write { save(offers) }`.
    public var storeOffersPerSecond: Double { Double(offers) / storeSeconds }
    /// Offers per second through the bare INSERT loop.
    public var bareOffersPerSecond: Double { Double(offers) / bareSeconds }
    /// Store rate over bare rate; the target is at least 0.5.
    public var ratio: Double { storeOffersPerSecond / bareOffersPerSecond }

    /// One line for a terminal.
    public var description: String {
        func rate(_ value: Double) -> String { String(Int(value.rounded())) }
        let percent = Int((ratio * 100).rounded())
        return "\(location): \(offers) offers — store \(rate(storeOffersPerSecond)) offers/s, "
            + "bare INSERT loop \(rate(bareOffersPerSecond)) offers/s, store/bare \(percent) %"
    }
}
