public import Foundation

/// Which offers to list. Every filter is optional; all given filters must hold.
public struct OfferQuery: Sendable, Hashable {
    /// Whether to match offers reachable online, on site, or both ways. A hybrid offer matches both.
    public enum AccessFilter: String, Sendable, Hashable, CaseIterable {
        case online, onSite = "on-site"
    }

    /// Category ids to match, already expanded (a sector's id brings its categories: `Taxonomy.expand`).
    public var categoryIDs: [CategoryID] = []
    public var communeCode: String?
    public var departementCode: String?
    public var regionCode: String?
    /// Offers that are still running at or after this instant. Offers without dates never match a date filter.
    public var from: Date?
    /// Offers that have started by this instant. Offers without dates never match a date filter.
    public var to: Date?
    public var access: AccessFilter?
    /// An ISO 639 code the offer must be given in.
    public var language: String?
    public var institutionID: InstitutionID?
    public var venueID: VenueID?
    public var workID: WorkID?
    /// Withdrawn offers are hidden from the public; an institution may list its own.
    public var includeWithdrawn = false

    public init() {}
}

/// Which venues to list.
public struct VenueQuery: Sendable, Hashable {
    public var kind: VenueKind?
    public var communeCode: String?
    public var departementCode: String?
    public var regionCode: String?
    public var institutionID: InstitutionID?
    public var includeWithdrawn = false

    public init() {}
}

/// Which works to list (a museum's collection, a sector's works).
public struct WorkQuery: Sendable, Hashable {
    public var institutionID: InstitutionID?
    /// Category ids to match, already expanded (`Taxonomy.expand`).
    public var categoryIDs: [CategoryID] = []
    public var includeWithdrawn = false

    public init(institutionID: InstitutionID? = nil, categoryIDs: [CategoryID] = []) {
        self.institutionID = institutionID
        self.categoryIDs = categoryIDs
    }
}

/// How many records of each kind the catalogue holds (active ones).
public struct CatalogueCounts: Sendable, Hashable, Codable {
    public var institutions: Int
    public var venues: Int
    public var works: Int
    public var offers: Int
    public var stocks: Int

    public init(institutions: Int = 0, venues: Int = 0, works: Int = 0, offers: Int = 0, stocks: Int = 0) {
        self.institutions = institutions
        self.venues = venues
        self.works = works
        self.offers = offers
        self.stocks = stocks
    }
}
