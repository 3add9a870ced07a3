public import Foundation
public import PasserelleCore
public import PasserelleDiscovery
import SQLKit

/// Visitors' profiles and signals, in the catalogue's database (one backup, one migration path).
extension SQLStore: VisitorStore {
    public func profile(of visitor: VisitorID) async throws -> VisitorProfile? {
        try await withReadTransaction { database in
            let row = try await database.raw("SELECT profile FROM visitors WHERE id = \(bind: visitor.rawValue)").first()
            guard let text = try row?.decode(column: "profile", as: String?.self) else { return nil }
            return try JSONText.shared.decode(VisitorProfile.self, text, column: "visitors.profile")
        }
    }

    public func saveProfile(_ profile: VisitorProfile, for visitor: VisitorID, at date: Date) async throws {
        let body = try JSONText.shared.encode(profile)
        try await withTransaction { database in
            try await database.raw(
                """
                INSERT INTO visitors (id, profile, last_seen) VALUES (\(bind: visitor.rawValue), \(bind: body), \(bind: date.timeIntervalSinceReferenceDate))
                ON CONFLICT (id) DO UPDATE SET profile = excluded.profile, last_seen = excluded.last_seen
                """
            ).run()
        }
    }

    public func signals(of visitor: VisitorID) async throws -> [VisitorSignal] {
        try await withReadTransaction { database in
            try await database.raw(
                "SELECT offer_id, kind, at FROM visitor_signals WHERE visitor_id = \(bind: visitor.rawValue) ORDER BY at DESC, offer_id"
            ).all().compactMap { row in
                guard let kind = SignalKind(rawValue: try row.decode(column: "kind", as: String.self)) else { return nil }
                return VisitorSignal(
                    offerID: OfferID(trusted: try row.decode(column: "offer_id", as: String.self)), kind: kind,
                    at: Date(timeIntervalSinceReferenceDate: try row.decode(column: "at", as: Double.self)))
            }
        }
    }

    public func record(_ signal: VisitorSignal, for visitor: VisitorID) async throws {
        let at = signal.at.timeIntervalSinceReferenceDate
        try await withTransaction { database in
            try await database.raw(
                """
                INSERT INTO visitors (id, profile, last_seen) VALUES (\(bind: visitor.rawValue), NULL, \(bind: at))
                ON CONFLICT (id) DO UPDATE SET last_seen = excluded.last_seen
                """
            ).run()
            if signal.kind == .favourite {
                let kept = try await Self.count(database, visitor, .favourite, excluding: signal.offerID)
                if kept >= VisitorLimits.maximumFavourites { throw VisitorError.tooManyFavourites }
            }
            try await database.raw(
                """
                INSERT INTO visitor_signals (visitor_id, offer_id, kind, at)
                VALUES (\(bind: visitor.rawValue), \(bind: signal.offerID.rawValue), \(bind: signal.kind.rawValue), \(bind: at))
                ON CONFLICT (visitor_id, kind, offer_id) DO UPDATE SET at = excluded.at
                """
            ).run()
            if signal.kind == .view {
                // Only the newest views are kept: older ones say little and would grow without bound.
                try await database.raw(
                    """
                    DELETE FROM visitor_signals WHERE visitor_id = \(bind: visitor.rawValue) AND kind = 'view' AND offer_id NOT IN (
                        SELECT offer_id FROM visitor_signals WHERE visitor_id = \(bind: visitor.rawValue) AND kind = 'view'
                        ORDER BY at DESC, offer_id LIMIT \(bind: VisitorLimits.keptViews))
                    """
                ).run()
            }
        }
    }

    public func removeFavourite(_ offerID: OfferID, for visitor: VisitorID) async throws {
        try await withTransaction { database in
            try await database.raw(
                "DELETE FROM visitor_signals WHERE visitor_id = \(bind: visitor.rawValue) AND kind = 'favourite' AND offer_id = \(bind: offerID.rawValue)"
            ).run()
        }
    }

    public func forget(_ visitor: VisitorID) async throws -> Int {
        try await withTransaction { database in
            let signals = try await database.raw(
                "SELECT COUNT(*) AS n FROM visitor_signals WHERE visitor_id = \(bind: visitor.rawValue)").first(decodingColumn: "n", as: Int.self) ?? 0
            let visitors = try await database.raw(
                "SELECT COUNT(*) AS n FROM visitors WHERE id = \(bind: visitor.rawValue)").first(decodingColumn: "n", as: Int.self) ?? 0
            try await database.raw("DELETE FROM visitor_signals WHERE visitor_id = \(bind: visitor.rawValue)").run()
            try await database.raw("DELETE FROM visitors WHERE id = \(bind: visitor.rawValue)").run()
            return signals + visitors
        }
    }

    public func forgetVisitors(inactiveSince date: Date) async throws -> Int {
        let cutoff = date.timeIntervalSinceReferenceDate
        return try await withTransaction { database in
            let gone = try await database.raw(
                "SELECT COUNT(*) AS n FROM visitors WHERE last_seen < \(bind: cutoff)").first(decodingColumn: "n", as: Int.self) ?? 0
            try await database.raw(
                "DELETE FROM visitor_signals WHERE visitor_id IN (SELECT id FROM visitors WHERE last_seen < \(bind: cutoff))").run()
            try await database.raw("DELETE FROM visitors WHERE last_seen < \(bind: cutoff)").run()
            return gone
        }
    }

    public func trainingSignals(limit: Int) async throws -> [TrainingSignal] {
        try await withReadTransaction { database in
            var visitors: [String: Int] = [:]
            return try await database.raw(
                "SELECT visitor_id, offer_id, kind FROM visitor_signals ORDER BY at DESC, visitor_id, offer_id LIMIT \(bind: max(0, limit))"
            ).all().compactMap { row -> TrainingSignal? in
                guard let kind = SignalKind(rawValue: try row.decode(column: "kind", as: String.self)) else { return nil }
                let id = try row.decode(column: "visitor_id", as: String.self)
                // A number local to this batch stands for the visitor; the model never holds the id.
                let visitor = visitors[id] ?? { visitors[id] = visitors.count; return visitors.count - 1 }()
                return TrainingSignal(visitor: visitor, offerID: OfferID(trusted: try row.decode(column: "offer_id", as: String.self)), weight: kind.weight)
            }
        }
    }

    private static func count(_ database: any SQLDatabase, _ visitor: VisitorID, _ kind: SignalKind, excluding offer: OfferID) async throws -> Int {
        try await database.raw(
            """
            SELECT COUNT(*) AS n FROM visitor_signals
            WHERE visitor_id = \(bind: visitor.rawValue) AND kind = \(bind: kind.rawValue) AND offer_id <> \(bind: offer.rawValue)
            """
        ).first(decodingColumn: "n", as: Int.self) ?? 0
    }
}

extension SQLStore: VenueTraitStore {
    /// Reads in batches of 500 ids (SQLite's and PostgreSQL's limits on bound parameters are far above).
    public func venueTraits(_ venues: [VenueID]) async throws -> [VenueID: VenueTraits] {
        guard !venues.isEmpty else { return [:] }
        return try await withReadTransaction { database in
            var traits: [VenueID: VenueTraits] = [:]
            for batch in stride(from: 0, to: venues.count, by: 500).map({ Array(venues[$0..<min($0 + 500, venues.count)]) }) {
                for row in try await database.raw(
                    "SELECT venue_id, annual_attendance, commune_population FROM venue_traits WHERE venue_id IN (\(binds: batch.map(\.rawValue)))"
                ).all() {
                    traits[VenueID(trusted: try row.decode(column: "venue_id", as: String.self))] = VenueTraits(
                        annualAttendance: try row.decode(column: "annual_attendance", as: Int?.self),
                        communePopulation: try row.decode(column: "commune_population", as: Int?.self))
                }
            }
            return traits
        }
    }

    /// Traits of venues the catalogue does not hold are skipped (a venue the import refused), not an error.
    public func saveVenueTraits(_ traits: [VenueID: VenueTraits]) async throws -> Int {
        let sorted = traits.sorted { $0.key < $1.key }
        return try await withTransaction { database in
            var known = Set<String>()
            for start in stride(from: 0, to: sorted.count, by: 500) {
                let ids = sorted[start..<min(start + 500, sorted.count)].map(\.key.rawValue)
                for row in try await database.raw("SELECT id FROM venues WHERE id IN (\(binds: ids))").all() {
                    known.insert(try row.decode(column: "id", as: String.self))
                }
            }
            for (venue, trait) in sorted where known.contains(venue.rawValue) {
                try await database.raw(
                    """
                    INSERT INTO venue_traits (venue_id, annual_attendance, commune_population)
                    VALUES (\(bind: venue.rawValue), \(bind: trait.annualAttendance), \(bind: trait.communePopulation))
                    ON CONFLICT (venue_id) DO UPDATE SET annual_attendance = excluded.annual_attendance,
                        commune_population = excluded.commune_population
                    """
                ).run()
            }
            return known.count
        }
    }

    public func offers(in group: FairExposureGroup, departementCode: String?, from start: String, limit: Int, now: Date) async throws -> [OfferID] {
        let membership: SQLQueryString = switch group {
        case .smallVenue:
            "JOIN venue_traits t ON t.venue_id = o.venue_id WHERE t.annual_attendance < \(bind: FairExposureGroup.smallVenueAttendance)"
        case .ruralCommune:
            "JOIN venue_traits t ON t.venue_id = o.venue_id WHERE t.commune_population < \(bind: FairExposureGroup.ruralPopulation) AND o.access <> 'online'"
        case .europeanWork:
            "JOIN works w ON w.id = o.work_id WHERE w.country_of_origin IN (\(binds: ["FR"] + Countries.europeanOtherThanFrance.sorted()))"
        }
        let place: SQLQueryString = departementCode.map { "AND o.venue_id IN (SELECT id FROM venues WHERE departement_code = \(bind: $0))" } ?? ""
        let current: SQLQueryString = "AND o.status = 'active' AND COALESCE(o.ends_at, o.starts_at, \(bind: Double.greatestFiniteMagnitude)) >= \(bind: now.timeIntervalSinceReferenceDate)"
        return try await withReadTransaction { database in
            var found: [OfferID] = []
            // From `start` to the end of the id order, then from the beginning up to `start`.
            let after: SQLQueryString = "AND o.id >= \(bind: start)"
            let before: SQLQueryString = "AND o.id < \(bind: start)"
            for bound in [after, before] where found.count < limit {
                let rows = try await database.raw(
                    "SELECT o.id FROM offers o \(membership) \(place) \(current) \(bound) ORDER BY o.id LIMIT \(bind: limit - found.count)"
                ).all()
                found += try rows.map { OfferID(trusted: try $0.decode(column: "id", as: String.self)) }
            }
            return found
        }
    }
}
