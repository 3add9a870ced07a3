public import Foundation
public import PasserelleConnectors
public import PasserelleCore

/// An OAI-PMH repository harvested into an institution's works, page by page: each page fetched with
/// `FeedFetcher`'s limits, mapped, and written by `FeedSync` (one transaction per page) before the next page is
/// asked for, so memory stays one page whatever the repository's size. A harvest that stops part way keeps the
/// pages written; its summary says where it stopped and where the next incremental harvest starts
/// (`lastDatestamp`, the `from` to give next time). `passerelle import oai` and the feed runner both call it.
public enum OAIImport {
    /// What to harvest: the repository's base URL, and the arguments of its first request.
    public struct Target: Sendable {
        public var baseURL: URL
        public var institutionID: InstitutionID
        public var sourceKey: String
        public var request: OAIHarvester.Request
        public var defaultCategory: CategoryID?

        public init(baseURL: URL, institutionID: InstitutionID, sourceKey: String? = nil, request: OAIHarvester.Request = .init(),
                    defaultCategory: CategoryID? = nil) {
            self.baseURL = baseURL
            self.institutionID = institutionID
            self.sourceKey = sourceKey ?? FeedKind.oai.sourceKey(baseURL.absoluteString)
            self.request = request
            self.defaultCategory = defaultCategory
        }
    }

    /// A harvest's outcome: how it went, what it changed, and its records' rejections and warnings (the works
    /// themselves are written, not kept: `read.works` is empty).
    public struct Outcome: Sendable {
        public var summary: OAIHarvestSummary
        public var sync = FeedSyncReport()
        public var read = FeedRead()
        public var worksRead = 0
    }

    /// Harvests `target` into `store` (with `dryRun`, counts only; a work read on two pages then counts twice).
    /// Throws what the store throws (the pages before are written); a repository's failure is in `summary.failure`.
    public static func harvest(
        _ target: Target, fetcher: FeedFetcher = FeedFetcher(maximumBytes: OAIResponse.maximumDocumentBytes),
        limits: OAIHarvester.Limits = .init(), dryRun: Bool = false, into store: any CatalogueStore, onPage: (Outcome) -> Void = { _ in },
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }, now: Date = Date()
    ) async throws -> Outcome {
        // Refused before any request: a harvest for no institution would fetch its first page for nothing.
        guard try await store.read({ try await $0.institution(target.institutionID) }) != nil else {
            throw FeedSync.Failure.unknownInstitution(target.institutionID)
        }
        let harvester = OAIHarvester(baseURL: target.baseURL, request: target.request, limits: limits, fetch: transport(fetcher), sleep: sleep)
        var outcome = Outcome(summary: OAIHarvestSummary())
        outcome.summary = try await harvester.read(institutionID: target.institutionID, source: target.sourceKey,
                                                   defaultCategory: target.defaultCategory, retrievedAt: now) { read, _ in
            let report = try await FeedSync.apply([], works: read.works, source: target.sourceKey, institution: target.institutionID,
                                                  dryRun: dryRun, withdrawVanished: false, into: store, now: now)
            outcome.sync.add(report)
            outcome.worksRead += read.works.count
            outcome.read.append(read, works: false)
            onPage(outcome)
        }
        return outcome
    }

    /// `FeedFetcher` as the harvester's transport: an HTTP status comes back as a response (the harvester decides
    /// what is worth another attempt), a timeout or a broken connection is thrown (tried again), and what another
    /// attempt would not change (too large, a refused address or scheme, a redirect loop) is a refusal.
    static func transport(_ fetcher: FeedFetcher) -> @Sendable (URL) async throws -> OAITransportResponse {
        { url in
            do {
                return OAITransportResponse(status: 200, body: try await fetcher.fetch(url).data ?? Data())
            } catch let failure as FeedFetcher.Failure {
                switch failure {
                case .status(let code): return OAITransportResponse(status: code, body: Data())
                case .timedOut, .transport: throw failure
                case .notHTTP, .tooLarge, .tooManyRedirects, .refusedAddress: throw OAITransportRefusal(failure.description)
                }
            }
        }
    }
}

extension FeedSyncReport {
    /// Adds another report's counts (the pages of one harvest, each written apart).
    mutating func add(_ other: FeedSyncReport) {
        created += other.created
        updated += other.updated
        unchanged += other.unchanged
        withdrawn += other.withdrawn
        venuesCreated += other.venuesCreated
        venuesUpdated += other.venuesUpdated
        worksCreated += other.worksCreated
        worksUpdated += other.worksUpdated
        worksWithdrawn += other.worksWithdrawn
        stocksCreated += other.stocksCreated
        stocksUpdated += other.stocksUpdated
        stocksWithdrawn += other.stocksWithdrawn
        vanishedKept += other.vanishedKept
        merged += other.merged
        mergesEnded += other.mergesEnded
        merges += other.merges
    }
}
