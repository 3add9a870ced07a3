public import PasserelleCore

/// A whole catalogue in memory, ready to be written to a store: what the demo and the benchmarks start from.
public struct DemoCatalogue: Sendable, Hashable {
    /// Institutions, museums first, then the sources standing for files without owners.
    public var institutions: [Institution]
    /// Physical places: museums, festivals, cinemas.
    public var venues: [Venue]
    /// Works, each owned by an institution of the catalogue.
    public var works: [Work]
    /// Offers, on site (with a venue) or online (with a URL).
    public var offers: [Offer]
    /// Bookable stocks (the real sources publish none; the generated catalogue has some).
    public var stocks: [Stock]
    /// One report per source file read (empty for a generated catalogue).
    public var reports: [ImportReport]
    /// Where the data came from, in words the demo can show ("real open data from …", "generated …").
    public var origin: String
    /// Public size and setting figures of venues (attendance, commune population), for fair exposure.
    public var venueTraits: [VenueID: VenueTraits] = [:]
    /// What the loader did across files (one line each), for the demo's report.
    public var notes: [String] = []

    /// A catalogue from its parts.
    public init(
        institutions: [Institution] = [], venues: [Venue] = [], works: [Work] = [], offers: [Offer] = [],
        stocks: [Stock] = [], reports: [ImportReport] = [], origin: String
    ) {
        self.institutions = institutions
        self.venues = venues
        self.works = works
        self.offers = offers
        self.stocks = stocks
        self.reports = reports
        self.origin = origin
    }

    /// How many records of each kind the catalogue holds.
    public var counts: CatalogueCounts {
        CatalogueCounts(
            institutions: institutions.count, venues: venues.count, works: works.count, offers: offers.count,
            stocks: stocks.count
        )
    }

    /// Appends another catalogue's records and reports (the loader assembles one catalogue per source).
    mutating func append(_ other: DemoCatalogue) {
        institutions += other.institutions
        venues += other.venues
        works += other.works
        offers += other.offers
        stocks += other.stocks
        reports += other.reports
    }
}
