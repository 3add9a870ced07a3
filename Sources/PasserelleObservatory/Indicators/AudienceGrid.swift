public import PasserelleCore
public import PasserellePrivacy

/// The tables of a monthly release: for each, how an event maps to a partition of a public key space, and what is
/// counted. The privacy unit is the device-day (a daily, per-institution visitor key), as in Wikimedia's release.
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
        /// The partition of an event, or nil when the event does not count in this table.
        let partition: @Sendable (AudienceEvent) -> String?
    }

    /// The tables, in publication order.
    public let tables: [Table]

    /// The grid over the given institutions (the catalogue's, a public list).
    public init(institutions: [Identifier<Institution>]) throws(PrivacyError) {
        let oneCell = try ContributionBounds(maxPartitionsPerUnit: 1, maxValuePerPartition: 1)
        let institutionKeys = try KeySpace(name: "institutions of the catalogue", keys: institutions.map(\.rawValue).sorted())
        let sectors = try KeySpace(name: "domains (taxonomy sectors)", keys: Taxonomy.sectors.map(\.id.rawValue))
        let channels = try KeySpace(
            name: "channel × device",
            keys: AudienceEvent.Channel.allCases.flatMap { c in AudienceEvent.DeviceClass.allCases.map { "\(c.rawValue)/\($0.rawValue)" } }
        )
        tables = [
            Table(name: "visitors-by-institution", description: "Visitors (device-days) per institution", keys: institutionKeys,
                  statistic: .unitCount, bounds: oneCell, partition: { $0.institution.rawValue }),
            Table(name: "page-views-by-institution", description: "Page views per institution (at most 50 per device-day)",
                  keys: institutionKeys, statistic: .sum, bounds: try ContributionBounds(maxPartitionsPerUnit: 1, maxValuePerPartition: 50),
                  partition: { $0.kind == .pageView ? $0.institution.rawValue : nil }),
            Table(name: "visitors-by-region", description: "Visitors (device-days) per région of the commune, when known",
                  keys: KeySpace.regions, statistic: .unitCount, bounds: oneCell,
                  partition: { $0.communeCode.flatMap(Departement.of(communeCode:))?.regionCode }),
            Table(name: "consultations-by-domain", description: "Contents consulted or played per domain (at most 3 domains, 20 each, per device-day)",
                  keys: sectors, statistic: .sum, bounds: try ContributionBounds(maxPartitionsPerUnit: 3, maxValuePerPartition: 20),
                  partition: { event in
                      guard event.kind == .contentView || event.kind == .play, let category = event.category else { return nil }
                      return Taxonomy.category(category).map { ($0.parentID ?? $0.id).rawValue }
                  }),
            Table(name: "visitors-by-channel-device", description: "Visitors (device-days) per channel and device class",
                  keys: channels, statistic: .unitCount, bounds: oneCell,
                  partition: { "\($0.channel.rawValue)/\($0.device.rawValue)" }),
        ]
    }

    /// The contributions of one event to each table (by index); events without a visitor key count in none,
    /// since their privacy unit is unknown.
    public func contributions(of event: AudienceEvent) -> [(table: Int, contribution: UnitContribution)] {
        guard let key = event.visitorKey else { return [] }
        let unit = "\(event.institution.rawValue)/\(CollectionDay(event.occurredAt).number)/" + key.bytes.map { byte in String(byte, radix: 16).count == 1 ? "0" + String(byte, radix: 16) : String(byte, radix: 16) }.joined()
        return tables.enumerated().compactMap { index, table in
            table.partition(event).map { (index, UnitContribution(unit: unit, key: $0)) }
        }
    }
}
