public import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Reads an RSS 2.0 or Atom podcast feed into a `PodcastChannel`, the way podcastparser (gPodder's parser) reads
/// it, with `XMLParser`: a streaming (SAX) parse, so memory stays bounded by the document whatever it holds.
/// External entities are never resolved and a document declaring entities is refused before it is parsed (see
/// `XMLPrologue`); elements nested deeper than `maximumDepth`, or more than `maximumItems` items, stop the
/// read where they start, like a feed that breaks: what was read before is kept and `interruption` says where.
public struct PodcastFeedParser: Sendable {
    public static let maximumDepth = 100
    public static let maximumItems = 20_000

    /// The address relative URLs are resolved against (the feed's own; `xml:base` on `<rss>` replaces it). Its
    /// last path part, without extension, is the title of a channel that has none, as in podcastparser.
    public var baseURL: String
    /// At most this many episodes are kept (the newest), as podcastparser's `max_episodes`; nil for all.
    public var maximumEpisodes: Int?

    public init(baseURL: String = "", maximumEpisodes: Int? = nil) {
        self.baseURL = baseURL
        self.maximumEpisodes = maximumEpisodes
    }

    /// The feed read from its bytes; refused when it is too large, not in a readable encoding, declares entities,
    /// is not XML at all, or is XML but neither `<rss>` nor an Atom `<feed>`.
    public func parse(_ data: Data) throws(PodcastFeed.Refusal) -> PodcastChannel {
        let xml: Data
        do {
            xml = try XMLPrologue.prepare(data, maximumBytes: PodcastFeed.maximumDocumentBytes)
        } catch {
            throw PodcastFeed.Refusal(error)
        }
        let delegate = PodcastParserDelegate(base: baseURL)
        let stoppedAt = XMLPrologue.parse(xml, with: delegate)
        if let root = delegate.refusedRoot { throw .notAFeed(root: root) }
        guard delegate.rootName != nil else {
            throw .notXML(line: delegate.lastError?.line ?? 1, message: delegate.lastError.map { PodcastParserDelegate.describe($0.code) } ?? "no element")
        }
        var channel = delegate.channel
        if channel.interruption == nil, !delegate.rootClosed {
            let error = delegate.lastError ?? (code: 0, line: stoppedAt)
            channel.interruption = delegate.interruption(.malformed, line: error.line, PodcastParserDelegate.describe(error.code))
        }
        // podcastparser's order: newest first, oldest first for a serial podcast; items of the same date keep theirs.
        let serial = channel.type == "serial"
        channel.episodes = channel.episodes.enumerated().sorted { a, b in
            let (x, y) = (a.element.published ?? Date(timeIntervalSince1970: 0), b.element.published ?? Date(timeIntervalSince1970: 0))
            if x != y { return serial ? x < y : x > y }
            return a.offset < b.offset
        }.map(\.element)
        if let maximumEpisodes, maximumEpisodes > 0, channel.episodes.count > maximumEpisodes {
            channel.episodes = Array(channel.episodes.prefix(maximumEpisodes))
        }
        return channel
    }
}

/// The SAX handler: podcastparser's `PodcastHandler`, its element paths in `PodcastTarget`.
final class PodcastParserDelegate: NSObject, XMLParserDelegate {
    private(set) var channel: PodcastChannel
    private(set) var rootName: String?
    private(set) var refusedRoot: String?
    private(set) var rootClosed = false
    private(set) var lastError: (code: Int, line: Int)?

    private var base: String
    private var path: [String] = []
    private var namespaces: [[String: String]] = []
    private var targets: [PodcastTarget?] = []
    private var text: String?
    private var episode: PodcastEpisode?
    private var guidIsPermalink = false
    private var atomContentType = "text"
    private var stopped = false

    init(base: String) {
        self.base = base
        channel = PodcastChannel(title: PodcastURL.basenameWithoutExtension(base))
    }

    // MARK: - SAX events

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        guard !stopped else { return }
        guard path.count < PodcastFeedParser.maximumDepth else {
            return stop(parser, .limit, "elements nested deeper than \(PodcastFeedParser.maximumDepth) levels")
        }
        var declared: [String: String] = [:]
        for (key, value) in attributes {
            if key == "xmlns" { declared[""] = value } else if key.hasPrefix("xmlns:") { declared[String(key.dropFirst(6))] = value }
        }
        namespaces.append(declared)
        let name = mapped(elementName)
        if path.isEmpty {
            rootName = name
            guard name == "rss" || name == "atom:feed" else {
                refusedRoot = elementName
                stopped = true
                parser.abortParsing()
                return
            }
        }
        path.append(name)
        let target = PodcastTarget.mapping[path.joined(separator: "/")]
        targets.append(target)
        if let target {
            start(target, attributes, parser)
            if target.wantsText { text = "" }
        }
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        guard !stopped, !path.isEmpty else { return }
        if let target = targets.last ?? nil {
            end(target, text ?? "", parser)
            text = nil
        }
        namespaces.removeLast()
        path.removeLast()
        targets.removeLast()
        if path.isEmpty { rootClosed = true }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if !stopped { text?.append(string) }
    }

    func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
        if !stopped { text?.append(String(decoding: CDATABlock, as: UTF8.self)) }
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
        // libxml2 reports recoverable errors too (an undeclared prefix, an unknown entity): the last one is kept,
        // and counts only when the parse fails.
        if !rootClosed { lastError = ((parseError as NSError).code, parser.lineNumber) }
    }

    /// No external entity or DTD is ever read.
    func parser(_ parser: XMLParser, resolveExternalEntityName name: String, systemID: String?) -> Data? { nil }

    // MARK: - Names

    /// podcastparser's `Namespace.map`: a known namespace gets its usual prefix whatever the feed calls it, an
    /// undeclared prefix is kept as written, an unknown namespace makes a name no path matches.
    private func mapped(_ name: String) -> String {
        let prefix: String, local: Substring
        if let colon = name.firstIndex(of: ":") {
            prefix = String(name[..<colon])
            local = name[name.index(after: colon)...]
        } else {
            prefix = ""
            local = Substring(name)
        }
        guard let uri = namespaces.reversed().lazy.compactMap({ $0[prefix] }).first else { return name }
        if let known = PodcastTarget.namespaces[uri] { return known + ":" + local }
        return "!" + prefix + ":" + local
    }

    // MARK: - Targets

    private func start(_ target: PodcastTarget, _ attributes: [String: String], _ parser: XMLParser) {
        func joined(_ key: String) -> String? {
            guard let value = attributes[key], !value.isEmpty else { return nil }
            return PodcastText.strip(PodcastURL.join(base, value))
        }
        switch target {
        case .rssRoot:
            if let xmlBase = attributes["xml:base"] { base = xmlBase }
        case .funding:
            if let url = joined("url") { channel.fundingURL = url }
        case .itunesImage:
            if let url = joined("href") { channel.coverURL = url }
        case .channelAtomLink:
            let rel = attributes["rel"] ?? "alternate"
            let url = PodcastURL.normalize(PodcastURL.join(base, attributes["href"] ?? ""))
            switch rel {
            case "first": channel.pagedFeedFirst = url
            case "next": channel.pagedFeedNext = url
            case "payment": channel.paymentURL = url
            default: if PodcastText.mediaType(attributes["type"]) == "text/html", rel == "self" || rel == "alternate" { channel.link = url }
            }
        case .category:
            channel.categories = (channel.categories ?? []) + [[PodcastText.strip(attributes["text"] ?? "")]]
        case .subcategory:
            if let value = attributes["text"], !value.isEmpty, var categories = channel.categories, !categories.isEmpty {
                categories[categories.count - 1].append(PodcastText.strip(value))
                channel.categories = categories
            }
        case .owner:
            channel.owner = PodcastOwner()
        case .item:
            channel.itemCount += 1
            guard channel.itemCount <= PodcastFeedParser.maximumItems else {
                return stop(parser, .limit, "more than \(PodcastFeedParser.maximumItems) items")
            }
            episode = PodcastEpisode(position: channel.itemCount, line: parser.lineNumber, endLine: parser.lineNumber)
            guidIsPermalink = false
        case .guid:
            guidIsPermalink = (attributes["isPermaLink"] ?? "true").lowercased() == "true"
        case .itemAtomLink:
            let rel = attributes["rel"] ?? "alternate"
            let url = PodcastURL.normalize(PodcastURL.join(base, attributes["href"] ?? ""))
            if rel == "enclosure" {
                episode?.enclosures.append(PodcastEnclosure(url: url, fileSize: PodcastText.length(attributes["length"] ?? "0"),
                                                            mimeType: PodcastText.mediaType(attributes["type"] ?? "text/html")))
            } else if rel == "payment" {
                episode?.paymentURL = url
            } else if PodcastText.mediaType(attributes["type"] ?? "text/html") == "text/html", rel == "self" || rel == "alternate",
                episode?.link.isEmpty == true {
                episode?.link = url ?? ""
            }
        case .itemImage:
            if let url = joined("href") { episode?.artURL = url }
        case .thumbnail:
            if let url = joined("url") { episode?.artURL = url }
        case .mediaContent, .enclosure:
            guard let raw = attributes["url"] else { return }
            let url = PodcastURL.normalize(PodcastURL.join(base, String(raw.drop(while: \.isWhitespace))))
            let size = PodcastText.length(attributes[target == .enclosure ? "length" : "fileSize"])
            episode?.enclosures.append(PodcastEnclosure(url: url, fileSize: size, mimeType: PodcastText.mediaType(attributes["type"])))
        case .chapter:
            guard let start = attributes["start"], let title = attributes["title"] else { return }
            let chapter = PodcastChapter(start: PodcastText.seconds(start), title: title, href: attributes["href"].flatMap { $0.isEmpty ? nil : $0 },
                                         image: attributes["image"].flatMap { $0.isEmpty ? nil : $0 })
            let chapters = episode?.chapters ?? []
            episode?.chapters = chapters + [chapter]
        case .transcript:
            if let url = joined("url") { episode?.transcriptURL = url }
        case .chaptersURL:
            if let url = joined("url") { episode?.chaptersURL = url }
        case .person:
            func value(_ key: String) -> String? { attributes[key].flatMap { $0.isEmpty ? nil : $0 } }
            let person = PodcastPerson(name: nil, role: value("role")?.lowercased() ?? "host", group: value("group")?.lowercased() ?? "cast",
                                       href: value("href"), img: value("img"))
            let persons = episode?.persons ?? []
            episode?.persons = persons + [person]
        case .atomContent:
            atomContentType = attributes["type"] ?? "text"
        default:
            break
        }
    }

    private func end(_ target: PodcastTarget, _ content: String, _ parser: XMLParser) {
        /// podcastparser's `EpisodeAttr` rule: a blank value does not replace one already read.
        func keep(_ field: WritableKeyPath<PodcastEpisode, String?>, _ value: String) {
            guard var item = episode else { return }
            if !value.isEmpty || item[keyPath: field] == nil { item[keyPath: field] = value }
            episode = item
        }
        let squashed = PodcastText.squash(content)
        switch target {
        case .channelTitle: channel.title = squashed
        case .channelLink: channel.link = PodcastText.strip(PodcastURL.join(base, PodcastText.strip(content)))
        case .channelDescription: channel.description = PodcastText.squashKeepingLines(content)
        case .channelSummary: if channel.description?.isEmpty ?? true { channel.description = PodcastText.squashKeepingLines(content) }
        case .locked: if let flag = PodcastText.flag(content) { channel.importProhibited = flag }
        case .imageURL, .atomIcon: channel.coverURL = PodcastText.strip(PodcastURL.join(base, PodcastText.strip(content)))
        case .itunesType: if squashed == "episodic" || squashed == "serial" { channel.type = squashed }
        case .generator: channel.generator = squashed
        case .language: channel.language = squashed
        case .channelAuthor: channel.author = squashed
        case .channelExplicit: if let flag = PodcastText.flag(squashed) { channel.explicit = flag }
        case .newURL: channel.newURL = squashed
        case .keywords: channel.keywords = squashed.components(separatedBy: ", ")
        case .ownerEmail: channel.owner?.email = squashed
        case .ownerName: channel.owner?.name = squashed
        case .podcastGUID: channel.podcastGUID = PodcastText.strip(content)
        case .item: finishEpisode(parser)
        case .guid:
            let guid = PodcastText.strip(content)
            keep(\.guid, guidIsPermalink ? PodcastURL.join(base, guid) : guid)
        case .atomID: keep(\.guid, PodcastText.strip(content))
        case .itemTitle: keep(\.title, squashed)
        case .itemLink:
            let link = PodcastText.strip(PodcastURL.join(base, PodcastText.strip(content)))
            if !link.isEmpty { episode?.link = link }
        case .itemDescription:
            if PodcastText.isHTML(content) {
                if episode?.descriptionHTML?.isEmpty ?? true { episode?.descriptionHTML = PodcastText.strip(content) }
            } else if episode?.description.isEmpty == true {
                episode?.description = PodcastText.squashKeepingLines(content)
            }
        case .itemSummary:
            let description = PodcastText.squashKeepingLines(content)
            if !description.isEmpty { episode?.description = description }
        case .subtitle: keep(\.subtitle, squashed)
        case .contentEncoded: keep(\.descriptionHTML, PodcastText.strip(content))
        case .duration: episode?.totalTime = PodcastText.seconds(content)
        case .pubDate, .published: episode?.published = PodcastDate.parse(content)
        case .updated: if episode?.published == nil { episode?.published = PodcastDate.parse(content) }
        case .itemExplicit: if let flag = PodcastText.flag(squashed) { episode?.explicit = flag }
        case .itemAuthor: keep(\.author, squashed)
        case .season: episode?.season = PodcastText.integer(content) ?? 0
        case .episodeNumber: if let number = PodcastText.integer(squashed), number > 0 { episode?.number = number }
        case .episodeType:
            let type = squashed.lowercased()
            if ["full", "trailer", "bonus"].contains(type) { episode?.type = type }
        case .person:
            if let last = episode?.persons?.indices.last { episode?.persons?[last].name = content }
        case .atomContent:
            if atomContentType == "html" {
                episode?.descriptionHTML = content
            } else if atomContentType == "text" {
                episode?.description = PodcastText.squashKeepingLines(content)
            }
        default:
            break
        }
    }

    /// podcastparser's `validate_episode`: the text description from the HTML one when there is no other, the
    /// guid from the link or the one enclosure, the title from the one enclosure's file name; an item that cannot
    /// have both is dropped (and listed in `dropped`).
    private func finishEpisode(_ parser: XMLParser) {
        guard var item = episode else { return }
        episode = nil
        item.endLine = parser.lineNumber
        if PodcastText.isHTML(item.description) {
            if item.descriptionHTML == nil { item.descriptionHTML = item.description }
            item.description = ""
        }
        if let html = item.descriptionHTML, item.description.isEmpty { item.description = PodcastText.removeHTMLTags(html) }
        func drop(_ reason: PodcastDroppedItem.Reason) {
            channel.dropped.append(PodcastDroppedItem(position: item.position, line: item.line, endLine: item.endLine, title: item.title, reason: reason))
        }
        if item.guid == nil {
            if !item.link.isEmpty {
                item.guid = item.link
            } else {
                guard Set(item.enclosures.map(\.url)).count == 1 else { return drop(.noID) }
                item.guid = item.enclosures[0].url
            }
        }
        if item.title == nil {
            guard item.enclosures.count == 1 else { return drop(.noTitle) }
            item.title = PodcastURL.basenameWithoutExtension(item.enclosures[0].url ?? "")
        }
        if item.link.isEmpty, guidIsPermalink { item.link = item.guid ?? "" }
        channel.episodes.append(item)
    }

    // MARK: - Stopping

    private func stop(_ parser: XMLParser, _ kind: PodcastInterruption.Kind, _ message: String) {
        channel.interruption = interruption(kind, line: parser.lineNumber, message)
        stopped = true
        parser.abortParsing()
    }

    /// Where the read stopped, with the item being read then.
    func interruption(_ kind: PodcastInterruption.Kind, line: Int, _ message: String) -> PodcastInterruption {
        PodcastInterruption(kind: kind, line: line, message: message, position: episode?.position, itemLine: episode?.line, guid: episode?.guid)
    }

    /// A libxml2 error code in words.
    static func describe(_ code: Int) -> String { XMLPrologue.describe(libxmlCode: code).replacingOccurrences(of: "the document is cut", with: "the feed is cut") }
}
