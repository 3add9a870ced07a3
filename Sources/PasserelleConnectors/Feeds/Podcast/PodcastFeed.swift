public import Foundation
public import PasserelleCore

extension RowReason.Code {
    /// A podcast item with no playable media (no enclosure, or none at an http or https address): reported, not
    /// published as something to listen to.
    public static let noMedia = RowReason.Code(rawValue: "no-media")
    /// A feed item with neither a guid, nor a link, nor one enclosure URL: nothing tells it apart from the others.
    public static let noRecordID = RowReason.Code(rawValue: "no-record-id")
    /// The feed's XML breaks (cut short, a tag left open…) or passes a limit: what follows was not read.
    public static let malformedXML = RowReason.Code(rawValue: "malformed-xml")
}

/// Reads a podcast's RSS or Atom feed into the catalogue: the podcast is one `Work` (`media.podcast`), each
/// episode with playable media an online `Offer` of that work. Parsing is `PodcastFeedParser`'s (podcastparser's
/// rules); the mapping is `PodcastMapper`'s. An item that cannot be published is reported with its reason; one
/// bad item never stops the others, and a feed that breaks part way keeps what was read before the break.
public enum PodcastFeed {
    /// The largest feed read. Long-running podcasts with full show notes reach a few MiB; 32 MiB is far past them.
    public static let maximumDocumentBytes = 32 * 1_024 * 1_024

    /// The name a feed goes by in its records' provenance (see `FeedSourceKey`).
    public static func sourceKey(_ location: String) -> String { FeedSourceKey.make(kind: "rss", location: location) }

    /// The errors that refuse a document as a whole (nothing of it is imported).
    public enum Refusal: Error, Sendable, Equatable, CustomStringConvertible {
        case tooLarge(bytes: Int)
        /// Undeclared or declared UTF-8, and not valid UTF-8.
        case notUTF8
        /// The XML declaration names an encoding this reader does not decode.
        case unsupportedEncoding(String)
        /// The bytes are not valid in the encoding the XML declaration names.
        case undecodable(encoding: String)
        /// The document type declares entities (how XXE and "billion laughs" attacks are made).
        case entityDeclarations
        /// Not XML: nothing could be read up to a root element.
        case notXML(line: Int, message: String)
        /// XML whose root element is neither `<rss>` nor an Atom `<feed>`.
        case notAFeed(root: String)

        public var description: String {
            switch self {
            case .tooLarge(let bytes): "the feed has \(bytes) bytes; at most \(PodcastFeed.maximumDocumentBytes) are read"
            case .notUTF8: "the feed is not valid UTF-8 and declares no other encoding"
            case .unsupportedEncoding(let name): "the feed declares the encoding '\(name.prefix(40))', which is not read (\(XMLPrologue.readableEncodings) are)"
            case .undecodable(let name): "the feed is not valid \(name.prefix(40)), the encoding it declares"
            case .entityDeclarations: "the feed declares XML entities (<!ENTITY>); feeds never need them and they are refused"
            case .notXML(let line, let message): "the document is not XML (line \(line): \(message))"
            case .notAFeed(let root): "the document is XML but not a feed: its root element is <\(root.prefix(60))>, not <rss> or <feed>"
            }
        }
    }

    /// The feed's podcast and playable episodes, mapped, with every item that could not be. `feedURL` is the
    /// address the feed was fetched from: relative addresses in it are resolved against it, and it is the
    /// podcast's identity when the feed has no `podcast:guid`.
    public static func read(
        _ data: Data, source: String, institutionID: InstitutionID, feedURL: URL?, retrievedAt: Date = Date()
    ) throws(Refusal) -> FeedRead {
        let channel = try parse(data, feedURL: feedURL)
        let mapper = PodcastMapper(institutionID: institutionID, source: source, feedURL: feedURL, retrievedAt: retrievedAt)
        return mapper.map(channel, lines: DocumentLines(data))
    }

    /// The feed as podcastparser reads it, for what the catalogue has no field for: each episode's duration
    /// (`totalTime`), transcript (`transcriptURL`), chapters, persons, season and number.
    public static func parse(_ data: Data, feedURL: URL?) throws(Refusal) -> PodcastChannel {
        try PodcastFeedParser(baseURL: feedURL?.absoluteString ?? "").parse(data)
    }
}

extension PodcastFeed.Refusal {
    /// The refusal of the bytes' checks, in a feed's words.
    init(_ problem: XMLPrologue.Problem) {
        switch problem {
        case .tooLarge(let bytes): self = .tooLarge(bytes: bytes)
        case .notUTF8: self = .notUTF8
        case .unsupportedEncoding(let name): self = .unsupportedEncoding(name)
        case .undecodable(let name): self = .undecodable(encoding: name)
        case .entityDeclarations: self = .entityDeclarations
        }
    }
}
