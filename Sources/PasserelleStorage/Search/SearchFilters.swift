import Foundation
import PasserelleCore
import PasserelleDiscovery
import SQLKit

/// The filters of a `SearchRequest` as conditions on `search_documents d`, every value bound. Territory, position,
/// dates and prices are columns of the document itself, so no filter needs a sub-select but the language.
enum SearchFilters {
    static func conditions(_ request: SearchRequest) -> [SQLQueryString] {
        let filters = request.filters
        var conditions: [SQLQueryString] = ["d.status = \(bind: RecordStatus.active.rawValue)"]
        if !filters.categoryIDs.isEmpty {
            conditions.append("d.category_id IN (\(binds: filters.categoryIDs.map(\.rawValue)))")
        }
        for (column, value) in [("commune_code", filters.communeCode), ("departement_code", filters.departementCode), ("region_code", filters.regionCode)] {
            if let value { conditions.append("d.\(unsafeRaw: column) = \(bind: value)") }
        }
        for (column, value) in [("institution_id", filters.institutionID?.rawValue), ("venue_id", filters.venueID?.rawValue), ("work_id", filters.workID?.rawValue)] {
            if let value { conditions.append("d.\(unsafeRaw: column) = \(bind: value)") }
        }
        // A date filter keeps dated offers only: a permanent offer is not "this weekend".
        if let from = filters.from {
            conditions.append("COALESCE(d.ends_at, d.starts_at) >= \(bind: from.timeIntervalSinceReferenceDate)")
        }
        if let to = filters.to {
            conditions.append("COALESCE(d.starts_at, d.ends_at) <= \(bind: to.timeIntervalSinceReferenceDate)")
        }
        if let access = filters.access {
            let matching: [OfferAccess] = access == .online ? [.online, .hybrid] : [.onSite, .hybrid]
            conditions.append("d.access IN (\(binds: matching.map(\.rawValue)))")
        }
        if let language = filters.language {
            conditions.append("d.offer_id IN (SELECT offer_id FROM offer_languages WHERE language = \(bind: language))")
        }
        if request.freeOnly { conditions.append("d.price_max_cents = 0") }
        if let maximum = request.maximumPriceCents { conditions.append("d.price_min_cents <= \(bind: maximum)") }
        for feature in request.accessibility.sorted(by: { $0.rawValue < $1.rawValue }) {
            conditions.append("d.accessibility LIKE \(bind: "%|" + feature.rawValue + "|%")")
        }
        if let near = request.near {
            let box = GeoDistance.boundingBox(around: near, km: request.radiusKm)
            conditions.append(
                """
                d.latitude BETWEEN \(bind: box.latitude.lowerBound) AND \(bind: box.latitude.upperBound) \
                AND d.longitude BETWEEN \(bind: box.longitude.lowerBound) AND \(bind: box.longitude.upperBound)
                """)
        }
        return conditions
    }

    static func whereClause(_ conditions: [SQLQueryString]) -> SQLQueryString {
        conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
    }
}
