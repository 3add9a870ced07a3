public import PasserelleCore

/// What the aggregation reads instead of raw events: one row per distinct combination of a device-day's event
/// dimensions, with how many events had it. The store groups a day's events this way in SQL (so a visitor's ten
/// page views are one row) and hands the rows over sorted by unit; nothing here names a person.
public struct DeviceDayProfile: Sendable, Hashable {
    /// The institution (a device-day never spans two).
    public let institution: String
    /// The visitor key as stored (opaque; only compared for equality), or nil for events without one.
    public let visitor: String?
    /// What happened.
    public let kind: AudienceEvent.Kind
    /// Where.
    public let channel: AudienceEvent.Channel
    /// The device family.
    public let device: AudienceEvent.DeviceClass
    /// The domain of practice (the taxonomy sector of the event's category), when known.
    public let domain: String?
    /// The commune's région and département, when the commune is known.
    public let regionCode: String?
    /// The commune's département.
    public let departementCode: String?
    /// The age band, when the source knows it.
    public let ageBand: AudienceEvent.AgeBand?
    /// The sender said this was the visitor's first visit to the institution (or first practice of the domain).
    public let firstVisit: Bool
    /// The catalogue work behind the offer consulted, when there is one.
    public let work: String?
    /// The work's country of origin (ISO 3166-1 alpha-2), when the catalogue knows it.
    public let workCountry: String?
    /// Events with this combination.
    public let events: Int64

    /// A row from the store's columns; the domain, région and département are derived here, once per row.
    public init(
        institution: String, visitor: String?, kind: AudienceEvent.Kind, channel: AudienceEvent.Channel,
        device: AudienceEvent.DeviceClass, category: String?, communeCode: String?, ageBand: AudienceEvent.AgeBand?,
        firstVisit: Bool, work: String?, workCountry: String?, events: Int64
    ) {
        self.institution = institution
        self.visitor = visitor
        self.kind = kind
        self.channel = channel
        self.device = device
        domain = category.flatMap(CategoryID.init).flatMap(Taxonomy.category).map { ($0.parentID ?? $0.id).rawValue }
        let departement = communeCode.flatMap(Departement.of(communeCode:))
        departementCode = departement?.id
        regionCode = departement?.regionCode
        self.ageBand = ageBand
        self.firstVisit = firstVisit
        self.work = work
        self.workCountry = workCountry
        self.events = events
    }

    /// True for the events that count as consulting a content.
    public var isConsultation: Bool { kind == .contentView || kind == .play }

    /// The same grouping done in memory over raw events (tests, small months), sorted like the store's rows;
    /// `works` gives an offer's work and its country of origin.
    public static func group(
        _ events: [AudienceEvent], works: (Identifier<Offer>) -> (work: String, country: String?)? = { _ in nil }
    ) -> [DeviceDayProfile] {
        struct Key: Hashable {
            let institution: String, visitor: String?, kind: AudienceEvent.Kind, channel: AudienceEvent.Channel
            let device: AudienceEvent.DeviceClass, category: String?, commune: String?, ageBand: AudienceEvent.AgeBand?
            let firstVisit: Bool, work: String?, country: String?
        }
        var counts = [Key: Int64]()
        for event in events {
            let work = event.offer.flatMap(works)
            let key = Key(
                institution: event.institution.rawValue, visitor: event.visitorKey?.hex, kind: event.kind, channel: event.channel,
                device: event.device, category: event.category?.rawValue, commune: event.communeCode, ageBand: event.ageBand,
                firstVisit: event.firstVisit, work: work?.work, country: work?.country
            )
            counts[key, default: 0] += 1
        }
        return counts.map { key, count in
            DeviceDayProfile(
                institution: key.institution, visitor: key.visitor, kind: key.kind, channel: key.channel, device: key.device,
                category: key.category, communeCode: key.commune, ageBand: key.ageBand, firstVisit: key.firstVisit,
                work: key.work, workCountry: key.country, events: count
            )
        }.sorted { ($0.institution, $0.visitor ?? "") < ($1.institution, $1.visitor ?? "") }
    }
}

/// One privacy unit's day: all its profile rows.
public struct DeviceDay: Sendable {
    /// The day.
    public let day: CollectionDay
    /// The day as a key (`YYYY-MM-DD`), formatted once per day, not once per unit.
    public let dayKey: String
    /// The institution.
    public let institution: String
    /// Its rows (same institution and visitor key).
    public let profiles: ArraySlice<DeviceDayProfile>
}
