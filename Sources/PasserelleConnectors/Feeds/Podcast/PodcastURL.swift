import Foundation
import PasserelleCore

/// URLs as podcastparser treats them, so that our parse of a feed gives the same addresses: relative ones joined
/// to the feed's address (or its `xml:base`) the way Python's `urljoin` does (RFC 3986, text kept as written,
/// nothing percent-encoded), and enclosure and link addresses normalised as its `normalize_feed_url` does.
enum PodcastURL {
    /// The parts of a URL as Python's `urlsplit` cuts them (the scheme lowercased).
    struct Parts: Equatable {
        var scheme = "", netloc = "", path = "", query = "", fragment = ""
        var hasQuery = false, hasFragment = false

        init(_ text: String) {
            var rest = Substring(text)
            if let colon = rest.firstIndex(of: ":"), colon > rest.startIndex, let first = rest.first, first.isASCII, first.isLetter,
                rest[..<colon].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) }) {
                scheme = rest[..<colon].lowercased()
                rest = rest[rest.index(after: colon)...]
            }
            if rest.hasPrefix("//") {
                let afterSlashes = rest.dropFirst(2)
                let end = afterSlashes.firstIndex(where: { "/?#".contains($0) }) ?? afterSlashes.endIndex
                netloc = String(afterSlashes[..<end])
                rest = afterSlashes[end...]
            }
            if let hash = rest.firstIndex(of: "#") {
                fragment = String(rest[rest.index(after: hash)...])
                hasFragment = true
                rest = rest[..<hash]
            }
            if let question = rest.firstIndex(of: "?") {
                query = String(rest[rest.index(after: question)...])
                hasQuery = true
                rest = rest[..<question]
            }
            path = String(rest)
        }

        /// Python's `urlunsplit`: an empty query or fragment is left out.
        var text: String {
            var url = path
            if !netloc.isEmpty || (!scheme.isEmpty && PodcastURL.usesNetloc.contains(scheme) && !url.hasPrefix("//")) {
                if !url.isEmpty && !url.hasPrefix("/") { url = "/" + url }
                url = "//" + netloc + url
            }
            if !scheme.isEmpty { url = scheme + ":" + url }
            if !query.isEmpty { url += "?" + query }
            if !fragment.isEmpty { url += "#" + fragment }
            return url
        }
    }

    static let usesRelative: Set<String> = ["", "ftp", "http", "gopher", "nntp", "imap", "wais", "file", "https", "shttp", "mms",
                                            "prospero", "rtsp", "rtsps", "rtspu", "sftp", "svn", "svn+ssh", "ws", "wss"]
    static let usesNetloc: Set<String> = ["", "ftp", "http", "gopher", "nntp", "telnet", "imap", "wais", "file", "mms", "https", "shttp",
                                          "snews", "prospero", "rtsp", "rtsps", "rtspu", "rsync", "svn", "svn+ssh", "sftp", "nfs", "git",
                                          "git+ssh", "ws", "wss", "itms-services"]

    /// `url` resolved against `base` (Python's `urljoin`): an empty `url` gives the base itself, an absolute one
    /// (or one in a scheme that has no relative form, `urn:`, `yt:`) is kept as it is.
    static func join(_ base: String, _ url: String) -> String {
        if base.isEmpty { return url }
        if url.isEmpty { return base }
        let baseParts = Parts(base)
        var parts = Parts(url)
        if parts.scheme.isEmpty { parts.scheme = baseParts.scheme }
        guard parts.scheme == baseParts.scheme, usesRelative.contains(parts.scheme) else { return url }
        if usesNetloc.contains(parts.scheme) {
            if !parts.netloc.isEmpty { return parts.text }
            parts.netloc = baseParts.netloc
        }
        if parts.path.isEmpty {
            parts.path = baseParts.path
            if !parts.hasQuery || parts.query.isEmpty { parts.query = baseParts.query }
            return parts.text
        }
        var baseSegments = baseParts.path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        if baseSegments.last != "" { baseSegments.removeLast() }
        var segments: [String]
        if parts.path.hasPrefix("/") {
            segments = parts.path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        } else {
            segments = baseSegments + parts.path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
            if segments.count > 2 { segments = [segments[0]] + segments[1..<(segments.count - 1)].filter { !$0.isEmpty } + [segments[segments.count - 1]] }
        }
        var resolved: [String] = []
        for segment in segments {
            if segment == ".." {
                if !resolved.isEmpty { resolved.removeLast() }
            } else if segment != "." {
                resolved.append(segment)
            }
        }
        if segments.last == "." || segments.last == ".." { resolved.append("") }
        let path = resolved.joined(separator: "/")
        parts.path = path.isEmpty ? "/" : path
        return parts.text
    }

    /// podcastparser's `normalize_feed_url`: trimmed, `http://` assumed without a scheme, scheme and host
    /// lowercased, `feed:`, `itpc:` and `itms:` read as http; nil for anything shorter than 8 characters or in
    /// another scheme than http, https, ftp and file.
    static func normalize(_ raw: String) -> String? {
        var url = raw.trimmingWhiteSpace()
        guard url.count >= 8 else { return nil }
        if !url.contains("://") { url = "http://" + url }
        var parts = Parts(url)
        parts.netloc = parts.netloc.lowercased()
        if parts.path.isEmpty { parts.path = "/" }
        if ["feed", "itpc", "itms"].contains(parts.scheme) { parts.scheme = "http" }
        guard ["http", "https", "ftp", "file"].contains(parts.scheme) else { return nil }
        return parts.text
    }

    /// The last path part without its extension (`/a/b/episode.mp3` → `episode`), as Python's
    /// `os.path.splitext(os.path.basename(…))` gives it.
    static func basenameWithoutExtension(_ text: String) -> String {
        let base = text.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? ""
        guard let dot = base.lastIndex(of: "."), base[..<dot].contains(where: { $0 != "." }) else { return base }
        return String(base[..<dot])
    }
}
