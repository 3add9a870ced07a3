import Foundation
import PasserelleCore
import Testing
@testable import PasserelleConnectors

/// The podcast reader on podcastparser's 70 test feeds (with its expected parse), the mapping to a work and its
/// offers, hostile documents, and seeded random damage to real feeds.
@Suite("Podcast RSS and Atom feeds")
struct PodcastFeedTests {
    static let institution = InstitutionID(trusted: "inst-t")
    static let retrievedAt = Date(timeIntervalSince1970: 1_800_000_000)
    static let feedURL = URL(string: "https://radio.example.fr/podcasts/culture.xml")!
    static let data = RealData.root.appending(path: "podcastparser-tests/tests/data")

    static func read(_ text: String, feedURL: URL? = feedURL) throws(PodcastFeed.Refusal) -> FeedRead {
        try read(Data(text.utf8), feedURL: feedURL)
    }

    static func read(_ data: Data, feedURL: URL? = feedURL) throws(PodcastFeed.Refusal) -> FeedRead {
        try PodcastFeed.read(data, source: PodcastFeed.sourceKey(feedURL?.absoluteString ?? "test"), institutionID: institution,
                             feedURL: feedURL, retrievedAt: retrievedAt)
    }

    static func refusal(_ text: String) -> PodcastFeed.Refusal? {
        do {
            _ = try read(text)
            return nil
        } catch {
            return error
        }
    }

    // MARK: - podcastparser's feeds

    /// Our parse in podcastparser's dictionary form (its keys, an absent value an absent key, dates in seconds).
    static func dictionary(_ channel: PodcastChannel) -> [String: Any] {
        var result: [String: Any] = ["title": channel.title]
        let optional: [(String, Any?)] = [
            ("link", channel.link), ("description", channel.description), ("cover_url", channel.coverURL), ("type", channel.type),
            ("language", channel.language), ("generator", channel.generator), ("itunes_author", channel.author),
            ("itunes_categories", channel.categories), ("itunes_keywords", channel.keywords), ("explicit", channel.explicit),
            ("new_url", channel.newURL), ("payment_url", channel.paymentURL), ("funding_url", channel.fundingURL),
            ("import_prohibited", channel.importProhibited), ("paged_feed_first", channel.pagedFeedFirst),
            ("paged_feed_next", channel.pagedFeedNext),
            ("itunes_owner", channel.owner.map { owner in
                [("name", owner.name), ("email", owner.email)].reduce(into: [String: Any]()) { $0[$1.0] = $1.1 } }),
        ]
        for (key, value) in optional { if let value { result[key] = value } }
        result["episodes"] = channel.episodes.map { episode -> [String: Any] in
            var item: [String: Any] = [
                "title": episode.title ?? NSNull(), "guid": episode.guid ?? NSNull(), "link": episode.link, "description": episode.description,
                "published": Int(episode.published?.timeIntervalSince1970 ?? 0), "total_time": episode.totalTime,
                "payment_url": episode.paymentURL ?? NSNull(),
                "enclosures": episode.enclosures.map { ["url": $0.url ?? NSNull(), "file_size": $0.fileSize, "mime_type": $0.mimeType] as [String: Any] },
            ]
            let extra: [(String, Any?)] = [
                ("description_html", episode.descriptionHTML), ("transcript_url", episode.transcriptURL),
                ("chapters_json_url", episode.chaptersURL), ("episode_art_url", episode.artURL), ("explicit", episode.explicit),
                ("itunes_author", episode.author), ("number", episode.number), ("season", episode.season),
                ("subtitle", episode.subtitle), ("type", episode.type),
                ("chapters", episode.chapters.map { chapters in chapters.map { chapter -> [String: Any] in
                    var value: [String: Any] = ["start": chapter.start, "title": chapter.title]
                    if let href = chapter.href { value["href"] = href }
                    if let image = chapter.image { value["image"] = image }
                    return value
                } }),
                ("persons", episode.persons.map { persons in persons.map { person -> [String: Any] in
                    ["name": person.name ?? NSNull(), "role": person.role, "group": person.group, "href": person.href ?? NSNull(), "img": person.img ?? NSNull()]
                } }),
            ]
            for (key, value) in extra { if let value { item[key] = value } }
            return item
        }
        return result
    }

    static func canonical(_ value: Any) -> String {
        (try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .fragmentsAllowed])).map { String(decoding: $0, as: UTF8.self) } ?? "\(value)"
    }

    /// Differences key by key (each episode's keys too), as "key: ours ≠ theirs".
    static func differences(_ ours: [String: Any], _ theirs: [String: Any], _ prefix: String = "") -> [String] {
        var found: [String] = []
        for key in Set(ours.keys).union(theirs.keys).sorted() {
            if key == "episodes", let a = ours[key] as? [[String: Any]], let b = theirs[key] as? [[String: Any]] {
                if a.count != b.count { found.append("\(prefix)episodes: \(a.count) ≠ \(b.count)") }
                for (index, (x, y)) in zip(a, b).enumerated() { found += differences(x, y, "\(prefix)episodes[\(index)].") }
                continue
            }
            let a = ours[key].map(canonical) ?? "(absent)", b = theirs[key].map(canonical) ?? "(absent)"
            if a != b { found.append("\(prefix)\(key): \(a.prefix(160)) ≠ \(b.prefix(160))") }
        }
        return found
    }

    @Test("podcastparser's 70 feeds: every field as its expected parse", .enabled(if: RealData.isPresent, RealData.skipMessage))
    func podcastparserFeeds() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.data.path).filter { $0.hasSuffix(".rss") }.sorted()
        #expect(names.count == 70)
        var differing: [String: [String]] = [:]
        for name in names {
            let base = String(name.dropLast(4))
            let expected = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: Self.data.appending(path: base + ".json"))) as? [String: Any])
            var maximum: Int?
            if let parameters = try? Data(contentsOf: Self.data.appending(path: base + ".param.json")) {
                maximum = (try JSONSerialization.jsonObject(with: parameters) as? [String: Any])?["max_episodes"] as? Int
            }
            // podcastparser's test runner gives the parser the address `file://tests/data/NAME.rss`.
            let parser = PodcastFeedParser(baseURL: "file://tests/data/" + name, maximumEpisodes: maximum)
            do {
                let channel = try parser.parse(Data(contentsOf: Self.data.appending(path: name)))
                let found = Self.differences(Self.dictionary(channel), expected)
                if !found.isEmpty { differing[name] = found }
            } catch {
                differing[name] = ["refused: \(error)"]
            }
        }
        #expect(differing.isEmpty, "\(differing.count) feeds differ: \(differing.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value.joined(separator: "; "))" }.joined(separator: "\n"))")
    }

    @Test("podcastparser's feeds map without a crash, and each offer passes Core validation", .enabled(if: RealData.isPresent, RealData.skipMessage))
    func podcastparserFeedsMap() throws {
        for name in try FileManager.default.contentsOfDirectory(atPath: Self.data.path) where name.hasSuffix(".rss") {
            let read = try Self.read(Data(contentsOf: Self.data.appending(path: name)), feedURL: URL(string: "https://example.org/" + name))
            for event in read.events {
                #expect(event.offer.validationIssues().isEmpty && event.work?.validationIssues().isEmpty == true, "\(name)")
                #expect(event.offer.workID == event.work?.id)
            }
            #expect(read.events.count + read.rejected.filter { $0.block > 0 }.count == read.blocks, "\(name): every item is an offer or a rejection")
        }
    }

    // MARK: - Mapping

    static let feed = """
        <?xml version="1.0" encoding="UTF-8"?>
        <rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd" xmlns:podcast="https://podcastindex.org/namespace/1.0"
             xmlns:content="http://purl.org/rss/1.0/modules/content/">
        <channel>
          <title>Les Chemins du patrimoine</title>
          <link>https://radio.example.fr/chemins</link>
          <language>fr-FR</language>
          <description><![CDATA[<p>Un podcast sur les <b>monuments</b> de France.</p>]]></description>
          <itunes:author>Musée des Augustins</itunes:author>
          <itunes:owner><itunes:name>Ville de Toulouse</itunes:name><itunes:email>podcast@example.fr</itunes:email></itunes:owner>
          <podcast:guid>917393e3-1b1e-5cef-ace4-edaa54e1f810</podcast:guid>
          <item>
            <title>Épisode 1 : la basilique</title>
            <guid isPermaLink="false">ep-1</guid>
            <pubDate>Tue, 03 Jun 2025 08:00:00 +0200</pubDate>
            <itunes:duration>12:34</itunes:duration>
            <content:encoded><![CDATA[<p>La basilique Saint-Sernin &amp; son <em>chevet</em>.</p><ul><li>Un</li><li>Deux</li></ul>]]></content:encoded>
            <enclosure url="media/ep1.mp3" length="1234" type="audio/mpeg"/>
            <podcast:transcript url="https://radio.example.fr/ep1.vtt" type="text/vtt"/>
          </item>
          <item>
            <title>Épisode 2 : bande-annonce</title>
            <guid isPermaLink="false">ep-2</guid>
            <pubDate>Wed, 04 Jun 2025 08:00:00 GMT</pubDate>
            <itunes:duration>01:02:03</itunes:duration>
            <enclosure url="https://cdn.example.fr/ep2.m4a" type="audio/x-m4a"/>
          </item>
          <item>
            <title>Un article sans son</title>
            <guid isPermaLink="false">article-3</guid>
            <description>Rien à écouter.</description>
          </item>
        </channel>
        </rss>
        """

    @Test("a podcast is one work and an offer per playable episode; an item without media is reported")
    func mapping() throws {
        let read = try Self.read(Self.feed)
        #expect(read.blocks == 3)
        #expect(read.events.count == 2)
        let work = try #require(read.events.first?.work)
        #expect(read.events.allSatisfy { $0.work == work && $0.offer.workID == work.id })
        #expect(work.title[.fr] == "Les Chemins du patrimoine")
        #expect(work.categoryID.rawValue == "media.podcast")
        #expect(work.creators == ["Musée des Augustins", "Ville de Toulouse"])
        #expect(work.languages == ["fr"])
        #expect(work.description[.fr] == "Un podcast sur les monuments de France.")
        #expect(work.identifiers.external["podcast-guid"] == "917393e3-1b1e-5cef-ace4-edaa54e1f810")
        #expect(work.identifiers.external["feed-url"] == Self.feedURL.absoluteString)
        #expect(work.validationIssues().isEmpty)

        // Newest first, as podcastparser orders episodes.
        let (second, first) = (read.events[0].offer, read.events[1].offer)
        #expect(second.title[.fr] == "Épisode 2 : bande-annonce")
        #expect(first.access == .online && first.venueID == nil)
        #expect(first.onlineURL?.absoluteString == "https://radio.example.fr/podcasts/media/ep1.mp3", "resolved against the feed's address")
        #expect(first.startsAt == Date(timeIntervalSince1970: 1_748_930_400))
        #expect(first.description[.fr] == "La basilique Saint-Sernin & son chevet.\n\n* Un\n\n* Deux")
        #expect(first.provenance.recordID == "ep-1" && first.provenance.source == PodcastFeed.sourceKey(Self.feedURL.absoluteString))
        #expect(first.languages == ["fr"] && first.categoryID.rawValue == "media.podcast")
        #expect(read.events.allSatisfy { $0.offer.validationIssues().isEmpty })

        let rejected = try #require(read.rejected.first)
        #expect(read.rejected.count == 1)
        #expect(rejected.reason.code == .noMedia)
        #expect(rejected.block == 3 && rejected.recordID == "article-3" && rejected.line == 28)
        #expect(rejected.raw.contains("<title>Un article sans son</title>") && rejected.raw.contains("</item>"))

        // What the catalogue has no field for stays on the parse.
        let channel = try PodcastFeed.parse(Data(Self.feed.utf8), feedURL: Self.feedURL)
        #expect(channel.episodes.map(\.totalTime) == [3_723, 754, 0])
        #expect(channel.episodes[1].transcriptURL == "https://radio.example.fr/ep1.vtt")
    }

    @Test("ids are stable across reads, and differ between institutions and feeds")
    func stableIDs() throws {
        let once = try Self.read(Self.feed), twice = try Self.read(Self.feed)
        #expect(once.events.map(\.offer.id) == twice.events.map(\.offer.id))
        #expect(once.events.first?.work?.id == twice.events.first?.work?.id)
        #expect(Set(once.events.map(\.offer.id)).count == 2)
        let other = try PodcastFeed.read(Data(Self.feed.utf8), source: PodcastFeed.sourceKey(Self.feedURL.absoluteString),
                                         institutionID: InstitutionID(trusted: "inst-u"), feedURL: Self.feedURL, retrievedAt: Self.retrievedAt)
        #expect(Set(other.events.map(\.offer.id)).isDisjoint(with: once.events.map(\.offer.id)))
        #expect(PodcastFeed.sourceKey("https://a.example/feed.xml").hasPrefix("rss:"))
    }

    @Test("items podcastparser drops, a duplicate guid, a too-long title, an image-only enclosure: each reported")
    func reportedItems() throws {
        let long = String(repeating: "mot ", count: 200)
        let read = try Self.read("""
            <rss><channel><title>P</title>
            <item><title>Sans id</title></item>
            <item><guid>g</guid><enclosure url="https://a.example/1.mp3" type="audio/mpeg"/><enclosure url="https://a.example/1.ogg"/></item>
            <item><title>A</title><guid>dup</guid><enclosure url="https://a.example/a.mp3"/></item>
            <item><title>B</title><guid>dup</guid><enclosure url="https://a.example/b.mp3"/></item>
            <item><title>\(long)</title><guid>long</guid><enclosure url="https://a.example/l.mp3"/></item>
            <item><title>Image</title><guid>img</guid><enclosure url="https://a.example/i.jpg" type="image/jpeg"/></item>
            </channel></rss>
            """)
        #expect(read.blocks == 6)
        #expect(read.rejected.map(\.reason.code) == [.noRecordID, .missingField, .duplicateID, .noMedia])
        #expect(read.rejected.map(\.block) == [1, 2, 4, 6])
        #expect(read.events.map(\.offer.provenance.recordID) == ["https://radio.example.fr/podcasts/dup", "https://radio.example.fr/podcasts/long"])
        #expect(read.events[1].offer.title[.fr].map { $0.count <= 500 } == true)
        #expect(read.warnings.contains { $0.reason.code == .fieldShortened && $0.block == 5 })
    }

    @Test("a podcast Core refuses (a blank title) is reported as block 0, and so is each of its episodes")
    func invalidPodcast() throws {
        let read = try Self.read("<rss><channel><title> </title><item><title>A</title><guid>a</guid><enclosure url=\"https://a.example/a.mp3\"/></item></channel></rss>")
        #expect(read.events.isEmpty)
        #expect(read.rejected.map(\.block) == [0, 1] && read.rejected.allSatisfy { $0.reason.code == .invalidEntity })
        #expect(read.rejected.first?.reason.message.contains("title/fr") == true)
    }

    @Test("Atom feeds: entries with an enclosure link are offers")
    func atom() throws {
        let read = try Self.read("""
            <?xml version="1.0" encoding="utf-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom">
              <title>Atom cast</title>
              <entry><id>urn:e1</id><title>Un</title><updated>2024-05-01T10:00:00+02:00</updated>
                <link rel="enclosure" href="https://a.example/1.opus" type="audio/opus" length="10"/></entry>
              <entry><id>urn:e2</id><title>Deux</title><link href="https://a.example/page"/></entry>
            </feed>
            """)
        #expect(read.events.map(\.offer.title[.fr]) == ["Un"])
        #expect(read.events.first?.offer.startsAt == Date(timeIntervalSince1970: 1_714_550_400))
        #expect(read.rejected.map(\.reason.code) == [.noMedia])
    }

    @Test("dates: RFC 822 with its real-world variants, ISO 8601")
    func dates() {
        let expected: [(String, TimeInterval?)] = [
            ("Fri, 21 Nov 1997 09:55:06 -0600", 880_127_706), ("Mon, 02 May 1960 09:05:01 +0100", -305_049_299),
            ("2003-12-13T00:00:00+02:00", 1_071_266_400), ("2003-12-13T18:30:02Z", 1_071_340_202),
            ("2003-12-13T18:30:02.250Z", 1_071_340_202), ("2024-05-01T10:00:00", 1_714_550_400), ("21 Nov 1997 09:55:06 GMT", 880_106_106),
            ("Friday, 21 November 1997 09:55:06 EST", 880_124_106), ("Fri, 21 Nov 97 09:55 +0000", 880_106_100),
            ("Fri, 21 Nov 1997 09.55.06 GMT", 880_106_106), ("Nov 21 1997 09:55:06 GMT", 880_106_106), ("", nil), ("unknown", nil),
        ]
        for (text, seconds) in expected {
            #expect(PodcastDate.parse(text)?.timeIntervalSince1970 == seconds, "\(text)")
        }
        #expect(PodcastText.seconds("25:3:30") == 90_210 && PodcastText.seconds("61.08") == 61 && PodcastText.seconds("x") == 0)
        #expect(PodcastText.seconds("01:02:03.500") == 3_723 && PodcastText.seconds("128") == 128)
    }

    // MARK: - Hostile documents

    @Test("an external entity is refused and no file is read")
    func externalEntity() throws {
        let xxe = """
            <?xml version="1.0"?>
            <!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
            <rss><channel><title>&xxe;</title><item><title>&xxe;</title><enclosure url="https://a.example/a.mp3"/></item></channel></rss>
            """
        #expect(Self.refusal(xxe) == .entityDeclarations)
        // A document type without declarations but with an external DTD: the DTD is never read, the entity stays
        // unknown, and nothing of the file shows.
        let external = """
            <?xml version="1.0"?>
            <!DOCTYPE rss SYSTEM "file:///etc/passwd">
            <rss><channel><title>T &xxe;</title><item><title>A &xxe;</title><enclosure url="https://a.example/a.mp3"/></item></channel></rss>
            """
        let read = try Self.read(external)
        let texts = read.events.flatMap { [$0.offer.title[.fr] ?? "", $0.work?.title[.fr] ?? ""] } + read.rejected.map(\.raw)
        #expect(!texts.contains { $0.contains("root:") })
        #expect(read.events.count + read.rejected.count >= 1)
    }

    @Test("an entity-expansion bomb (billion laughs) is refused before any expansion")
    func billionLaughs() {
        var bomb = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n <!ENTITY lol \"lol\">\n"
        for level in 1...9 { bomb += " <!ENTITY lol\(level) \"" + String(repeating: "&lol\(level == 1 ? "" : String(level - 1));", count: 10) + "\">\n" }
        bomb += "]>\n<rss><channel><title>&lol9;</title></channel></rss>"
        #expect(Self.refusal(bomb) == .entityDeclarations)
        let parameter = "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY % p SYSTEM \"file:///etc/passwd\"> %p;]><rss/>"
        #expect(Self.refusal(parameter) == .entityDeclarations)
    }

    @Test("nesting past the depth limit stops the read there: what came before is kept, the rest reported")
    func deepNesting() throws {
        let deep = "<rss><channel><title>P</title><item><title>A</title><guid>a</guid><enclosure url=\"https://a.example/a.mp3\"/></item>\n<item><title>B</title>"
            + String(repeating: "<x>", count: 50_000) + String(repeating: "</x>", count: 50_000) + "</item></channel></rss>"
        let read = try Self.read(deep)
        #expect(read.events.map(\.offer.title[.fr]) == ["A"])
        #expect(read.rejected.count == 1 && read.rejected.first?.reason.code == .malformedXML && read.rejected.first?.block == 2)
        #expect(read.rejected.first?.reason.message.contains("deeper than 100") == true)
    }

    @Test("a feed cut short keeps the items before the break and reports the rest")
    func truncated() throws {
        let whole = Self.feed
        let cut = String(whole[..<whole.range(of: "<title>Épisode 2")!.upperBound])
        let read = try Self.read(cut)
        #expect(read.events.map(\.offer.provenance.recordID) == ["ep-1"])
        let rest = try #require(read.rejected.last)
        #expect(rest.reason.code == .malformedXML && rest.block == 2 && rest.line == 22 && rest.recordID == nil)
        #expect(rest.raw.hasPrefix("  <item>"))
        // Cut before the first item: the channel alone, nothing published, the break reported.
        let early = try Self.read(String(whole.prefix(200)))
        #expect(early.events.isEmpty && early.rejected.map(\.reason.code) == [.malformedXML])
    }

    @Test("not XML, XML that is not a feed, invalid UTF-8, a declared encoding, too large: refused or read, never a crash")
    func refusals() throws {
        if case .notXML = Self.refusal("hello, world") {} else { Issue.record("plain text is not XML") }
        if case .notXML = Self.refusal("{\"rss\": 1}") {} else { Issue.record("JSON is not XML") }
        if case .notXML = Self.refusal("") {} else { Issue.record("an empty document is not XML") }
        #expect(Self.refusal("<html><body/></html>") == .notAFeed(root: "html"))
        #expect(Self.refusal("<foo xmlns=\"http://example.com/foo.xml\"><bar/></foo>") == .notAFeed(root: "foo"))
        #expect(Self.refusal("<rss xmlns=\"http://example.com/x\"/>") == .notAFeed(root: "rss"), "an <rss> in another namespace")

        var latin1 = Data("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss><channel><title>Mus".utf8)
        latin1.append(0xE9)
        latin1.append(contentsOf: Array("e</title><item><title>A</title><guid>a</guid><enclosure url=\"https://a.example/a.mp3\"/></item></channel></rss>".utf8))
        #expect(try Self.read(latin1).events.first?.work?.title[.fr] == "Musée")
        #expect(throws: PodcastFeed.Refusal.notUTF8) { try Self.read(Data(Array(latin1.dropFirst(44)))) }
        #expect(throws: PodcastFeed.Refusal.unsupportedEncoding("KOI8-R")) {
            try Self.read("<?xml version=\"1.0\" encoding=\"KOI8-R\"?><rss/>")
        }
        var utf16 = Data([0xFF, 0xFE])
        utf16.append("<?xml version=\"1.0\" encoding=\"UTF-16\"?><rss><channel><title>Été</title></channel></rss>".data(using: .utf16LittleEndian)!)
        #expect(try PodcastFeed.parse(utf16, feedURL: nil).title == "Été")

        let large = Data(count: PodcastFeed.maximumDocumentBytes + 1)
        #expect(throws: PodcastFeed.Refusal.tooLarge(bytes: large.count)) { try Self.read(large) }
    }

    // MARK: - Seeded random damage

    @Test("3 500 seeded mutations of real feeds (bytes deleted, duplicated, flipped, cut): each refused or read, valid",
          .enabled(if: RealData.isPresent, RealData.skipMessage))
    func mutations() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.data.path).filter { $0.hasSuffix(".rss") }.sorted()
        let feeds = try names.map { try [UInt8](Data(contentsOf: Self.data.appending(path: $0))) } + [Array(Self.feed.utf8)]
        var random = SplitMix64(seed: 20_250_603)  // the same damage at every run
        var (reads, refusals, events) = (0, 0, 0)
        for round in 0..<3_500 {
            var bytes = feeds[round % feeds.count]
            SeededDamage.damage(&bytes, &random)
            do {
                let read = try Self.read(Data(bytes))
                reads += 1
                events += read.events.count
                for event in read.events {
                    #expect(event.offer.validationIssues().isEmpty, "round \(round)")
                    #expect(event.work?.validationIssues().isEmpty == true, "round \(round)")
                }
                #expect(read.rejected.allSatisfy { $0.raw.count <= RejectedRecord.maximumRawLength }, "round \(round)")
            } catch {
                refusals += 1
            }
        }
        #expect(reads + refusals == 3_500)
        #expect(reads > 1_000 && events > 500, "most damage leaves a readable feed: \(reads) read, \(events) offers")
    }
}
