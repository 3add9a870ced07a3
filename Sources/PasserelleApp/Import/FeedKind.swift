public import Foundation
public import PasserelleConnectors
public import PasserelleCore

/// The formats `passerelle import` and registered feeds read, each through its connector into one `FeedRead`.
public enum FeedKind: String, Sendable, Hashable, Codable, CaseIterable {
    case jsonld, ical, rss, openagenda, csv, oai

    /// The largest document the connector reads (it refuses a larger one itself, too).
    public var maximumBytes: Int {
        switch self {
        case .jsonld: JSONLDFeed.maximumDocumentBytes
        case .ical: ICalendarFeed.maximumDocumentBytes
        case .rss: PodcastFeed.maximumDocumentBytes
        case .openagenda: OpenAgendaFeed.maximumDocumentBytes
        case .csv: CSVFeed.maximumDocumentBytes
        case .oai: OAIResponse.maximumDocumentBytes
        }
    }

    /// The source key a location goes by (see `FeedSourceKey`).
    public func sourceKey(_ location: String) -> String { FeedSourceKey.make(kind: rawValue, location: location) }

    /// What the source holds, for help texts.
    public var summary: String {
        switch self {
        case .jsonld: "schema.org events in an HTML page's JSON-LD blocks, or a .jsonld file"
        case .ical: "an iCalendar (RFC 5545) file: events, with their recurrences expanded to dated stocks"
        case .rss: "a podcast's RSS or Atom feed: the podcast as a work, each playable episode as an online offer"
        case .openagenda: "an OpenAgenda export (open-data records or the API's events), with their timings"
        case .csv: "a CSV file read with a column mapping (--mapping FILE.json)"
        case .oai: "an OAI-PMH repository's base URL, harvested page by page into works (oai_dc or EDM), or a file holding one ListRecords response"
        }
    }
}

/// What reading a source needs beyond its bytes.
public struct FeedReadOptions: Sendable {
    public var institutionID: InstitutionID
    public var sourceKey: String
    public var defaultCategory: CategoryID?
    /// The CSV column mapping (required for `csv`).
    public var mapping: CSVColumnMapping?
    /// Where the document came from, to resolve a feed's relative links (RSS).
    public var location: URL?
    public var retrievedAt = Date()

    public init(institutionID: InstitutionID, sourceKey: String, defaultCategory: CategoryID? = nil, mapping: CSVColumnMapping? = nil, location: URL? = nil) {
        self.institutionID = institutionID
        self.sourceKey = sourceKey
        self.defaultCategory = defaultCategory
        self.mapping = mapping
        self.location = location
    }
}

/// A source refused as a whole (its records were not read), in words.
public struct FeedRefusal: Error, Sendable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

extension FeedKind {
    /// Reads `data` with this kind's connector.
    public func read(_ data: Data, _ options: FeedReadOptions) throws(FeedRefusal) -> FeedRead {
        do {
            switch self {
            case .jsonld:
                return try JSONLDFeed.read(data, source: options.sourceKey, institutionID: options.institutionID,
                                           defaultCategory: options.defaultCategory, retrievedAt: options.retrievedAt)
            case .ical:
                return try ICalendarFeed.read(data, source: options.sourceKey, institutionID: options.institutionID,
                                              defaultCategory: options.defaultCategory, retrievedAt: options.retrievedAt)
            case .rss:
                let feedURL = options.location.flatMap { $0.isFileURL ? nil : $0 }
                return try PodcastFeed.read(data, source: options.sourceKey, institutionID: options.institutionID, feedURL: feedURL,
                                            retrievedAt: options.retrievedAt)
            case .openagenda:
                return try OpenAgendaFeed.read(data, source: options.sourceKey, institutionID: options.institutionID,
                                               defaultCategory: options.defaultCategory, retrievedAt: options.retrievedAt)
            case .csv:
                guard let mapping = options.mapping else { throw FeedRefusal("a CSV source needs its column mapping (--mapping FILE.json)") }
                return try CSVFeed.read(data, mapping: mapping, source: options.sourceKey, institutionID: options.institutionID,
                                        defaultCategory: options.defaultCategory, retrievedAt: options.retrievedAt)
            case .oai:
                // One response document; a repository's whole list is harvested by `OAIImport`.
                return try OAIPMHFeed.read(data, source: options.sourceKey, institutionID: options.institutionID,
                                           defaultCategory: options.defaultCategory, retrievedAt: options.retrievedAt)
            }
        } catch let refusal as FeedRefusal {
            throw refusal
        } catch {
            throw FeedRefusal(String(describing: error))
        }
    }
}
