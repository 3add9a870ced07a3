public import PasserelleCore

/// Why an offer is recommended: always a fact about the offer and the visitor, never a vague "you may like".
public enum ForYouReason: Sendable, Hashable {
    /// People who kept or opened this offer also kept or opened one the visitor did (named).
    case becauseYouLiked(OfferID)
    /// Of a category (or sector) the visitor chose.
    case yourInterest(CategoryID)
    /// Of a category the visitor keeps favourites in (or opened), though they did not choose it.
    case likeYourFavourites(CategoryID)
    /// In the visitor's département.
    case nearYou(departementCode: String)
    /// Placed to give a fair share of the list to a group (`FairExposureGroup`).
    case fairShare(FairExposureGroup)
    /// Nothing above: shown to widen the list (another domain, another territory).
    case widening
    /// The visitor told nothing yet: a first pick from every domain.
    case firstPick
}

/// One recommendation, with its place, its work and its reason.
public struct ForYouItem: Sendable {
    public let offer: Offer
    public let venue: Venue?
    public let work: Work?
    public let reason: ForYouReason
    /// The groups the offer belongs to (shown as tags, counted by the exposure report).
    public let groups: Set<FairExposureGroup>
}

/// A candidate offer with what the ranking needs to know of it.
public struct ForYouCandidate: Sendable {
    public let offer: Offer
    public let venue: Venue?
    public let work: Work?
    public let traits: VenueTraits?
    /// The collaborative model's score, and the visitor's offer that contributed most (nil: not from the model).
    public var neighbourScore: (score: Float, because: OfferID)?

    public init(offer: Offer, venue: Venue?, work: Work?, traits: VenueTraits?, neighbourScore: (score: Float, because: OfferID)? = nil) {
        self.offer = offer
        self.venue = venue
        self.work = work
        self.traits = traits
        self.neighbourScore = neighbourScore
    }
}

/// What the ranking knows of the visitor: the profile and the offers they kept or opened (with their places).
public struct ForYouContext: Sendable {
    public var profile: VisitorProfile
    public var history: [(offer: Offer, venue: Venue?)]

    public init(profile: VisitorProfile, history: [(offer: Offer, venue: Venue?)] = []) {
        self.profile = profile
        self.history = history
    }

    /// The categories to look in: the stated interests, then those of the history (most frequent first).
    public var seedCategories: [CategoryID] {
        var counts: [CategoryID: Int] = [:]
        for (offer, _) in history { counts[offer.categoryID, default: 0] += 1 }
        let fromHistory = counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map(\.key)
        var seen = Set<CategoryID>()
        return (profile.interests.sorted() + fromHistory).filter { seen.insert($0).inserted }
    }

    /// The visitor's place: the stated département, else the most frequent one of the history.
    public var departementCode: String? {
        if let stated = profile.departementCode { return stated }
        var counts: [String: Int] = [:]
        for case let (_, venue?) in history { if let code = venue.departementCode { counts[code, default: 0] += 1 } }
        return counts.max { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }?.key
    }
}

/// The visitor-facing list: a relevance blend, then `ExposureReranker` (prefix guarantees for the
/// `FairExposureGroup`s, MMR at the visitor's `Variety`). The blend, each term in [0, 1]:
///
///     relevance = 1.0 · model + 0.6 · category + 0.25 · sector + 0.4 · département + 0.2 · région + 0.05
///
/// where `model` is the collaborative score over the best candidate's, `category` is 1 when the offer's category
/// is one the visitor chose or keeps favourites in, `sector` when only its sector is, and the place terms compare
/// the offer's venue with the visitor's département. The constant keeps every candidate rankable. MMR's
/// similarity is the overlap of category, sector, venue, département and work. Deterministic: no randomness,
/// ties by offer id.
public struct ForYouRanking: Sendable {
    public static let weights = (model: 1.0, category: 0.6, sector: 0.25, departement: 0.4, region: 0.2, base: 0.05)

    public var guaranteed: [FairExposureGroup]

    public init(guaranteed: [FairExposureGroup] = FairExposureGroup.allCases) {
        self.guaranteed = guaranteed
    }

    public func rank(_ candidates: [ForYouCandidate], context: ForYouContext, length: Int) -> [ForYouItem] {
        let seen = Set(context.history.map(\.offer.id))
        // One offer per work (a film in ten cinemas is one recommendation), the history left out.
        var byWork = Set<String>()
        let pool = candidates.sorted { $0.offer.id < $1.offer.id }.filter { candidate in
            !seen.contains(candidate.offer.id) && byWork.insert(SearchDocument.groupKey(candidate.offer)).inserted
        }
        let categories = Set(context.seedCategories)
        let sectors = Set(categories.compactMap { Taxonomy.category($0)?.parentID ?? $0 })
        let departement = context.departementCode
        let region = departement.flatMap(Departement.code)?.regionCode
        let bestModel = pool.compactMap(\.neighbourScore?.score).max() ?? 0

        var relevance: [(item: Int, score: Float)] = []
        var reasons: [ForYouReason] = []
        var facets: [Set<Int>] = []
        var facetCodes: [String: Int] = [:]
        func code(_ value: String) -> Int {
            if let known = facetCodes[value] { return known }
            facetCodes[value] = facetCodes.count
            return facetCodes.count - 1
        }
        for (index, candidate) in pool.enumerated() {
            let w = Self.weights
            let sector = Taxonomy.category(candidate.offer.categoryID)?.parentID ?? candidate.offer.categoryID
            let model = bestModel > 0 ? Double(candidate.neighbourScore?.score ?? 0) / Double(bestModel) : 0
            // A sector chosen as an interest ("cinema") counts every category under it as the visitor's own.
            let inCategory = categories.contains(candidate.offer.categoryID) || categories.contains(sector)
            let inSector = !inCategory && sectors.contains(sector)
            let here = departement != nil && candidate.venue?.departementCode == departement
            let inRegion = !here && region != nil && candidate.venue?.regionCode == region
            let modelTerm = w.model * model
            let categoryTerm = inCategory ? w.category : inSector ? w.sector : 0
            let placeTerm = here ? w.departement : inRegion ? w.region : 0
            relevance.append((index, Float(w.base + modelTerm + categoryTerm + placeTerm)))
            // The reason is the term that weighs most; "near you" only for the département itself.
            var reason: (weight: Double, reason: ForYouReason) = (0, categories.isEmpty && departement == nil ? .firstPick : .widening)
            if let because = candidate.neighbourScore?.because, modelTerm > reason.weight { reason = (modelTerm, .becauseYouLiked(because)) }
            if categoryTerm > reason.weight {
                let stated = context.profile.interests
                let named = stated.contains(candidate.offer.categoryID) ? candidate.offer.categoryID : stated.contains(sector) ? sector : nil
                reason = (categoryTerm, named.map(ForYouReason.yourInterest) ?? .likeYourFavourites(inCategory ? candidate.offer.categoryID : sector))
            }
            if here, let departement, placeTerm > reason.weight { reason = (placeTerm, .nearYou(departementCode: departement)) }
            reasons.append(reason.reason)
            var itemFacets: Set<Int> = [code("c:" + candidate.offer.categoryID.rawValue), code("s:" + sector.rawValue)]
            if let venue = candidate.venue {
                itemFacets.insert(code("v:" + venue.id.rawValue))
                if let place = venue.departementCode { itemFacets.insert(code("d:" + place)) }
            }
            if let work = candidate.offer.workID { itemFacets.insert(code("w:" + work.rawValue)) }
            facets.append(itemFacets)
        }
        let membership = pool.map { candidate in
            Set(FairExposureGroup.allCases.filter { $0.contains(offer: candidate.offer, traits: candidate.traits, work: candidate.work) })
        }
        let guarantees = guaranteed.map { group in
            ExposureReranker.Guarantee(
                name: group.rawValue, members: Set(pool.indices.filter { membership[$0].contains(group) }), minimumShare: group.minimumShare)
        }
        let reranker = ExposureReranker(lambda: context.profile.variety.lambda, guarantees: guarantees, facets: facets)
        return reranker.placements(relevance, length: length).map { placed in
            let candidate = pool[placed.item]
            let reason = placed.owed.map { ForYouReason.fairShare(guaranteed[$0]) } ?? reasons[placed.item]
            return ForYouItem(offer: candidate.offer, venue: candidate.venue, work: candidate.work, reason: reason, groups: membership[placed.item])
        }
    }
}
