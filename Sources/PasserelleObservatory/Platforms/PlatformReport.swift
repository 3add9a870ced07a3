public import PasserelleCore

/// One figure of a platform's aggregated report (a streaming service, a video site, a podcast host): already a
/// count over many people, made by the platform, which stays the controller of its data. Passerelle keeps it as
/// given and publishes it under the same minimum as its own figures: below 11, it is withheld.
public struct PlatformReport: Sendable, Hashable, Codable {
    /// What was counted.
    public enum Metric: String, Sendable, Hashable, CaseIterable, Codable {
        case views, plays, streams, listeners, downloads, visitors, subscribers
    }

    /// The month.
    public let period: ReleasePeriod
    /// The platform (identifier rule: `youtube`, `deezer`, `arte.tv`).
    public let platform: String
    /// The institution whose content it is, or nil for the platform's whole cultural audience.
    public let institution: Identifier<Institution>?
    /// What was counted.
    public let metric: Metric
    /// The région (INSEE 2016 code), or nil for all of France.
    public let regionCode: String?
    /// The count.
    public let value: Int64

    /// Largest accepted value (10^12: more than every play on every platform in a month).
    public static let maximumValue: Int64 = 1_000_000_000_000
    /// Figures below this are withheld when published (the INSEE minimum, as for the observatory's own figures).
    public static let minimumPublished: Int64 = 11

    /// A figure from validated parts (the store's rows); `parse` validates text.
    public init(
        period: ReleasePeriod, platform: String, institution: Identifier<Institution>?, metric: Metric, regionCode: String?, value: Int64
    ) {
        self.period = period
        self.platform = platform
        self.institution = institution
        self.metric = metric
        self.regionCode = regionCode
        self.value = value
    }

    /// The CSV columns, in order.
    public static let columns = ["period", "platform", "institution", "metric", "region", "value"]

    /// The figure from a report's fields (empty institution or région: none), or every problem with them.
    public static func parse(
        period: String, platform: String, institution: String, metric: String, region: String, value: String
    ) -> Result<PlatformReport, PlatformReportProblem> {
        var problems = [String]()
        let month = ReleasePeriod(period)
        if month == nil { problems.append("period '\(period)' is not YYYY-MM") }
        if !Identifier<PlatformTag>.isValid(platform) { problems.append("platform '\(platform)' must follow the identifier rule (1–64 of A-Z a-z 0-9 . _ -)") }
        let institutionID = institution.isEmpty ? nil : Identifier<Institution>(institution)
        if !institution.isEmpty && institutionID == nil { problems.append("institution '\(institution)' must follow the identifier rule") }
        let kind = Metric(rawValue: metric)
        if kind == nil { problems.append("metric '\(metric)' must be one of \(Metric.allCases.map(\.rawValue).joined(separator: ", "))") }
        if !region.isEmpty && Region.code(region) == nil { problems.append("region '\(region)' is not an INSEE région code") }
        let count = Int64(value)
        if count == nil || count! < 0 || count! > maximumValue { problems.append("value '\(value)' must be an integer from 0 to 10^12") }
        guard problems.isEmpty, let month, let kind, let count else { return .failure(PlatformReportProblem(message: problems.joined(separator: "; "))) }
        return .success(PlatformReport(
            period: month, platform: platform, institution: institutionID, metric: kind, regionCode: region.isEmpty ? nil : region, value: count
        ))
    }

    /// The figure as published: nil when under the minimum.
    public var publishedValue: Int64? { value >= Self.minimumPublished ? value : nil }

    /// What identifies a figure within a month: a second one with the same key replaces it.
    public var key: String { "\(platform)/\(institution?.rawValue ?? "")/\(metric.rawValue)/\(regionCode ?? "")" }
}

/// Marks platform ids (they follow the identifier rule).
public enum PlatformTag {}

/// Why a line of a report was refused.
public struct PlatformReportProblem: Error, Sendable, Hashable {
    /// Every problem of the line, in words.
    public let message: String
}

/// A line refused on import, kept with its reason and its text for review.
public struct RejectedPlatformLine: Sendable, Hashable, Codable {
    /// The line in the file (1 = the header).
    public let line: Int
    /// Why.
    public let reason: String
    /// The line as read.
    public let raw: String

    /// Creates a rejected line.
    public init(line: Int, reason: String, raw: String) {
        self.line = line
        self.reason = reason
        self.raw = raw
    }
}

/// What an import of a platform report did.
public struct PlatformImportReport: Sendable, Hashable, Codable {
    /// Figures new to the store.
    public var created = 0
    /// Figures that replaced a different value for the same key and month.
    public var updated = 0
    /// Figures equal to what was stored.
    public var unchanged = 0
    /// Lines refused, each with its reason (kept in the store too).
    public var rejected: [RejectedPlatformLine] = []

    /// An empty report.
    public init() {}
}
