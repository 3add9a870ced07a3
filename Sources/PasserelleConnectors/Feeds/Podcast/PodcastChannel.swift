public import Foundation

/// A podcast feed as `PodcastFeedParser` reads it: podcastparser's model (its keys in the comments), field for
/// field, so that its 70 test feeds check this reader. A value that is absent in the feed is nil, as the key is
/// absent from podcastparser's dictionary. Two additions: `podcastGUID` (`podcast:guid`) and, for a feed that
/// breaks part way, `interruption`.
public struct PodcastChannel: Sendable, Hashable {
    /// `title`: the channel's, else the feed address's last path part without its extension.
    public var title: String
    public var link: String?
    /// `description`, or `itunes:summary` when there is none (Atom: `subtitle`).
    public var description: String?
    /// `cover_url`: `itunes:image`, `image/url` or Atom's `icon`.
    public var coverURL: String?
    /// `type`: `episodic` or `serial` (any other value is left out).
    public var type: String?
    public var language: String?
    public var generator: String?
    /// `itunes_author`.
    public var author: String?
    /// `itunes_owner`.
    public var owner: PodcastOwner?
    /// `itunes_categories`: each category with its subcategories (`["Business", "Entrepreneurship"]`).
    public var categories: [[String]]?
    /// `itunes_keywords`.
    public var keywords: [String]?
    public var explicit: Bool?
    /// `new_url`: `itunes:new-feed-url` or `redirect/newLocation`.
    public var newURL: String?
    /// `payment_url` (an Atom link `rel="payment"`).
    public var paymentURL: String?
    /// `funding_url`: `podcast:funding`.
    public var fundingURL: String?
    /// `import_prohibited`: `podcast:locked`.
    public var importProhibited: Bool?
    /// `paged_feed_first`, `paged_feed_next` (RFC 5005 paging).
    public var pagedFeedFirst: String?
    public var pagedFeedNext: String?
    /// `podcast:guid`, the podcast's global id (not read by podcastparser).
    public var podcastGUID: String?
    /// `episodes`, newest first (oldest first for a `serial` podcast), as podcastparser orders them.
    public var episodes: [PodcastEpisode] = []
    /// Items podcastparser leaves out, and why (no way to tell them apart, no title to give them).
    public var dropped: [PodcastDroppedItem] = []
    /// Items seen in the feed, kept or dropped.
    public var itemCount = 0
    /// Set when the feed breaks part way (malformed XML, cut short, past a limit): what was read before is kept.
    public var interruption: PodcastInterruption?
}

/// `itunes:owner`.
public struct PodcastOwner: Sendable, Hashable {
    public var name: String?
    public var email: String?
}

/// One item (RSS) or entry (Atom).
public struct PodcastEpisode: Sendable, Hashable {
    /// Where the item is: its position among the feed's items (1-based), the lines of its start and end tags.
    public var position: Int
    public var line: Int
    public var endLine: Int
    public var title: String?
    /// `guid`: the item's `guid` (resolved against the feed when a permalink), else its link, else its one
    /// enclosure's URL. Atom: `id`.
    public var guid: String?
    public var link: String = ""
    /// Text: `itunes:summary`, `media:description`, a `description` without HTML, else the HTML one stripped.
    public var description: String = ""
    /// `description_html`: `content:encoded`, or a `description` that is HTML.
    public var descriptionHTML: String?
    /// `published`: `pubDate` (Atom: `published`, else `updated`); nil when absent or unreadable (podcastparser: 0).
    public var published: Date?
    /// `total_time`: `itunes:duration` in seconds, 0 when unknown.
    public var totalTime: Int = 0
    public var paymentURL: String?
    /// `enclosure`, `media:content` and Atom `link rel="enclosure"`, in feed order.
    public var enclosures: [PodcastEnclosure] = []
    /// `transcript_url`: `podcast:transcript` (the last one).
    public var transcriptURL: String?
    /// `chapters_json_url`: `podcast:chapters`.
    public var chaptersURL: String?
    /// `chapters`: Podlove Simple Chapters (`psc:chapter`); nil when none.
    public var chapters: [PodcastChapter]?
    /// `persons`: `podcast:person`.
    public var persons: [PodcastPerson]?
    /// `episode_art_url`: `itunes:image`, `media:thumbnail`.
    public var artURL: String?
    public var explicit: Bool?
    /// `itunes_author`.
    public var author: String?
    /// `number`: `itunes:episode` when a positive whole number.
    public var number: Int?
    /// `season`: `itunes:season` (0 when not a number).
    public var season: Int?
    /// `subtitle`: `itunes:subtitle`.
    public var subtitle: String?
    /// `type`: `itunes:episodeType` when `full`, `trailer` or `bonus`.
    public var type: String?
}

public struct PodcastEnclosure: Sendable, Hashable {
    /// Nil when the address is not an http, https, ftp or file URL (podcastparser's `None`).
    public var url: String?
    /// -1 when unknown.
    public var fileSize: Int
    public var mimeType: String
}

public struct PodcastChapter: Sendable, Hashable {
    /// Seconds from the start.
    public var start: Int
    public var title: String
    public var href: String?
    public var image: String?
}

public struct PodcastPerson: Sendable, Hashable {
    public var name: String?
    public var role: String
    public var group: String
    public var href: String?
    public var img: String?
}

/// An item left out of `episodes`, with where it is and why.
public struct PodcastDroppedItem: Sendable, Hashable {
    public enum Reason: Sendable, Hashable {
        /// Neither a guid, nor a link, nor one enclosure URL shared by all its enclosures.
        case noID
        /// No title, and not exactly one enclosure to name it after.
        case noTitle
    }
    public var position: Int
    public var line: Int
    public var endLine: Int
    public var title: String?
    public var reason: Reason
}

/// Where and why a feed stops being read.
public struct PodcastInterruption: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// Not well-formed XML from there on (cut short, a tag left open…).
        case malformed
        /// Nested deeper than `PodcastFeedParser.maximumDepth`, or more items than `maximumItems`.
        case limit
    }
    public var kind: Kind
    public var line: Int
    public var message: String
    /// The item being read when the feed broke (its position, first line and guid if read), if any.
    public var position: Int?
    public var itemLine: Int?
    public var guid: String?
}
