public import Foundation
public import PasserelleCore

/// "See also" under an offer: a few other offers chosen to widen, not narrow, what a visitor sees, each with the
/// reason it is there. No personal data: only the offer being read. In order:
/// - the same kind of offer nearby (same category, same département, another place): 2;
/// - the same kind of offer in another région (every territory gets a chance to be seen): 1;
/// - another domain nearby (same département, another sector: a reader of theatre meets a museum): 1.
/// An online offer has no place: it gets 2 of the same category, then 1 online offer of another sector.
public enum SeeAlso {
    public enum Reason: String, Sendable, Hashable, CaseIterable {
        case nearby, otherTerritory = "other-territory", otherDomain = "other-domain"
    }

    public struct Suggestion: Sendable {
        public let offer: Offer
        public let venue: Venue?
        public let reason: Reason
    }

    /// One search to run, the reason its results carry, how many to take, and what a taken result must satisfy.
    public struct Query: Sendable {
        public let reason: Reason
        public let request: SearchRequest
        public let count: Int
        public let accepts: @Sendable (Offer, Venue?) -> Bool
    }

    /// How many results each search asks for (room for the ones `accepts` turns down).
    static let pageSize = 20

    public static func queries(for offer: Offer, venue: Venue?, now: Date) -> [Query] {
        let sector = Taxonomy.category(offer.categoryID)?.parentID
        func request(_ configure: (inout SearchRequest) -> Void) -> SearchRequest {
            var request = SearchRequest()
            request.now = now
            request.pageSize = pageSize
            configure(&request)
            return request
        }
        @Sendable func otherSector(_ candidate: Offer) -> Bool { Taxonomy.category(candidate.categoryID)?.parentID != sector }
        guard let venue, let departement = venue.departementCode else {
            return [
                Query(reason: .otherTerritory, request: request { $0.filters.categoryIDs = [offer.categoryID] }, count: 2) { _, _ in true },
                Query(reason: .otherDomain, request: request { $0.filters.access = .online }, count: 1) { candidate, _ in otherSector(candidate) },
            ]
        }
        return [
            Query(reason: .nearby, request: request {
                $0.filters.categoryIDs = [offer.categoryID]
                $0.filters.departementCode = departement
            }, count: 2) { _, place in place?.id != venue.id },
            Query(reason: .otherTerritory, request: request { $0.filters.categoryIDs = [offer.categoryID] }, count: 1) { _, place in
                place?.regionCode != nil && place?.regionCode != venue.regionCode
            },
            Query(reason: .otherDomain, request: request { $0.filters.departementCode = departement }, count: 1) { candidate, _ in
                otherSector(candidate)
            },
        ]
    }

    /// Takes from each query's results (in order) what it accepts, never the offer itself, never twice the same
    /// offer or place, so the few suggestions shown are as varied as the catalogue allows.
    public static func pick(for offer: Offer, _ answered: [(Query, [(Offer, Venue?)])]) -> [Suggestion] {
        var chosen: [Suggestion] = []
        var seenOffers: Set<OfferID> = [offer.id], seenPlaces: Set<VenueID> = []
        if let place = offer.venueID { seenPlaces.insert(place) }
        for (query, results) in answered {
            var taken = 0
            for (candidate, venue) in results where taken < query.count && !seenOffers.contains(candidate.id) {
                if let place = venue?.id, seenPlaces.contains(place) { continue }
                guard query.accepts(candidate, venue) else { continue }
                chosen.append(Suggestion(offer: candidate, venue: venue, reason: query.reason))
                seenOffers.insert(candidate.id)
                if let place = venue?.id { seenPlaces.insert(place) }
                taken += 1
            }
        }
        return chosen
    }

    /// Runs the queries on `index` and picks.
    public static func suggestions(for offer: Offer, venue: Venue?, index: any SearchIndex, now: Date) async throws -> [Suggestion] {
        var answered: [(Query, [(Offer, Venue?)])] = []
        for query in queries(for: offer, venue: venue, now: now) {
            var results = try await index.search(query.request)
            // The first page may hold only the offer's own région (a big one fills it), or only its own sector: then
            // ask one other région, or sector, that has matches (from the facets), chosen by the offer's id so that
            // each gets its turn across pages.
            if !firstOffers(results).contains(where: { query.accepts($0.0, $0.1) }) {
                var request = query.request
                switch query.reason {
                case .otherTerritory:
                    let others = results.facets.regions.map(\.value).filter { $0 != venue?.regionCode }.sorted()
                    if venue?.regionCode != nil, !others.isEmpty {
                        request.filters.regionCode = others[stableIndex(offer.id.rawValue, count: others.count)]
                    }
                case .otherDomain:
                    let own = Taxonomy.category(offer.categoryID)?.parentID?.rawValue
                    let others = results.facets.sectors.map(\.value).filter { $0 != own }.sorted()
                    if !others.isEmpty, let sector = CategoryID(others[stableIndex(offer.id.rawValue, count: others.count)]) {
                        request.filters.categoryIDs = Taxonomy.expand(sector)
                    }
                case .nearby:
                    break
                }
                if request.filters != query.request.filters { results = try await index.search(request) }
            }
            answered.append((query, firstOffers(results)))
        }
        return pick(for: offer, answered)
    }

    static func firstOffers(_ results: SearchResults) -> [(Offer, Venue?)] {
        results.groups.compactMap { group in group.offers.first.map { first in (first, first.venueID.flatMap { group.venues[$0] }) } }
    }

    /// A position in 0..<count that depends only on `key` (FNV-1a), so a page always suggests the same région.
    static func stableIndex(_ key: String, count: Int) -> Int {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in key.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        return Int(hash % UInt64(count))
    }
}
