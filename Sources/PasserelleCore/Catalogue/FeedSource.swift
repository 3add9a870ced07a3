public import Foundation

/// A feed an institution registered, which Passerelle re-reads on its own (the scheduler inside `serve`, or
/// `passerelle feed run`): what to read and how often. What the last runs gave is its `FeedSourceState`.
public struct FeedSource: Sendable, Hashable, Codable, Identifiable {
    public var id: FeedSourceID
    public var institutionID: InstitutionID
    /// One of `FeedSource.kinds` (`jsonld`, `ical`, `rss`, `openagenda`, `csv`).
    public var kind: String
    /// An http(s) URL.
    public var url: URL
    /// The category of records the feed does not type.
    public var defaultCategory: CategoryID?
    /// A CSV source's column mapping, as the JSON document `passerelle import --mapping` reads.
    public var mapping: String?
    /// Minutes between two reads (`minimumInterval`…`maximumInterval`).
    public var intervalMinutes: Int
    /// Withdrawn: never read again; its offers stay as they were.
    public var status: RecordStatus

    public init(id: FeedSourceID = .random(), institutionID: InstitutionID, kind: String, url: URL, defaultCategory: CategoryID? = nil,
                mapping: String? = nil, intervalMinutes: Int = FeedSource.defaultInterval, status: RecordStatus = .active) {
        self.id = id
        self.institutionID = institutionID
        self.kind = kind
        self.url = url
        self.defaultCategory = defaultCategory
        self.mapping = mapping
        self.intervalMinutes = intervalMinutes
        self.status = status
    }

    public static let kinds = ["jsonld", "ical", "rss", "openagenda", "csv"]
    /// A feed is read at most every 15 minutes (a polite reader) and at least once a week.
    public static let minimumInterval = 15
    public static let maximumInterval = 7 * 24 * 60
    public static let defaultInterval = 6 * 60
    /// Feeds one institution may register.
    public static let maximumPerInstitution = 50
    /// "Read it now" requests per institution (`POST /api/v1/feeds/{id}/run`): each one makes Passerelle fetch another
    /// site, so they are limited like a guess (`PASSERELLE_FEED_RUN_LIMIT`).
    public static let runRequestLimit = RateLimit(limit: 12, window: 3_600)!
    public static let maximumMappingBytes = 64 * 1_024

    /// Every field-level problem with this source.
    public func validationIssues() -> [FieldIssue] {
        var validator = Validator()
        if !Self.kinds.contains(kind) { validator.fail("kind", "unknown-kind", "must be one of \(Self.kinds.joined(separator: ", "))") }
        let scheme = url.scheme?.lowercased() ?? ""
        if !["http", "https"].contains(scheme) || (url.host ?? "").isEmpty {
            validator.fail("url", "not-http", "must be an http or https URL with a host")
        }
        if url.user != nil || url.password != nil { validator.fail("url", "credentials", "must not carry a user or a password") }
        if url.absoluteString.utf8.count > 2_048 { validator.fail("url", "too-long", "must be at most 2 048 bytes") }
        validator.range(intervalMinutes, "intervalMinutes", Self.minimumInterval...Self.maximumInterval)
        if let category = defaultCategory, Taxonomy.category(category) == nil {
            validator.fail("defaultCategory", "unknown-category", "must be a category of the taxonomy")
        }
        if kind == "csv" && mapping == nil { validator.fail("mapping", "required", "a csv feed needs its column mapping") }
        if kind != "csv" && mapping != nil { validator.fail("mapping", "not-csv", "only a csv feed has a column mapping") }
        if let mapping, mapping.utf8.count > Self.maximumMappingBytes {
            validator.fail("mapping", "too-long", "must be at most \(Self.maximumMappingBytes) bytes")
        }
        return validator.issues
    }
}

public typealias FeedSourceID = Identifier<FeedSource>

/// What the runs of a feed gave: when it runs next, what a conditional request sends, how the last run ended.
public struct FeedSourceState: Sendable, Hashable, Codable {
    public var nextRunAt: Date
    public var etag: String?
    public var lastModified: String?
    public var lastRunAt: Date?
    /// `imported`, `unchanged` (a 304), `refused` (the document as a whole), `failed` (fetch or database).
    public var lastOutcome: String?
    /// The last run's report in words (counts, or why it failed); never a secret.
    public var lastMessage: String?
    /// Runs that failed in a row: the next one waits longer (`FeedSourceState.backOff`).
    public var consecutiveFailures: Int

    public init(nextRunAt: Date, etag: String? = nil, lastModified: String? = nil, lastRunAt: Date? = nil, lastOutcome: String? = nil,
                lastMessage: String? = nil, consecutiveFailures: Int = 0) {
        self.nextRunAt = nextRunAt
        self.etag = etag
        self.lastModified = lastModified
        self.lastRunAt = lastRunAt
        self.lastOutcome = lastOutcome
        self.lastMessage = lastMessage
        self.consecutiveFailures = consecutiveFailures
    }

    /// The wait after `failures` failed runs in a row: the interval doubled per failure, at most a day.
    public static func backOff(interval minutes: Int, failures: Int) -> TimeInterval {
        let doubled = Double(minutes * 60) * pow(2, Double(min(failures, 10)))
        return min(doubled, 86_400)
    }
}

/// A registered feed with its state.
public struct FeedSourceRecord: Sendable, Hashable {
    public var source: FeedSource
    public var state: FeedSourceState

    public init(source: FeedSource, state: FeedSourceState) {
        self.source = source
        self.state = state
    }
}

/// Where registered feeds live. Runs are claimed with a lease, so that two `serve` processes on one database never
/// read the same feed at once: a claim takes one due feed whose lease is free or expired, and only the holder of a
/// lease may record the run's end.
public protocol FeedSourceStore: Sendable {
    /// Registers or changes a feed's configuration (its state is kept; a new feed is due at once).
    func saveFeedSource(_ source: FeedSource, now: Date) async throws
    func feedSource(_ id: FeedSourceID) async throws -> FeedSourceRecord?
    /// The institution's feeds (every institution's when nil), withdrawn ones included, by id.
    func feedSources(of institution: InstitutionID?) async throws -> [FeedSourceRecord]
    /// Takes the lease of one active feed due at `now` (the earliest), for `lease` seconds, as `owner`; nil when
    /// none is due or every due one is leased.
    func claimDueFeedSource(owner: String, now: Date, lease: TimeInterval) async throws -> FeedSourceRecord?
    /// Records a run's end and frees the lease, only if `owner` still holds it; false when it was lost (expired
    /// and taken by another process), in which case nothing is written.
    func finishFeedRun(_ id: FeedSourceID, owner: String, state: FeedSourceState) async throws -> Bool
    /// Makes a feed due now (an institution asking for a read).
    func scheduleFeedSoon(_ id: FeedSourceID, at date: Date) async throws
}
