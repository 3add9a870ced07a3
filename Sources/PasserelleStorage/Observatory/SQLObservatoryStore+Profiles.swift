import PasserelleCore
public import PasserelleObservatory
import SQLKit

extension SQLObservatoryStore {
    /// See `ObservatoryStore.profiles`: the engine groups the day's events per device-day and dimensions (one
    /// scan of the day through `audience_events_by_unit`), joined to the catalogue for the work and its origin,
    /// so Swift reads one row per profile, not per event. Read on a reader connection: collection goes on.
    public func profiles(on day: CollectionDay) async throws -> [DeviceDayProfile] {
        let rows = try await store.withReadTransaction { database in
            try await database.raw("""
                SELECT e.institution_id, e.visitor_key, e.kind, e.channel, e.device, e.category_id, e.commune_code, e.age_band, \
                e.first_visit, o.work_id, w.country_of_origin, COUNT(*) AS n
                FROM audience_events e LEFT JOIN offers o ON o.id = e.offer_id LEFT JOIN works w ON w.id = o.work_id
                WHERE e.day = \(bind: day.number)
                GROUP BY e.institution_id, e.visitor_key, e.kind, e.channel, e.device, e.category_id, e.commune_code, e.age_band, \
                e.first_visit, o.work_id, w.country_of_origin
                ORDER BY e.institution_id, e.visitor_key
                """).all()
        }
        return try rows.map(Self.profile)
    }

    /// The catalogue's work ids: the public key space of the consultations-by-work table.
    public func workIDs() async throws -> [String] {
        try await store.withReadTransaction { database in
            try await database.raw("SELECT id FROM works ORDER BY id").all().map { try $0.decode(column: "id", as: String.self) }
        }
    }

    private static func profile(_ row: any SQLRow) throws -> DeviceDayProfile {
        func optional(_ column: String) throws -> String? { try row.decode(column: column, as: String?.self) }
        guard let kind = AudienceEvent.Kind(rawValue: try row.decode(column: "kind", as: String.self)),
              let channel = AudienceEvent.Channel(rawValue: try row.decode(column: "channel", as: String.self)),
              let device = AudienceEvent.DeviceClass(rawValue: try row.decode(column: "device", as: String.self)) else {
            throw ObservatoryError(.storage, "audience_events holds an unknown kind, channel or device")
        }
        return DeviceDayProfile(
            institution: try row.decode(column: "institution_id", as: String.self), visitor: try optional("visitor_key"),
            kind: kind, channel: channel, device: device, category: try optional("category_id"), communeCode: try optional("commune_code"),
            ageBand: try optional("age_band").flatMap(AudienceEvent.AgeBand.init(rawValue:)),
            firstVisit: try row.decode(column: "first_visit", as: Int.self) == 1, work: try optional("work_id"),
            workCountry: try optional("country_of_origin"), events: Int64(try row.decode(column: "n", as: Int.self))
        )
    }
}
