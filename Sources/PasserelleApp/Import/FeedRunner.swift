public import Foundation
public import Logging
import PasserelleConnectors
public import PasserelleCore
public import PasserelleStorage

/// Runs registered feeds: claims a due one under a lease, fetches it (a conditional request: an unchanged feed is a
/// 304 and costs nothing more), reads it with its kind's connector, writes it with `FeedSync` (one transaction),
/// then records the outcome and the next run, only if the lease is still held. One feed's failure never stops the
/// others: it is recorded, and that feed waits longer before its next try (`FeedSourceState.backOff`).
public struct FeedRunner: Sendable {
    public let store: SQLStore
    public let owner: String
    public var fetcher: @Sendable (FeedSource, FeedSourceState) async throws -> FetchedFeed
    /// Longer than a fetch's total timeout plus a large write: a lease that expires means its process died.
    public var lease: TimeInterval = 15 * 60
    let logger: Logger
    private let writes = InstitutionWrites()

    public init(store: SQLStore, owner: String = "passerelle-" + UUID().uuidString.lowercased(), policy: FeedAddressPolicy, logger: Logger) {
        self.store = store
        self.owner = owner
        self.logger = logger
        self.fetcher = { source, state in
            let kind = FeedKind(rawValue: source.kind) ?? .jsonld
            let fetcher = FeedFetcher(maximumBytes: kind.maximumBytes, addressRefusal: policy.allowPrivate ? nil : policy.refusal(for:))
            return try await fetcher.fetch(source.url, etag: state.etag, lastModified: state.lastModified)
        }
    }

    /// Why a CSV column mapping cannot be read, for the API to refuse it when the feed is registered.
    static let mappingProblem: @Sendable (String) -> String? = CSVColumnMapping.problem(in:)

    /// What one run did.
    public struct Run: Sendable {
        public let source: FeedSource
        public let outcome: String
        public let message: String
        public let report: FeedSyncReport?
    }

    /// Feeds read at once: a slow or stalled feed (up to its 120 s fetch limit) holds one of these, not the others.
    /// Two feeds of one institution are still written one after the other (`FeedSync` locks the institution).
    public static let concurrentRuns = 4

    /// Runs every feed due at `now`, at most `limit`, `concurrency` at a time, each claimed under its own lease;
    /// returns what each gave, in the order they were due. A claim that fails stops the claiming (the runs already
    /// made are returned, and recorded); the error is thrown only when nothing ran.
    public func runDue(now: @escaping @Sendable () -> Date = Date.init, limit: Int = 100, concurrency: Int = FeedRunner.concurrentRuns) async throws -> [Run] {
        let slots = RunSlots(limit: limit)
        let outcomes = await withTaskGroup(of: (runs: [(due: Date, run: Run)], error: (any Error)?).self) { group in
            for _ in 0..<max(1, concurrency) {
                group.addTask {
                    var mine: [(due: Date, run: Run)] = []
                    do {
                        while !Task.isCancelled, await slots.take(),
                              let claimed = try await store.claimDueFeedSource(owner: owner, now: now(), lease: lease) {
                            mine.append((claimed.state.nextRunAt, await run(claimed, now: now())))
                        }
                    } catch {
                        await slots.stop()
                        return (mine, error)
                    }
                    return (mine, nil)
                }
            }
            return await group.reduce(into: [(runs: [(due: Date, run: Run)], error: (any Error)?)]()) { $0.append($1) }
        }
        let runs = outcomes.flatMap(\.runs).sorted { ($0.due, $0.run.source.id.rawValue) < ($1.due, $1.run.source.id.rawValue) }.map(\.run)
        if runs.isEmpty, let error = outcomes.compactMap(\.error).first { throw error }
        if let error = outcomes.compactMap(\.error).first {
            logger.warning("due feeds could no longer be claimed; the rest wait for the next tick", metadata: ["error": "\(error)"])
        }
        return runs
    }

    /// How many more feeds this `runDue` may claim.
    private actor RunSlots {
        var left: Int
        init(limit: Int) { left = limit }

        func take() -> Bool {
            guard left > 0 else { return false }
            left -= 1
            return true
        }

        func stop() { left = 0 }
    }

    /// The institutions whose feed is being written in this process: another feed of the same one waits here, not
    /// on the database lock (whose wait counts against the statement deadline, and holds a connection).
    actor InstitutionWrites {
        private var busy: Set<InstitutionID> = []

        func enter(_ institution: InstitutionID) async {
            while busy.contains(institution) { try? await Task.sleep(for: .milliseconds(20)) }
            busy.insert(institution)
        }

        func leave(_ institution: InstitutionID) { busy.remove(institution) }
    }

    /// One claimed feed, start to end; never throws (a failure is the run's outcome).
    func run(_ record: FeedSourceRecord, now: Date) async -> Run {
        let source = record.source
        var state = record.state
        state.lastRunAt = now
        let result: (outcome: String, message: String, report: FeedSyncReport?)
        do {
            result = try await readAndSync(source, &state)
            state.consecutiveFailures = 0
            state.nextRunAt = now.addingTimeInterval(Double(source.intervalMinutes * 60))
        } catch {
            let outcome = Self.isRefusal(error) ? "refused" : "failed"
            result = (outcome, String(describing: error), nil)
            state.consecutiveFailures += 1
            state.nextRunAt = now.addingTimeInterval(FeedSourceState.backOff(interval: source.intervalMinutes, failures: state.consecutiveFailures))
        }
        state.lastOutcome = result.outcome
        state.lastMessage = result.message
        let metadata: Logger.Metadata = ["feed": "\(source.id)", "institution": "\(source.institutionID)", "kind": "\(source.kind)",
                                         "outcome": "\(result.outcome)"]
        do {
            if try await store.finishFeedRun(source.id, owner: owner, state: state) {
                logger.info("feed read: \(result.message)", metadata: metadata)
            } else {
                logger.warning("feed read, but its lease was lost meanwhile: the outcome was not recorded", metadata: metadata)
            }
        } catch {
            logger.error("feed read, but its outcome could not be recorded: \(error)", metadata: metadata)
        }
        return Run(source: source, outcome: result.outcome, message: result.message, report: result.report)
    }

    /// The rejections' reason codes, most frequent first: " (unknown-category ×2, no-start ×1)".
    static func reasons(_ rejected: [RejectedRecord]) -> String {
        guard !rejected.isEmpty else { return "" }
        let counts = Dictionary(grouping: rejected, by: { $0.reason.code.rawValue }).mapValues(\.count)
        let ordered = counts.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(5)
        return " (" + ordered.map { "\($0.key) ×\($0.value)" }.joined(separator: ", ") + ")"
    }

    /// The source itself is at fault (a document that cannot be read, an address that may not be fetched), as
    /// opposed to a failure that may pass (a timeout, a server error, the database).
    static func isRefusal(_ error: any Error) -> Bool {
        if error is FeedRefusal { return true }
        if let failure = error as? FeedFetcher.Failure {
            switch failure {
            case .refusedAddress, .notHTTP, .tooLarge, .tooManyRedirects: return true
            case .status, .timedOut, .transport: return false
            }
        }
        return false
    }

    private func readAndSync(_ source: FeedSource, _ state: inout FeedSourceState) async throws -> (String, String, FeedSyncReport?) {
        guard let kind = FeedKind(rawValue: source.kind) else { throw FeedRefusal("unknown kind \(source.kind)") }
        let fetched = try await fetcher(source, state)
        guard let data = fetched.data else {
            state.etag = fetched.etag
            state.lastModified = fetched.lastModified
            return ("unchanged", "not modified since the last read (HTTP 304)", nil)
        }
        var mapping: CSVColumnMapping?
        if let text = source.mapping {
            do {
                mapping = try CSVColumnMapping.read(json: Data(text.utf8))
            } catch {
                throw FeedRefusal("the feed's column mapping cannot be read: \(error)")
            }
        }
        let sourceKey = kind.sourceKey(source.url.absoluteString)
        let read = try kind.read(data, FeedReadOptions(institutionID: source.institutionID, sourceKey: sourceKey,
                                                       defaultCategory: source.defaultCategory, mapping: mapping,
                                                       location: fetched.finalURL ?? source.url))
        // Fetched and read at once with other feeds; written one institution at a time.
        await writes.enter(source.institutionID)
        let written: Result<FeedSyncReport, any Error>
        do {
            written = .success(try await FeedSync.apply(read.events, source: sourceKey, institution: source.institutionID, dryRun: false,
                                                        withdrawVanished: FeedSync.isComplete(read), into: store))
        } catch {
            written = .failure(error)
        }
        await writes.leave(source.institutionID)
        let report = try written.get()
        // Only now: validators kept from a read that failed later would turn the next read into a 304, and that
        // version would never be imported.
        state.etag = fetched.etag
        state.lastModified = fetched.lastModified
        let message = "\(read.events.count + read.rejected.count) records: \(report.created) created, \(report.updated) updated, "
            + "\(report.unchanged) unchanged, \(report.withdrawn) withdrawn, \(read.rejected.count) rejected" + Self.reasons(read.rejected)
            + (report.vanishedKept > 0 ? ", \(report.vanishedKept) kept (incomplete read)" : "")
            + (report.merged > 0 ? ", \(report.merged) merged into other sources' offers" : "")
            + (report.mergesEnded > 0 ? ", \(report.mergesEnded) merges ended" : "")
        return ("imported", message, report)
    }
}
