public import PasserelleCore
public import PasserellePrivacy

/// The tables of a monthly release: for each, what one device-day contributes to which public key, and what is
/// counted. The privacy unit is the device-day (a daily, per-institution visitor key), as in Wikimedia's release;
/// weeks and the month are sums of the day table, and every indicator is computed from published figures.
public struct AudienceGrid: Sendable {
    /// One table of the grid.
    public struct Table: Sendable {
        /// Stable name, used in files and URLs (`visitors-by-region`).
        public let name: String
        /// What it counts, in plain words.
        public let description: String
        /// The public keys, fixed before looking at the data.
        public let keys: KeySpace
        /// Visitors (device-days) or events.
        public let statistic: DPRelease.Statistic
        /// Per device-day limits.
        public let bounds: ContributionBounds
        /// The raw (key, value) contributions of one device-day, before bounding.
        let contributions: @Sendable (DeviceDay) -> [(key: String, value: Int64)]
    }

    /// The tables, in publication order.
    public let tables: [Table]

    /// Names of the tables (stable: files, URLs and the dashboard use them).
    public enum Name {
        public static let visitorsByInstitution = "visitors-by-institution"
        public static let pageViewsByInstitution = "page-views-by-institution"
        public static let visitorsByDay = "visitors-by-day"
        public static let visitorsByRegion = "visitors-by-region"
        public static let visitorsByDepartement = "visitors-by-departement"
        public static let visitorsByChannelDevice = "visitors-by-channel-device"
        public static let visitorsByAgeBand = "visitors-by-age-band"
        public static let consultationsByDomain = "consultations-by-domain"
        public static let visitorsByDomainCount = "visitors-by-domain-count"
        public static let consultationsByWorkOrigin = "consultations-by-work-origin"
        public static let consultationsByWork = "consultations-by-work"
        public static let bookersByInstitution = "bookers-by-institution"
        public static let firstVisitorsByInstitution = "first-visitors-by-institution"
        public static let firstVisitsByDomain = "first-visits-by-domain"
    }

    /// The grid over the catalogue's institutions and works (public lists) for the days of `period`.
    public init(institutions: [Identifier<Institution>], works: [String] = [], period: ReleasePeriod) throws(PrivacyError) {
        let one = try ContributionBounds(maxPartitionsPerUnit: 1, maxValuePerPartition: 1)
        let institutionKeys = try KeySpace(name: "institutions of the catalogue", keys: institutions.map(\.rawValue).sorted())
        let sectors = try KeySpace(name: "domains (taxonomy sectors)", keys: Taxonomy.sectors.map(\.id.rawValue))
        var days = [String](), day = period.firstDay
        while day <= period.lastDay { days.append(day.text); day = day.next }
        let channels = try KeySpace(
            name: "channel × device",
            keys: AudienceEvent.Channel.allCases.flatMap { c in AudienceEvent.DeviceClass.allCases.map { "\(c.rawValue)/\($0.rawValue)" } }
        )
        typealias T = Table
        tables = [
            T(name: Name.visitorsByInstitution, description: "Visitors (device-days) per institution", keys: institutionKeys,
              statistic: .unitCount, bounds: one, contributions: { [($0.institution, Int64(1))] }),
            T(name: Name.pageViewsByInstitution, description: "Page views per institution (at most 20 per device-day)",
              keys: institutionKeys, statistic: .sum, bounds: try ContributionBounds(maxPartitionsPerUnit: 1, maxValuePerPartition: 20),
              contributions: Self.each { $0.kind == .pageView ? (key: $0.institution, value: $0.events) : nil }),
            T(name: Name.visitorsByDay, description: "Visitors (device-days) per day; a week is the sum of its days",
              keys: try KeySpace(name: "days of \(period)", keys: days), statistic: .unitCount, bounds: one,
              contributions: { [($0.dayKey, Int64(1))] }),
            T(name: Name.visitorsByRegion, description: "Visitors (device-days) per région of the commune, when known",
              keys: KeySpace.regions, statistic: .unitCount, bounds: one, contributions: Self.each { $0.regionCode.map { ($0, Int64(1)) } }),
            T(name: Name.visitorsByDepartement, description: "Visitors (device-days) per département of the commune, when known",
              keys: KeySpace.departements, statistic: .unitCount, bounds: one, contributions: Self.each { $0.departementCode.map { ($0, Int64(1)) } }),
            T(name: Name.visitorsByChannelDevice, description: "Visitors (device-days) per channel and device class",
              keys: channels, statistic: .unitCount, bounds: one, contributions: Self.each { ("\($0.channel.rawValue)/\($0.device.rawValue)", Int64(1)) }),
            T(name: Name.visitorsByAgeBand, description: "Visitors (device-days) per age band, when the source knows it (the culture pass)",
              keys: try KeySpace(name: "age bands", keys: AudienceEvent.AgeBand.allCases.map(\.rawValue)), statistic: .unitCount, bounds: one,
              contributions: Self.each { $0.ageBand.map { ($0.rawValue, Int64(1)) } }),
            T(name: Name.consultationsByDomain, description: "Contents consulted or played per domain (at most 3 domains, 5 each, per device-day)",
              keys: sectors, statistic: .sum, bounds: try ContributionBounds(maxPartitionsPerUnit: 3, maxValuePerPartition: 5),
              contributions: Self.each { p in p.isConsultation ? p.domain.map { ($0, p.events) } : nil }),
            T(name: Name.visitorsByDomainCount, description: "Visitors (device-days) by how many domains they consulted (1, 2, 3 or more)",
              keys: try KeySpace(name: "domains consulted", keys: DomainCount.keys), statistic: .unitCount, bounds: one,
              contributions: { DomainCount.key(of: $0).map { [($0, Int64(1))] } ?? [] }),
            T(name: Name.consultationsByWorkOrigin, description: "Works consulted or played by country of origin: France, the rest of Europe, elsewhere, unknown (at most 2 origins, 5 each, per device-day)",
              keys: try KeySpace(name: "origin of works", keys: WorkOrigin.allCases.map(\.rawValue)), statistic: .sum,
              bounds: try ContributionBounds(maxPartitionsPerUnit: 2, maxValuePerPartition: 5),
              contributions: Self.each { profile in
                  guard profile.isConsultation, profile.work != nil else { return nil }
                  return (WorkOrigin(country: profile.workCountry).rawValue, profile.events)
              }),
            T(name: Name.consultationsByWork, description: "Consultations per work of the catalogue (at most 3 works, 2 each, per device-day)",
              keys: try KeySpace(name: "works of the catalogue", keys: works.sorted()), statistic: .sum,
              bounds: try ContributionBounds(maxPartitionsPerUnit: 3, maxValuePerPartition: 2),
              contributions: Self.each { profile in profile.isConsultation ? profile.work.map { ($0, profile.events) } : nil }),
            T(name: Name.bookersByInstitution, description: "Visitors (device-days) who booked, per institution: conversion is this over visitors",
              keys: institutionKeys, statistic: .unitCount, bounds: one, contributions: Self.each { $0.kind == .booking ? ($0.institution, Int64(1)) : nil }),
            T(name: Name.firstVisitorsByInstitution, description: "Visitors (device-days) on their first visit to the institution, as its sender knows it",
              keys: institutionKeys, statistic: .unitCount, bounds: one, contributions: Self.each { $0.firstVisit ? ($0.institution, Int64(1)) : nil }),
            T(name: Name.firstVisitsByDomain, description: "Visitors (device-days) on a first visit, per domain of what they consulted",
              keys: sectors, statistic: .unitCount, bounds: one, contributions: Self.each { $0.firstVisit ? $0.domain.map { ($0, Int64(1)) } : nil }),
        ]
    }

    /// A table whose contributions are one per profile row (merged per key by bounding).
    private static func each(
        _ contribution: @escaping @Sendable (DeviceDayProfile) -> (key: String, value: Int64)?
    ) -> @Sendable (DeviceDay) -> [(key: String, value: Int64)] {
        { day in day.profiles.compactMap(contribution) }
    }
}

/// How many domains a device-day consulted, the grid's measure of diverse practice (share of 3 or more).
public enum DomainCount {
    /// The public keys.
    public static let keys = ["1", "2", "3+"]

    /// The key of a device-day, or nil when it consulted nothing with a known domain.
    static func key(of day: DeviceDay) -> String? {
        let domains = Set(day.profiles.lazy.filter(\.isConsultation).compactMap(\.domain))
        switch domains.count {
        case 0: return nil
        case 1, 2: return String(domains.count)
        default: return "3+"
        }
    }
}

/// Where a work comes from, for the visibility of French and European works.
public enum WorkOrigin: String, Sendable, CaseIterable {
    /// France.
    case france
    /// Another European country (member states of the Council of Europe, as the AVMS directive's European works).
    case europe
    /// Outside Europe.
    case elsewhere
    /// The catalogue does not know.
    case unknown

    /// The Council of Europe's 46 member states except France (ISO 3166-1 alpha-2).
    public static let europeanCountries = Countries.europeanOtherThanFrance

    /// The origin of a country code.
    public init(country: String?) {
        switch country {
        case nil: self = .unknown
        case "FR": self = .france
        case let code? where Self.europeanCountries.contains(code): self = .europe
        default: self = .elsewhere
        }
    }
}
