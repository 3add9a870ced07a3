public import Foundation
public import PasserelleConnectors
public import PasserelleCore

/// Writes a demo catalogue into a store in batches (one transaction each), reporting progress.
///
/// A batch that the database refuses is retried record by record, so one bad record never sinks the others:
/// it is kept, with the database's reason, in the summary.
public enum DemoImporter {
    /// Records per write transaction: large enough to amortise the commit, small enough to retry cheaply.
    public static let batchSize = 500

    /// A record the database refused, with the reason.
    public struct Refusal: Sendable, CustomStringConvertible {
        public let kind: String
        public let id: String
        public let reason: String
        public var description: String { "\(kind) \(id): \(reason)" }
    }

    /// What was written, per kind, and what was refused.
    public struct Summary: Sendable {
        public var written: [String: Int] = [:]
        public var refused: [Refusal] = []
    }

    /// Refuses (`CoreError.conflict`) a store that already holds venues, works or offers: the demo never mixes with
    /// data. Institutions alone (one registered with `passerelle institution create` before the first demo) are fine.
    public static func requireEmpty(_ store: any CatalogueStore) async throws {
        let counts = try await store.read { try await $0.counts() }
        guard counts.offers == 0, counts.venues == 0, counts.works == 0 else {
            throw CoreError(.conflict, "the database already holds \(counts.offers) offers and \(counts.venues) venues: the demo needs a fresh database")
        }
    }

    /// The database fact that says the demo catalogue was loaded completely, and when (RFC 3339).
    public static let loadedFact = "demo.loaded-at"

    /// What `passerelle demo` should do with a database.
    public enum Plan: Sendable, Equatable {
        /// Empty: load the demo catalogue.
        case load
        /// It holds the demo catalogue loaded at that instant: serve it as it is, with every key made since.
        case reuse(loadedAt: String)
    }

    /// `.reuse` for a database the demo loaded completely before, `.load` for an empty one; anything else is
    /// refused (`CoreError.conflict`), including a load that was interrupted (no fact written).
    public static func plan(for store: any CatalogueStore) async throws -> Plan {
        if let loadedAt = try await store.read({ try await $0.databaseFact(loadedFact) }) { return .reuse(loadedAt: loadedAt) }
        try await requireEmpty(store)
        return .load
    }

    /// The database fact written before the demo starts loading, so an interrupted load can be recognised as the
    /// demo's (and deleted by `--fresh`) rather than mistaken for an institution's data.
    public static let loadingFact = "demo.loading-since"

    /// Records that the demo starts loading into this database.
    public static func markLoading(_ store: any CatalogueStore, at date: Date = Date()) async throws {
        let stamp = date.formatted(.iso8601)
        try await store.write { try await $0.setDatabaseFact(loadingFact, stamp) }
    }

    /// Whether `--fresh` may delete this database: it holds no venue, work or offer, or the demo wrote it.
    public static func isDemoDatabase(_ store: any CatalogueStore) async throws -> Bool {
        try await store.read { tx in
            if try await tx.databaseFact(loadedFact) != nil { return true }
            if try await tx.databaseFact(loadingFact) != nil { return true }
            let counts = try await tx.counts()
            return counts.offers == 0 && counts.venues == 0 && counts.works == 0
        }
    }

    /// Records that the demo catalogue is now completely loaded, so the next start reuses it.
    public static func markLoaded(_ store: any CatalogueStore, at date: Date = Date()) async throws {
        let stamp = date.formatted(.iso8601)
        try await store.write { try await $0.setDatabaseFact(loadedFact, stamp) }
    }

    public static func load(
        _ catalogue: DemoCatalogue, into store: any CatalogueStore, progress: @Sendable (String) -> Void = { _ in }
    ) async -> Summary {
        var summary = Summary()
        await write(catalogue.institutions, kind: "institutions", id: { $0.id.rawValue }, into: store, summary: &summary, progress: progress) { try await $0.save($1) }
        await write(catalogue.venues, kind: "venues", id: { $0.id.rawValue }, into: store, summary: &summary, progress: progress) { try await $0.save($1) }
        await write(catalogue.works, kind: "works", id: { $0.id.rawValue }, into: store, summary: &summary, progress: progress) { try await $0.save($1) }
        await write(catalogue.offers, kind: "offers", id: { $0.id.rawValue }, into: store, summary: &summary, progress: progress) { try await $0.save($1) }
        await write(catalogue.stocks, kind: "stocks", id: { $0.id.rawValue }, into: store, summary: &summary, progress: progress) { try await $0.save($1) }
        return summary
    }

    private static func write<Record: Sendable>(
        _ records: [Record], kind: String, id: (Record) -> String, into store: any CatalogueStore,
        summary: inout Summary, progress: @Sendable (String) -> Void,
        save: @escaping @Sendable (any CatalogueWriting, [Record]) async throws -> Void
    ) async {
        var done = 0
        for start in stride(from: 0, to: records.count, by: batchSize) {
            let batch = Array(records[start..<min(start + batchSize, records.count)])
            do {
                try await store.write { tx in try await save(tx, batch) }
                done += batch.count
            } catch {
                for record in batch {
                    do {
                        try await store.write { tx in try await save(tx, [record]) }
                        done += 1
                    } catch {
                        summary.refused.append(Refusal(kind: kind, id: id(record), reason: String(describing: error)))
                    }
                }
            }
            // About ten lines per kind: enough to see it move, not enough to drown the report above.
            let end = min(start + batchSize, records.count)
            if end == records.count || (end / batchSize) % max(1, records.count / batchSize / 10) == 0 {
                progress("  \(kind): \(done)/\(records.count)")
            }
        }
        summary.written[kind] = done
    }
}
