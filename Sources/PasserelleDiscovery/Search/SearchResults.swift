public import PasserelleCore

/// A count that stays cheap at any scale: exact up to a bound, then "more than" the bound.
public enum BoundedCount: Sendable, Hashable {
    case exact(Int)
    case moreThan(Int)

    /// Counts `found` rows read with a limit of `bound + 1`.
    public init(found: Int, bound: Int) {
        self = found > bound ? .moreThan(bound) : .exact(found)
    }

    public var value: Int {
        switch self {
        case .exact(let count), .moreThan(let count): count
        }
    }

    public var isExact: Bool {
        if case .exact = self { return true }
        return false
    }
}

/// One value of a facet with the number of matching offers that have it.
public struct FacetValue: Sendable, Hashable {
    public let value: String
    public let count: Int

    public init(value: String, count: Int) {
        self.value = value
        self.count = count
    }
}

/// Counts of the matching offers by category, sector, région, access and price, for the filters beside the
/// results. They are counted over the same bounded set as `SearchResults.total`, so they are exact when it is.
public struct SearchFacets: Sendable, Hashable {
    public var categories: [FacetValue] = []
    public var sectors: [FacetValue] = []
    public var regions: [FacetValue] = []
    public var access: [FacetValue] = []
    /// Offers known to be free.
    public var free = 0

    public init() {}

    /// Sectors summed from category counts, each sorted by count then value.
    public init(categoryCounts: [String: Int], regionCounts: [String: Int], accessCounts: [String: Int], free: Int) {
        var sectors: [String: Int] = [:]
        for (category, count) in categoryCounts {
            if let parent = Taxonomy.category(CategoryID(category) ?? CategoryID("other")!)?.parentID {
                sectors[parent.rawValue, default: 0] += count
            }
        }
        self.categories = Self.sorted(categoryCounts)
        self.sectors = Self.sorted(sectors)
        self.regions = Self.sorted(regionCounts)
        self.access = Self.sorted(accessCounts)
        self.free = free
    }

    static func sorted(_ counts: [String: Int]) -> [FacetValue] {
        counts.map { FacetValue(value: $0.key, count: $0.value) }
            .sorted { $0.count != $1.count ? $0.count > $1.count : $0.value < $1.value }
    }
}

/// One result: a work with the offers that show it, or a single offer.
public struct SearchResultGroup: Sendable {
    public let key: String
    public let score: Double
    public let work: Work?
    /// The group's first offers in date order (at most `SearchResults.offersPerGroup`).
    public let offers: [Offer]
    /// Venues of those offers, by id.
    public let venues: [VenueID: Venue]
    /// How many matching offers the group holds in all.
    public let offerCount: Int

    public init(key: String, score: Double, work: Work?, offers: [Offer], venues: [VenueID: Venue], offerCount: Int) {
        self.key = key
        self.score = score
        self.work = work
        self.offers = offers
        self.venues = venues
        self.offerCount = offerCount
    }
}

/// A page of search results.
public struct SearchResults: Sendable {
    /// The most offers read and ranked for one query: deeper results need a narrower query.
    public static let candidateBound = 1_000
    public static let offersPerGroup = 5

    public let groups: [SearchResultGroup]
    /// Matching offers (not groups), bounded.
    public let total: BoundedCount
    public let facets: SearchFacets
    /// Where the next page starts; nil on the last page.
    public let nextCursor: SearchCursor?
    /// The query as understood: its terms and the corrections tried for mistyped words.
    public let terms: QueryTerms

    public init(groups: [SearchResultGroup], total: BoundedCount, facets: SearchFacets, nextCursor: SearchCursor?, terms: QueryTerms) {
        self.groups = groups
        self.total = total
        self.facets = facets
        self.nextCursor = nextCursor
        self.terms = terms
    }
}
