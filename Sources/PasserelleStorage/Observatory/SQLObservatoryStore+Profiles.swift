import PasserelleCore
public import PasserelleObservatory
import Logging
import PostgresNIO
import SQLiteNIO
import SQLKit

extension SQLObservatoryStore {
    /// See `ObservatoryStore.profiles`: the engine groups the day's events per device-day and dimensions (one
    /// scan of the day through `audience_events_by_day`), joined to the catalogue for the work and its origin,
    /// so Swift reads one row per profile, not per event. Read on a reader connection: collection goes on.
    public func profiles(on day: CollectionDay) async throws -> [DeviceDayProfile] {
        if store.kind == .postgres { return try await postgresProfiles(on: day) }
        var query = SQLQueryString(Self.profileSelect)
        query.appendInterpolation(bind: day.number)
        query.appendInterpolation(unsafeRaw: Self.profileGrouping)
        let statement = query
        let rows = try await store.withReadTransaction { database in try await database.raw(statement).all() }
        return try rows.map { row in
            // Direct SQLite rows are read by position without the generic decoder (a third of the release's time).
            if let direct = row as? DirectSQLiteRow { return try Self.profile(direct) }
            return try Self.profile(row)
        }
    }

    /// The grouping query, around the day's bind.
    static let profileSelect = """
        SELECT e.institution_id, e.visitor_key, e.kind, e.channel, e.device, e.category_id, e.commune_code, e.age_band, \
        e.first_visit, o.work_id, w.country_of_origin, COUNT(*) AS n
        FROM audience_events e LEFT JOIN offers o ON o.id = e.offer_id LEFT JOIN works w ON w.id = o.work_id
        WHERE e.day = 
        """
    static let profileGrouping = """

        GROUP BY e.institution_id, e.visitor_key, e.kind, e.channel, e.device, e.category_id, e.commune_code, e.age_band, \
        e.first_visit, o.work_id, w.country_of_origin
        ORDER BY e.institution_id, e.visitor_key
        """

    /// PostgreSQL: on the driver's connection, decoding columns by position (SQLKit's by-name decoder cost as much
    /// as the query), in one read-only snapshot with room to sort in memory. A release is a batch job, not a request:
    /// the 10 s request deadline does not apply.
    private func postgresProfiles(on day: CollectionDay) async throws -> [DeviceDayProfile] {
        try await store.backend.withRawWriter { raw in
            guard case let .postgres(connection) = raw else { return [] }
            let logger = Logger(label: "passerelle.observatory")
            try await connection.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", logger: logger)
            do {
                // A day's grouping sorts a few hundred thousand rows: in memory, not in temporary files.
                try await connection.query("SET LOCAL work_mem = '64MB'", logger: logger)
                var binds = PostgresBindings()
                binds.append(Int64(day.number))
                let rows = try await connection.query(PostgresQuery(unsafeSQL: Self.profileSelect + "$1" + Self.profileGrouping, binds: binds), logger: logger)
                var profiles = [DeviceDayProfile]()
                for try await row in rows {
                    let (institution, visitor, kind, channel, device, category, commune, age, first, work, country, count) = try row.decode(
                        (String, String?, String, String, String, String?, String?, String?, Int64, String?, String?, Int64).self
                    )
                    guard let kind = AudienceEvent.Kind(rawValue: kind), let channel = AudienceEvent.Channel(rawValue: channel),
                          let device = AudienceEvent.DeviceClass(rawValue: device) else {
                        throw ObservatoryError(.storage, "audience_events holds an unknown kind, channel or device")
                    }
                    profiles.append(DeviceDayProfile(
                        institution: institution, visitor: visitor, kind: kind, channel: channel, device: device, category: category,
                        communeCode: commune, ageBand: age.flatMap(AudienceEvent.AgeBand.init(rawValue:)), firstVisit: first == 1,
                        work: work, workCountry: country, events: count
                    ))
                }
                try await connection.query("COMMIT", logger: logger)
                return profiles
            } catch {
                _ = try? await connection.query("ROLLBACK", logger: logger)
                throw error
            }
        }
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
