/// What the parser does at each element path, as podcastparser's `MAPPING` says (its paths, with namespace
/// prefixes normalised to `itunes:`, `atom:`, `media:`, `psc:`, `content:`, `podcast:` whatever the feed calls them).
enum PodcastTarget {
    case rssRoot, channel
    case channelTitle, channelLink, channelDescription, channelSummary, funding, locked, imageURL, itunesImage, itunesType
    case channelAtomLink, generator, language, category, subcategory, channelAuthor, owner, channelExplicit, newURL, keywords
    case ownerEmail, ownerName, podcastGUID
    case item, guid, itemTitle, itemLink, itemDescription, itemSummary, subtitle, contentEncoded, duration, pubDate
    case itemAtomLink, itemExplicit, itemAuthor, season, episodeNumber, episodeType, itemImage, thumbnail
    case mediaContent, enclosure, chapters, chapter, transcript, chaptersURL, person
    case atomID, atomContent, published, updated, atomIcon

    /// Whether the element's text is collected (podcastparser's `WANT_TEXT`).
    var wantsText: Bool {
        switch self {
        case .rssRoot, .channel, .funding, .itunesImage, .channelAtomLink, .category, .subcategory, .owner, .item, .itemAtomLink,
             .itemImage, .thumbnail, .mediaContent, .enclosure, .chapters, .chapter, .transcript, .chaptersURL:
            false
        default:
            true
        }
    }

    static let mapping: [String: PodcastTarget] = {
        let item = "rss/channel/item/", entry = "atom:feed/atom:entry/"
        return [
            "rss": .rssRoot, "rss/channel": .channel, "atom:feed": .channel,
            "rss/channel/title": .channelTitle, "rss/channel/link": .channelLink, "rss/channel/description": .channelDescription,
            "rss/channel/itunes:summary": .channelSummary, "rss/channel/podcast:funding": .funding, "rss/channel/podcast:locked": .locked,
            "rss/channel/image/url": .imageURL, "rss/channel/itunes:image": .itunesImage, "rss/channel/itunes:type": .itunesType,
            "rss/channel/atom:link": .channelAtomLink, "rss/channel/generator": .generator, "rss/channel/language": .language,
            "rss/channel/itunes:category": .category, "rss/channel/itunes:category/itunes:category": .subcategory,
            "rss/channel/itunes:category/itunes:category/itunes:category": .subcategory,
            "rss/channel/itunes:author": .channelAuthor, "rss/channel/itunes:owner": .owner, "rss/channel/itunes:explicit": .channelExplicit,
            "rss/channel/itunes:new-feed-url": .newURL, "rss/channel/itunes:keywords": .keywords, "rss/redirect/newLocation": .newURL,
            "rss/channel/itunes:owner/itunes:email": .ownerEmail, "rss/channel/itunes:owner/itunes:name": .ownerName,
            "rss/channel/podcast:guid": .podcastGUID,
            "rss/channel/item": .item,
            item + "guid": .guid, item + "title": .itemTitle, item + "link": .itemLink, item + "description": .itemDescription,
            item + "itunes:summary": .itemSummary, item + "media:description": .itemSummary, item + "itunes:subtitle": .subtitle,
            item + "content:encoded": .contentEncoded, item + "itunes:duration": .duration, item + "pubDate": .pubDate,
            item + "atom:link": .itemAtomLink, item + "itunes:explicit": .itemExplicit, item + "itunes:author": .itemAuthor,
            item + "itunes:season": .season, item + "itunes:episode": .episodeNumber, item + "itunes:episodeType": .episodeType,
            item + "itunes:image": .itemImage, item + "media:thumbnail": .thumbnail, item + "media:group/media:thumbnail": .thumbnail,
            item + "media:content": .mediaContent, item + "media:group/media:content": .mediaContent, item + "enclosure": .enclosure,
            item + "psc:chapters": .chapters, item + "psc:chapters/psc:chapter": .chapter, item + "podcast:transcript": .transcript,
            item + "podcast:chapters": .chaptersURL, item + "podcast:person": .person,
            "atom:feed/atom:title": .channelTitle, "atom:feed/atom:subtitle": .channelDescription, "atom:feed/atom:icon": .atomIcon,
            "atom:feed/atom:link": .channelAtomLink, "atom:feed/atom:entry": .item,
            entry + "atom:id": .atomID, entry + "atom:title": .itemTitle, entry + "atom:link": .itemAtomLink,
            entry + "atom:content": .atomContent, entry + "content:encoded": .contentEncoded, entry + "atom:published": .published,
            entry + "atom:updated": .updated, entry + "media:group/media:description": .itemSummary,
            entry + "media:thumbnail": .thumbnail, entry + "media:group/media:thumbnail": .thumbnail,
            entry + "psc:chapters": .chapters, entry + "psc:chapters/psc:chapter": .chapter,
        ]
    }()

    /// Namespace URIs and the prefix podcastparser gives them; the podcast namespace's official URI
    /// (`https://podcastindex.org/namespace/1.0`, which real feeds declare) is added to podcastparser's two.
    static let namespaces: [String: String] = [
        "http://www.itunes.com/dtds/podcast-1.0.dtd": "itunes", "http://www.itunes.com/DTDs/Podcast-1.0.dtd": "itunes",
        "http://www.w3.org/2005/Atom": "atom", "http://www.w3.org/2005/Atom/": "atom",
        "http://search.yahoo.com/mrss/": "media", "http://search.yahoo.com/mrss": "media",
        "http://podlove.org/simple-chapters": "psc", "http://podlove.org/simple-chapters/": "psc",
        "http://purl.org/rss/1.0/modules/content/": "content",
        "https://github.com/Podcastindex-org/podcast-namespace/blob/main/docs/1.0.md": "podcast",
        "https://github.com/podcastindex-org/podcast-namespace/blob/main/docs/1.0.md": "podcast",
        "https://podcastindex.org/namespace/1.0": "podcast",
    ]
}
