import Foundation
import PasserelleCore

/// A parsed feed to the catalogue.
/// - The channel is a `Work` in `media.podcast`: its title, its creators (`itunes:author`, then the owner's name),
///   its language (`fr-FR` → `fr`), its description as text, `podcast:guid` and the feed's address as external
///   identifiers. Its id comes from the institution, the source and `podcast:guid` (else the feed's address,
///   else its link, else its title).
/// - Each episode with playable media is an online `Offer` of that work: `onlineURL` its enclosure (the first
///   audio or video one at an http(s) address, else the first other one that is not an image or a text), its
///   title, its description as text (HTML stripped), `startsAt` its publication date. Its id comes from the
///   institution, the source and the episode's guid (podcastparser's: the guid, else the link, else the
///   enclosure's URL), so a second read of the feed finds the same offers.
/// - Texts longer than Core allows (a title over 500 characters, show notes over 10 000) are cut at a word with
///   a `field-shortened` warning rather than losing the episode; the rest is left to Core validation.
struct PodcastMapper {
    let institutionID: InstitutionID
    let source: String
    let feedURL: URL?
    let retrievedAt: Date

    static let category = CategoryID(trusted: "media.podcast")

    func map(_ channel: PodcastChannel, lines: DocumentLines) -> FeedRead {
        var read = FeedRead()
        read.blocks = channel.itemCount
        var channelWarnings: [RowReason] = []
        let work = mapWork(channel, &channelWarnings)
        let workRecordID = work.provenance.recordID
        let workProblem = EntityCheck.problems([("work", work.validationIssues())])
        if let workProblem {
            read.rejected.append(RejectedRecord(block: 0, line: 1, recordID: workRecordID, reason: RowReason(.invalidEntity, workProblem), raw: channel.title))
        }
        for warning in channelWarnings where workProblem == nil {
            read.warnings.append(RejectedRecord(block: 0, line: 1, recordID: workRecordID, reason: warning, raw: ""))
        }
        var seen = Set<OfferID>()
        for episode in channel.episodes {
            let raw = { lines.text(episode.line, episode.endLine) }
            if workProblem != nil {
                read.rejected.append(RejectedRecord(block: episode.position, line: episode.line, recordID: episode.guid,
                                                    reason: RowReason(.invalidEntity, "its podcast (the channel, block 0) is invalid"), raw: raw()))
                continue
            }
            switch mapEpisode(episode, work: work) {
            case .success(let event):
                guard seen.insert(event.offer.id).inserted else {
                    read.rejected.append(RejectedRecord(block: episode.position, line: episode.line, recordID: episode.guid,
                                                        reason: RowReason(.duplicateID, "another item of the feed has the same guid"), raw: raw()))
                    continue
                }
                for warning in event.warnings {
                    read.warnings.append(RejectedRecord(block: episode.position, line: episode.line, recordID: episode.guid, reason: warning, raw: ""))
                }
                read.events.append(event)
            case .failure(let reason):
                read.rejected.append(RejectedRecord(block: episode.position, line: episode.line, recordID: episode.guid, reason: reason, raw: raw()))
            }
        }
        for item in channel.dropped {
            let reason = switch item.reason {
            case .noID: RowReason(.noRecordID, "the item has no guid, no link and not one enclosure URL: nothing tells it apart from the others")
            case .noTitle: RowReason(.missingField, "the item has no title, and not exactly one enclosure to name it after")
            }
            read.rejected.append(RejectedRecord(block: item.position, line: item.line, recordID: nil, reason: reason, raw: lines.text(item.line, item.endLine)))
        }
        if let stop = channel.interruption {
            let reason = RowReason(.malformedXML, "line \(stop.line): \(stop.message); the feed was not read past it")
            read.rejected.append(RejectedRecord(block: stop.position ?? channel.itemCount + 1, line: stop.line, recordID: stop.guid, reason: reason,
                                                raw: lines.text(stop.itemLine ?? stop.line, stop.line)))
        }
        read.rejected.sort { ($0.block, $0.line) < ($1.block, $1.line) }
        return read
    }

    // MARK: - The podcast

    func mapWork(_ channel: PodcastChannel, _ warnings: inout [RowReason]) -> Work {
        let recordID = [channel.podcastGUID, feedURL?.absoluteString, channel.link, channel.title].lazy.compactMap { $0 }.first { !$0.isEmpty } ?? ""
        var creators: [String] = []
        for name in [channel.author, channel.owner?.name] {
            let clean = Self.fitted(Clean.text(name), 300, "a creator", &warnings)
            if !clean.isEmpty, !creators.contains(clean) { creators.append(clean) }
        }
        var languages: [String] = []
        if let language = channel.language, !language.isEmpty {
            let code = String(language.lowercased().prefix(while: { $0 != "-" && $0 != "_" }))
            if Identifiers.isLanguageCode(code) { languages = [code] } else {
                warnings.append(RowReason(.fieldDropped, "language '\(language.prefix(40))' is not an ISO 639 code; left out"))
            }
        }
        var external: [String: String] = [:]
        if let guid = channel.podcastGUID.map(Clean.text), !guid.isEmpty, guid.count <= 256 { external["podcast-guid"] = guid }
        if let address = feedURL?.absoluteString, address.count <= 256 { external["feed-url"] = address }
        let description = Self.plainText(channel.description ?? "")
        return Work(
            id: WorkID(trusted: stableID("podcast", recordID)), institutionID: institutionID,
            title: LocalizedText(french: Self.fitted(Clean.text(channel.title), 500, "the podcast's title", &warnings)),
            creators: creators, categoryID: Self.category, languages: languages, identifiers: WorkIdentifiers(external: external),
            description: LocalizedText(french: Self.fitted(description, 10_000, "the podcast's description", &warnings)),
            provenance: Provenance(source: source, recordID: String(recordID.prefix(256)), retrievedAt: retrievedAt)
        )
    }

    // MARK: - An episode

    func mapEpisode(_ episode: PodcastEpisode, work: Work) -> Result<MappedEvent, RowReason> {
        var warnings: [RowReason] = []
        guard !episode.enclosures.isEmpty else {
            return .failure(RowReason(.noMedia, "the item has no enclosure: nothing to play"))
        }
        guard let media = Self.playable(episode.enclosures, feedURL: feedURL) else {
            let listed = episode.enclosures.map { "\($0.url ?? "(no URL)") \($0.mimeType)" }.joined(separator: ", ")
            return .failure(RowReason(.noMedia, "no enclosure is audio or video at an http(s) address: \(listed.prefix(200))"))
        }
        let title = Self.fitted(Clean.text(episode.title), 500, "the title", &warnings)
        guard !title.isEmpty else { return .failure(RowReason(.missingField, "the episode has no title")) }
        let description = Self.fitted(Self.plainText(episode.description), 10_000, "the description", &warnings)
        if episode.published == nil {
            warnings.append(RowReason(.fieldDropped, "no publication date (pubDate absent or unreadable): the offer has no start"))
        }
        let recordID = episode.guid ?? media.absoluteString
        let offer = Offer(
            id: OfferID(trusted: stableID("episode", recordID)), institutionID: institutionID, workID: work.id,
            title: LocalizedText(french: title), description: LocalizedText(french: description), categoryID: Self.category,
            access: .online, onlineURL: media, startsAt: episode.published, languages: work.languages,
            provenance: Provenance(source: source, recordID: String(recordID.prefix(256)), retrievedAt: retrievedAt), updatedAt: retrievedAt
        )
        if let problems = EntityCheck.problems([("offer", offer.validationIssues())]) {
            return .failure(RowReason(.invalidEntity, problems))
        }
        return .success(MappedEvent(offer: offer, warnings: warnings, work: work))
    }

    /// The enclosure to play: the first audio or video one at an http(s) address, else the first at one that is
    /// neither an image nor a text (`application/octet-stream`, what feeds give when they say nothing).
    static func playable(_ enclosures: [PodcastEnclosure], feedURL: URL?) -> URL? {
        let usable: [(URL, String)] = enclosures.compactMap { enclosure in
            guard let text = enclosure.url, text.count <= 2_048, let url = URL(string: text, relativeTo: feedURL)?.absoluteURL,
                let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https", url.host?.isEmpty == false
            else { return nil }
            return (url, enclosure.mimeType.lowercased())
        }
        return usable.first { $0.1.hasPrefix("audio/") || $0.1.hasPrefix("video/") }?.0
            ?? usable.first { !$0.1.hasPrefix("image/") && !$0.1.hasPrefix("text/") }?.0
    }

    /// The offer id's key: the institution, the source, the kind of record and its id.
    private func stableID(_ kind: String, _ recordID: String) -> String {
        StableID.make("rss-", String(StableID.fnv1a64(institutionID.rawValue + "\u{1F}" + source + "\u{1F}" + kind + "\u{1F}" + recordID), radix: 16))
    }

    /// Show notes as text: HTML stripped (podcastparser's way), each line cleaned of control characters and
    /// doubled spaces, at most one blank line between paragraphs.
    static func plainText(_ text: String) -> String {
        let source = PodcastText.isHTML(text) ? PodcastText.removeHTMLTags(text) : text
        var lines: [String] = []
        for line in source.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }) {
            let clean = Clean.text(String(line))
            if clean.isEmpty, lines.last?.isEmpty ?? true { continue }
            lines.append(clean)
        }
        while lines.last?.isEmpty == true { lines.removeLast() }
        return lines.joined(separator: "\n")
    }

    /// The text cut at `limit` characters (at a word, with an ellipsis) and a warning, when it is longer.
    static func fitted(_ text: String, _ limit: Int, _ what: String, _ warnings: inout [RowReason]) -> String {
        guard let shortened = Clean.shortened(text, to: limit) else { return text }
        warnings.append(RowReason(.fieldShortened, "\(what) cut from \(text.count) to \(shortened.count) characters"))
        return shortened
    }
}
