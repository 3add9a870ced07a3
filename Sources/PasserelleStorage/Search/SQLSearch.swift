import Foundation
import PasserelleCore
import PasserelleDiscovery
import SQLKit

/// One search inside one read snapshot: corrects mistyped words from the vocabulary, asks the engine for at most
/// `SearchResults.candidateBound + 1` matching documents that pass the filters, ranks them in Swift
/// (`SearchRanking`), and reads the page's offers, works and venues.
struct SQLSearch {
    let database: any SQLDatabase
    let json = JSONText.shared

    func run(_ request: SearchRequest) async throws -> SearchResults {
        var terms = QueryTerms(request.text)
        var unmatched = false
        for index in terms.terms.indices {
            let term = terms.terms[index]
            if try await isIndexed(term) { continue }
            terms.terms[index].corrections = try await corrections(of: term.token)
            if terms.terms[index].corrections.isEmpty { unmatched = true }
        }
        // A word that matches nothing, even corrected, leaves nothing to find.
        let rows = unmatched ? [] : try await Self.candidateRows(request, terms, on: database)
        var candidates: [SearchCandidate] = []
        var categories: [String: Int] = [:], regions: [String: Int] = [:], access: [String: Int] = [:]
        var free = 0
        for row in rows.prefix(SearchResults.candidateBound) {
            let candidate = try Self.candidate(row)
            if let near = request.near {
                // The SQL box is a square; the radius is a circle.
                guard let point = candidate.coordinates, GeoDistance.kilometres(near, point) <= request.radiusKm else { continue }
            }
            candidates.append(candidate)
            categories[try row.decode(column: "category_id", as: String.self), default: 0] += 1
            if let region = try row.decode(column: "region_code", as: String?.self) { regions[region, default: 0] += 1 }
            for filter in OfferQuery.AccessFilter.allCases where try Self.matches(filter, row.decode(column: "access", as: String.self)) {
                access[filter.rawValue, default: 0] += 1
            }
            if try row.decode(column: "price_max_cents", as: Int64?.self) == 0 { free += 1 }
        }
        let ranked = SearchRanking.rank(candidates, terms: terms, request: request)
        let remaining = ranked.filter { group in request.cursor.map { $0.precedes(score: group.score, key: group.key) } ?? true }
        let page = Array(remaining.prefix(request.pageSize))
        let next = remaining.count > page.count ? page.last.map { SearchCursor(score: $0.score, key: $0.key) } : nil
        return SearchResults(
            groups: try await load(page),
            total: rows.count > SearchResults.candidateBound ? .moreThan(SearchResults.candidateBound) : .exact(candidates.count),
            facets: SearchFacets(categoryCounts: categories, regionCounts: regions, accessCounts: access, free: free),
            nextCursor: next, terms: terms
        )
    }

    /// Whether the token (or, for a prefix, some term starting with it) is in the vocabulary.
    private func isIndexed(_ term: QueryTerms.Term) async throws -> Bool {
        let found: SQLQueryString =
            term.isPrefix
            ? "SELECT term FROM search_terms WHERE term >= \(bind: term.token) AND term < \(bind: term.token + "\u{10FFFF}") LIMIT 1"
            : "SELECT term FROM search_terms WHERE term = \(bind: term.token)"
        return try await database.raw(found).first() != nil
    }

    private func corrections(of token: String) async throws -> [String] {
        guard token.count >= TypoTolerance.minimumLength else { return [] }
        let variants = TypoTolerance.deletionVariants(token)
        let found = try await database.raw(
            "SELECT DISTINCT term FROM search_term_variants WHERE variant IN (\(binds: variants))"
        ).all().map { try $0.decode(column: "term", as: String.self) }
        return TypoTolerance.corrections(of: token, among: found)
    }

    /// The candidates: with text, every match when there are at most the bound; past it, tier by tier
    /// (`CandidateTier`), each document once, then the rest of the first bound of matches. Without text, the listing.
    static func candidateRows(_ request: SearchRequest, _ terms: QueryTerms, on database: any SQLDatabase) async throws -> [any SQLRow] {
        guard !terms.isEmpty else { return try await database.raw(CandidateQueries.listing(request)).all() }
        let postgres = database.dialect.name == "postgresql"
        let limit = CandidateQueries.limit
        let anywhere = try await database.raw(CandidateQueries.matching(request, terms, tier: .anywhere, postgres: postgres)).all()
        guard anywhere.count == limit else { return anywhere }
        var rows: [any SQLRow] = []
        var seen = Set<String>()
        func take(_ batch: [any SQLRow]) throws {
            for row in batch where rows.count < limit {
                if seen.insert(try row.decode(column: "offer_id", as: String.self)).inserted { rows.append(row) }
            }
        }
        // Tiers nest (a title match is a title-or-work match), so a tier's first `limit` rows always hold enough
        // documents the earlier tiers did not give.
        for tier in CandidateTier.allCases where tier != .anywhere && rows.count < limit {
            try take(try await database.raw(CandidateQueries.matching(request, terms, tier: tier, postgres: postgres)).all())
        }
        try take(anywhere)
        return rows
    }

    static func matches(_ filter: OfferQuery.AccessFilter, _ access: String) -> Bool {
        access == OfferAccess.hybrid.rawValue || access == (filter == .online ? OfferAccess.online : .onSite).rawValue
    }

    static func candidate(_ row: any SQLRow) throws -> SearchCandidate {
        let latitude = try row.decode(column: "latitude", as: Double?.self)
        let longitude = try row.decode(column: "longitude", as: Double?.self)
        return SearchCandidate(
            offerID: OfferID(trusted: try row.decode(column: "offer_id", as: String.self)),
            groupKey: try row.decode(column: "group_key", as: String.self),
            fields: SearchDocument.Fields(
                title: try row.decode(column: "title_text", as: String.self),
                work: try row.decode(column: "work_text", as: String.self),
                place: try row.decode(column: "place_text", as: String.self),
                description: try row.decode(column: "description_text", as: String.self)
            ),
            coordinates: latitude.flatMap { lat in longitude.map { GeoPoint(latitude: lat, longitude: $0) } },
            startsAt: try row.date("starts_at"), endsAt: try row.date("ends_at")
        )
    }

    /// The page's offers (the first ones of each group), their works and venues.
    private func load(_ page: [RankedGroup]) async throws -> [SearchResultGroup] {
        let shownIDs = page.flatMap { $0.members.prefix(SearchResults.offersPerGroup).map(\.offerID.rawValue) }
        guard !shownIDs.isEmpty else { return [] }
        var offers: [String: Offer] = [:]
        for row in try await database.raw(
            "SELECT \(unsafeRaw: Columns.list(Columns.offers)) FROM offers WHERE id IN (\(binds: shownIDs))"
        ).all() {
            let offer = try Offer(row: row, json: json)
            offers[offer.id.rawValue] = offer
        }
        let workIDs = Set(offers.values.compactMap(\.workID?.rawValue)), venueIDs = Set(offers.values.compactMap(\.venueID?.rawValue))
        var works: [String: Work] = [:], venues: [VenueID: Venue] = [:]
        if !workIDs.isEmpty {
            for row in try await database.raw(
                "SELECT \(unsafeRaw: Columns.list(Columns.works)) FROM works WHERE id IN (\(binds: Array(workIDs)))"
            ).all() {
                let work = try Work(row: row, json: json)
                works[work.id.rawValue] = work
            }
        }
        if !venueIDs.isEmpty {
            for row in try await database.raw(
                "SELECT \(unsafeRaw: Columns.list(Columns.venues)) FROM venues WHERE id IN (\(binds: Array(venueIDs)))"
            ).all() {
                let venue = try Venue(row: row, json: json)
                venues[venue.id] = venue
            }
        }
        return page.map { group in
            let shown = group.members.prefix(SearchResults.offersPerGroup).compactMap { offers[$0.offerID.rawValue] }
            let work = shown.first?.workID.flatMap { works[$0.rawValue] }
            return SearchResultGroup(
                key: group.key, score: group.score, work: work, offers: shown,
                venues: venues.filter { id, _ in shown.contains { $0.venueID == id } }, offerCount: group.members.count
            )
        }
    }
}
