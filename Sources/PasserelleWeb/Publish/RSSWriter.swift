import Foundation

/// One item of a published RSS feed.
struct RSSItem {
    let title: String
    let link: String
    let description: String?
    /// When the offer was last changed: a feed reader shows changed offers as new.
    let published: Date
    let category: String?
}

/// RSS 2.0 text for a channel, with its `atom:link rel="self"` (what feed validators ask for) and RFC 822 dates.
enum RSSWriter {
    static func channel(title: String, link: String, selfLink: String, description: String, language: String, items: [RSSItem]) -> String {
        var xml = #"<?xml version="1.0" encoding="UTF-8"?>"# + "\n"
        xml += #"<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel>"#
        xml += element("title", title) + element("link", link) + element("description", description) + element("language", language)
        xml += #"<atom:link href=""# + XMLText.escape(selfLink) + #"" rel="self" type="application/rss+xml"/>"#
        if let newest = items.map(\.published).max() { xml += element("lastBuildDate", rfc822(newest)) }
        xml += element("generator", "Passerelle")
        for item in items {
            xml += "<item>" + element("title", item.title) + element("link", item.link)
            xml += #"<guid isPermaLink="true">"# + XMLText.escape(item.link) + "</guid>"
            if let description = item.description, !description.isEmpty { xml += element("description", description) }
            if let category = item.category { xml += element("category", category) }
            xml += element("pubDate", rfc822(item.published)) + "</item>"
        }
        return xml + "</channel></rss>\n"
    }

    private static func element(_ name: String, _ text: String) -> String { "<\(name)>\(XMLText.escape(text))</\(name)>" }

    /// `Fri, 01 May 2026 18:30:00 +0000`, in English whatever the server's locale.
    static func rfc822(_ date: Date) -> String {
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let parts = Calendar.utc.dateComponents([.weekday, .year, .month, .day, .hour, .minute, .second], from: date)
        func two(_ value: Int?) -> String { String(format: "%02d", value ?? 0) }
        return "\(days[(parts.weekday ?? 1) - 1]), \(two(parts.day)) \(months[(parts.month ?? 1) - 1]) \(String(format: "%04d", parts.year ?? 0)) "
            + "\(two(parts.hour)):\(two(parts.minute)):\(two(parts.second)) +0000"
    }
}
