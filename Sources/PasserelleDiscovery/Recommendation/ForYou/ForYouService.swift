public import Foundation
public import PasserelleCore

/// "For you": gathers candidates for a visitor (searches in their categories and département, and the
/// collaborative model's neighbours of what they kept or opened), then ranks them with `ForYouRanking`.
/// A new visitor (no signal) gets their stated interests and place; a visitor who stated nothing gets a
/// nationwide list, widened by the same guarantees. A new offer enters through the searches (its content)
/// before any visitor has opened it.
public struct ForYouService: Sendable {
    public let catalogue: any CatalogueStore
    public let search: any SearchIndex
    public let traits: any VenueTraitStore
    public var ranking = ForYouRanking()

    /// Results each candidate search asks for.
    public static let candidatesPerSearch = 30
    /// Seed categories searched (the stated interests first).
    public static let searchedCategories = 4
    /// Views of the history that count (the newest), besides every favourite.
    public static let historyViews = 20
    /// Offers taken from the collaborative model.
    public static let modelCandidates = 40
    /// Offers taken from each guaranteed group (in the visitor's département when stated).
    public static let fairShareCandidates = 8

    public init(catalogue: any CatalogueStore, search: any SearchIndex, traits: any VenueTraitStore) {
        self.catalogue = catalogue
        self.search = search
        self.traits = traits
    }

    /// The list for one visitor. `seed` (a visitor's `VisitorID.seed`; 0 for anonymous visitors) spreads the
    /// widening searches and the guaranteed groups' starting points across visitors, so that two visitors with the
    /// same tastes are not shown the same few offers from outside them.
    public func recommend(
        profile: VisitorProfile, signals: [VisitorSignal], model: NeighbourModel?, length: Int, seed: UInt64 = 0, now: Date = Date()
    ) async throws -> [ForYouItem] {
        let weighted = Self.history(signals)
        let historyIDs = weighted.map(\.offerID)
        let modelScores = model?.scores(history: weighted, limit: Self.modelCandidates) ?? []
        let modelIDs = modelScores.map(\.offerID)
        // Members of every guaranteed group, so that the guarantees can hold whatever the searches found.
        var fairShare: [OfferID] = []
        for group in ranking.guaranteed {
            let start = Self.rotatingStart(now, group, seed: seed)
            var found = try await traits.offers(in: group, departementCode: profile.departementCode, from: start, limit: Self.fairShareCandidates, now: now)
            // A département without a small venue (or a rural commune) still gets the group's share, from elsewhere.
            if found.count < Self.fairShareCandidates, profile.departementCode != nil {
                let elsewhere = try await traits.offers(in: group, departementCode: nil, from: start, limit: Self.fairShareCandidates, now: now)
                found += elsewhere.filter { !found.contains($0) }.prefix(Self.fairShareCandidates - found.count)
            }
            fairShare += found
        }
        let members = fairShare
        let (history, fromModel, fairMembers) = try await catalogue.read { tx in
            (try await Self.activeOffers(historyIDs, tx), try await Self.activeOffers(modelIDs, tx), try await Self.activeOffers(members, tx))
        }
        let context = ForYouContext(profile: profile, history: history.map { ($0.offer, $0.venue) })

        var candidates: [OfferID: ForYouCandidate] = [:]
        for request in Self.searches(context, now: now, seed: seed) {
            for group in try await search.search(request).groups {
                for offer in group.offers where candidates[offer.id] == nil {
                    candidates[offer.id] = ForYouCandidate(offer: offer, venue: offer.venueID.flatMap { group.venues[$0] }, work: group.work, traits: nil)
                }
            }
        }
        for found in fairMembers where candidates[found.offer.id] == nil {
            candidates[found.offer.id] = ForYouCandidate(offer: found.offer, venue: found.venue, work: found.work, traits: nil)
        }
        let because = Dictionary(modelScores.map { ($0.offerID, ($0.score, $0.because)) }, uniquingKeysWith: { first, _ in first })
        for found in fromModel {
            var candidate = candidates[found.offer.id] ?? ForYouCandidate(offer: found.offer, venue: found.venue, work: found.work, traits: nil)
            candidate.neighbourScore = because[found.offer.id].map { (score: $0.0, because: $0.1) }
            candidates[found.offer.id] = candidate
        }
        let venueIDs = Set(candidates.values.compactMap(\.venue?.id)).sorted()
        let known = try await traits.venueTraits(venueIDs)
        let pool = candidates.values.map { candidate in
            ForYouCandidate(offer: candidate.offer, venue: candidate.venue, work: candidate.work,
                            traits: candidate.venue.flatMap { known[$0.id] }, neighbourScore: candidate.neighbourScore)
        }
        return ranking.rank(pool, context: context, length: length)
    }

    /// Every favourite (weight 3), then the newest views (weight 1), one entry per offer with its strongest signal.
    static func history(_ signals: [VisitorSignal]) -> [(offerID: OfferID, weight: Float)] {
        var weights: [OfferID: Float] = [:]
        var order: [OfferID] = []
        let views = signals.filter { $0.kind == .view }.prefix(historyViews)
        for signal in signals.filter({ $0.kind == .favourite }) + views {
            if weights[signal.offerID] == nil { order.append(signal.offerID) }
            weights[signal.offerID] = max(weights[signal.offerID] ?? 0, signal.kind.weight)
        }
        return order.map { ($0, weights[$0]!) }
    }

    /// The candidate searches. With seed categories: each in the visitor's département and nationwide, the
    /// département alone, and two sectors the seeds do not cover, each in the visitor's département and in one
    /// région, both drawn by day and visitor, so that the list can widen without every visitor getting the same
    /// widening. Without any: every sector, in the département when known and nationwide (a first pick from every
    /// domain).
    static func searches(_ context: ForYouContext, now: Date, seed: UInt64 = 0) -> [SearchRequest] {
        func request(size: Int = candidatesPerSearch, _ configure: (inout SearchRequest) -> Void) -> SearchRequest {
            var request = SearchRequest()
            request.now = now
            request.pageSize = min(size, SearchRequest.maximumPageSize)
            configure(&request)
            return request
        }
        let place = context.departementCode
        let seeds = Array(context.seedCategories.prefix(searchedCategories))
        var requests: [SearchRequest] = []
        guard !seeds.isEmpty else {
            for sector in Taxonomy.sectors {
                let categories = Taxonomy.expand(sector.id)
                if let place { requests.append(request(size: 10) { $0.filters.categoryIDs = categories; $0.filters.departementCode = place }) }
                requests.append(request(size: 10) { $0.filters.categoryIDs = categories })
            }
            return requests
        }
        for category in seeds {
            let categories = Taxonomy.expand(category)
            if let place { requests.append(request { $0.filters.categoryIDs = categories; $0.filters.departementCode = place }) }
            requests.append(request { $0.filters.categoryIDs = categories })
        }
        if let place { requests.append(request { $0.filters.departementCode = place }) }
        let covered = Set(seeds.map { Taxonomy.category($0)?.parentID ?? $0 })
        let others = Taxonomy.sectors.map(\.id).filter { !covered.contains($0) }
        let turn = day(now) + Int(seed % 1_000_003)
        let regions = Region.all.map(\.id)
        for offset in 0..<min(2, others.count) {
            let sector = Taxonomy.expand(others[(turn + offset) % others.count])
            if let place { requests.append(request(size: 10) { $0.filters.categoryIDs = sector; $0.filters.departementCode = place }) }
            let region = regions[(turn / others.count + offset * 7) % regions.count]
            requests.append(request(size: 10) { $0.filters.categoryIDs = sector; $0.filters.regionCode = region })
        }
        return requests
    }

    /// Where each group's candidates start, in id order: it moves every day and differs from visitor to visitor,
    /// so the whole group gets its turn.
    static func rotatingStart(_ now: Date, _ group: FairExposureGroup, seed: UInt64 = 0) -> String {
        let alphabet = Array("0123456789abcdefghijklmnopqrstuvwxyz")
        let turn = day(now) + FairExposureGroup.allCases.firstIndex(of: group)! * 7 + Int(seed % 1_296)
        return String(alphabet[turn % alphabet.count]) + String(alphabet[(turn / alphabet.count) % alphabet.count])
    }

    private static func day(_ now: Date) -> Int { Int(now.timeIntervalSince1970 / 86_400) }

    private static func activeOffers(_ ids: [OfferID], _ tx: any CatalogueReading) async throws -> [(offer: Offer, venue: Venue?, work: Work?)] {
        var found: [(offer: Offer, venue: Venue?, work: Work?)] = []
        for id in ids {
            guard let offer = try await tx.offer(id), offer.status == .active else { continue }
            var venue: Venue?, work: Work?
            if let id = offer.venueID { venue = try await tx.venue(id) }
            if let id = offer.workID { work = try await tx.work(id) }
            found.append((offer, venue?.status == .active ? venue : nil, work?.status == .active ? work : nil))
        }
        return found
    }
}
