public import Foundation

/// What the transport answered for one request: the HTTP status, the headers (names compared case-insensitively)
/// and the body.
public struct OAITransportResponse: Sendable {
    public var status: Int
    public var headers: [String: String]
    public var body: Data

    public init(status: Int = 200, headers: [String: String] = [:], body: Data) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    public func header(_ name: String) -> String? {
        headers.first { $0.key.caseInsensitiveCompare(name) == .orderedSame }?.value
    }
}

/// What a transport throws for a request another attempt would not change (a page over its size limit, an address
/// refused): the harvest stops at once, the page `refused`.
public struct OAITransportRefusal: Error, Sendable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// A request that had no answer within the harvester's `requestTimeout`.
struct OAIRequestTimeout: Error, CustomStringConvertible {
    let timeout: Duration
    var description: String { "the repository did not answer within \(timeout) (the request was cancelled)" }
}

/// Why a harvest stopped before the end of its list. The works read until then are kept, but the harvest is
/// incomplete: nothing may be withdrawn for not having been seen.
public struct OAIHarvestFailure: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// The transport failed (no connection, a timeout) on every attempt.
        case transport
        /// The repository did not answer within `requestTimeout` on every attempt (it stalled).
        case timedOut
        /// The repository answered this HTTP status (5xx and 429 on every attempt; another at once).
        case httpStatus(Int)
        /// The page was not a readable OAI-PMH response (cut short, not XML) on every attempt, or repeated its token.
        case malformedResponse
        /// The page was refused whole (entity declarations, an unreadable encoding, too large, not OAI-PMH).
        case refused
        /// The repository no longer knows the resumption token (it expired, or the list changed).
        case badResumptionToken
        /// Another OAI-PMH error (`badArgument`, `cannotDisseminateFormat`, `noSetHierarchy`…).
        case oaiError(OAIErrorCode)
        /// The harvest reached `maximumPages` or `maximumRecords` with the list not finished.
        case limit
    }

    public let kind: Kind
    /// The page that failed (1-based) and its address.
    public let page: Int
    public let url: URL
    public let attempts: Int
    public let message: String

    public var description: String {
        "page \(page) (\(url.absoluteString.prefix(300))) failed after \(attempts) attempt\(attempts == 1 ? "" : "s"): \(message)"
    }
}

/// How a harvest went: how far it got, and where the next incremental harvest starts.
public struct OAIHarvestSummary: Sendable, Hashable {
    /// Pages read in full, records in them (deleted ones included), deleted records.
    public internal(set) var pages = 0
    public internal(set) var records = 0
    public internal(set) var deleted = 0
    /// Attempts that failed and were tried again.
    public internal(set) var retries = 0
    /// The latest datestamp of the records read: the `from` of the next incremental harvest (a harvest from a
    /// datestamp includes it, so the records of that day or second are read again, never missed).
    public internal(set) var lastDatestamp: OAIDatestamp?
    /// The `responseDate` of the first page (the repository's clock when the harvest began).
    public internal(set) var responseDate: OAIDatestamp?
    /// The list's size, as the repository announced it.
    public internal(set) var completeListSize: Int?
    /// The last resumption token read (nil once the list is finished): where a stopped harvest may resume, while
    /// the token lasts.
    public internal(set) var resumptionToken: String?
    /// Why the harvest stopped early; nil for a complete harvest.
    public internal(set) var failure: OAIHarvestFailure?

    public init() {}

    /// The list was read to its end: only then may records not seen be treated as gone.
    public var isComplete: Bool { failure == nil }
}

/// A harvest's works and rejections, and its summary.
public struct OAIHarvest: Sendable {
    public let read: FeedRead
    public let summary: OAIHarvestSummary
}

/// One page of a harvest, handed over as soon as it is read (the harvester keeps no page after the next request).
public struct OAIHarvestPage: Sendable {
    /// 1-based.
    public let number: Int
    public let url: URL
    /// The response with its records collected.
    public let response: OAIResponse
    /// The document's bytes, for the text of a rejected record.
    public let document: Data
}
