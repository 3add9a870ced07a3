import Foundation

/// What collection reads from a beacon's request headers, and nothing more: whether the visitor asked not to be
/// measured, whether the client is a robot, and the device family. The user agent itself is never stored.
public enum RequestSignals {
    /// True when the browser sends Do-Not-Track (`DNT: 1`) or Global Privacy Control (`Sec-GPC: 1`).
    public static func optedOut(doNotTrack: String?, globalPrivacyControl: String?) -> Bool {
        doNotTrack?.trimmingCharacters(in: .whitespaces) == "1" || globalPrivacyControl?.trimmingCharacters(in: .whitespaces) == "1"
    }

    /// True for crawlers, monitors, headless browsers, HTTP libraries and an absent user agent: counting them would
    /// inflate audiences (the IAB/ABC list's common markers; a real deployment can extend the list).
    public static func isRobot(userAgent: String?) -> Bool {
        guard let agent = userAgent?.lowercased(), agent.count >= 10 else { return true }
        return robotMarkers.contains { agent.contains($0) }
    }

    /// The device family of a user agent.
    public static func deviceClass(userAgent: String?) -> AudienceEvent.DeviceClass {
        guard let agent = userAgent?.lowercased() else { return .other }
        if agent.contains("ipad") || agent.contains("tablet") || (agent.contains("android") && !agent.contains("mobile")) { return .tablet }
        if agent.contains("mobile") || agent.contains("iphone") || agent.contains("ipod") { return .mobile }
        if agent.contains("smart-tv") || agent.contains("smarttv") || agent.contains("playstation") || agent.contains("xbox") { return .other }
        if agent.contains("windows") || agent.contains("macintosh") || agent.contains("x11") || agent.contains("cros") { return .desktop }
        return .other
    }

    static let robotMarkers = [
        "bot", "crawl", "spider", "slurp", "headless", "lighthouse", "pingdom", "uptime", "monitor", "curl/", "wget/",
        "python-requests", "python-urllib", "aiohttp", "go-http-client", "java/", "okhttp", "libwww", "httpclient",
        "scrapy", "phantomjs", "selenium", "puppeteer", "playwright", "facebookexternalhit", "preview", "wrk",
    ]
}
