import Foundation
import PasserelleCore
import SQLKit

/// WHERE clauses for the list queries, every value bound. Each returns either an empty string or
/// ` WHERE a AND b …`, ready to follow `FROM table`.
enum Filters {
    /// One page of offers in the documented order: most recently updated first, ties by id.
    static func offerPage(_ query: OfferQuery, _ page: PageRequest) -> SQLQueryString {
        """
        SELECT \(unsafeRaw: Columns.list(Columns.offers)) FROM offers\(offers(query)) \
        ORDER BY updated_at DESC, id ASC LIMIT \(bind: page.size) OFFSET \(bind: page.offset)
        """
    }

    static func offers(_ query: OfferQuery) -> SQLQueryString {
        var conditions: [SQLQueryString] = []
        if !query.includeWithdrawn { conditions.append("status = \(bind: RecordStatus.active.rawValue)") }
        if !query.categoryIDs.isEmpty {
            conditions.append("category_id IN (\(binds: query.categoryIDs.map(\.rawValue)))")
        }
        if let institutionID = query.institutionID { conditions.append("institution_id = \(bind: institutionID.rawValue)") }
        if let venueID = query.venueID { conditions.append("venue_id = \(bind: venueID.rawValue)") }
        if let workID = query.workID { conditions.append("work_id = \(bind: workID.rawValue)") }
        // Territory belongs to the venue; online-only offers have none and never match a territorial filter.
        for (column, value) in [("commune_code", query.communeCode), ("departement_code", query.departementCode), ("region_code", query.regionCode)] {
            if let value { conditions.append("venue_id IN (SELECT id FROM venues WHERE \(ident: column) = \(bind: value))") }
        }
        if let from = query.from {
            // Undated offers never match a date filter (a permanent offer is not "this weekend"), as in search.
            conditions.append("COALESCE(ends_at, starts_at) >= \(bind: from.timeIntervalSinceReferenceDate)")
        }
        if let to = query.to {
            conditions.append("COALESCE(starts_at, ends_at) <= \(bind: to.timeIntervalSinceReferenceDate)")
        }
        if let access = query.access {
            let matching: [OfferAccess] = access == .online ? [.online, .hybrid] : [.onSite, .hybrid]
            conditions.append("access IN (\(binds: matching.map(\.rawValue)))")
        }
        if let language = query.language {
            conditions.append("id IN (SELECT offer_id FROM offer_languages WHERE language = \(bind: language))")
        }
        return whereClause(conditions)
    }

    static func venues(_ query: VenueQuery) -> SQLQueryString {
        var conditions: [SQLQueryString] = []
        if !query.includeWithdrawn { conditions.append("status = \(bind: RecordStatus.active.rawValue)") }
        if let kind = query.kind { conditions.append("kind = \(bind: kind.rawValue)") }
        if let communeCode = query.communeCode { conditions.append("commune_code = \(bind: communeCode)") }
        if let departementCode = query.departementCode { conditions.append("departement_code = \(bind: departementCode)") }
        if let regionCode = query.regionCode { conditions.append("region_code = \(bind: regionCode)") }
        if let institutionID = query.institutionID { conditions.append("institution_id = \(bind: institutionID.rawValue)") }
        return whereClause(conditions)
    }

    static func works(_ query: WorkQuery) -> SQLQueryString {
        var conditions: [SQLQueryString] = []
        if !query.includeWithdrawn { conditions.append("status = \(bind: RecordStatus.active.rawValue)") }
        if let institutionID = query.institutionID { conditions.append("institution_id = \(bind: institutionID.rawValue)") }
        if !query.categoryIDs.isEmpty { conditions.append("category_id IN (\(binds: query.categoryIDs.map(\.rawValue)))") }
        return whereClause(conditions)
    }

    /// One page of the work change list: by (updated_at, id), strictly after `cursor`, a keyset seek on `works_changes`.
    static func workChangePage(_ query: WorkChangeQuery, after cursor: WorkChangeCursor?, limit: Int) -> SQLQueryString {
        var conditions = workChanges(query)
        if let cursor {
            conditions.append("(updated_at, id) > (\(bind: cursor.changedAt.timeIntervalSinceReferenceDate), \(bind: cursor.id.rawValue))")
        }
        return """
            SELECT \(unsafeRaw: Columns.datedWorks) FROM works\(whereClause(conditions)) \
            ORDER BY updated_at, id LIMIT \(bind: max(0, limit))
            """
    }

    /// The conditions of a work change list (no status filter: withdrawn works are listed, as deleted records).
    static func workChanges(_ query: WorkChangeQuery) -> [SQLQueryString] {
        var conditions: [SQLQueryString] = []
        if let institutionID = query.institutionID { conditions.append("institution_id = \(bind: institutionID.rawValue)") }
        if !query.categoryIDs.isEmpty { conditions.append("category_id IN (\(binds: query.categoryIDs.map(\.rawValue)))") }
        if let from = query.from { conditions.append("updated_at >= \(bind: from.timeIntervalSinceReferenceDate)") }
        if let before = query.before { conditions.append("updated_at < \(bind: before.timeIntervalSinceReferenceDate)") }
        return conditions
    }

    static func whereClause(_ conditions: [SQLQueryString]) -> SQLQueryString {
        conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
    }
}
