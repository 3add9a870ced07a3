public import PasserelleCore

/// The groups whose visibility the re-ranking guarantees, with their definitions and minimum shares. Every prefix
/// of a recommended list holds at least ⌊share · length⌋ members of each group, as long as the candidates hold
/// enough of them (`ExposureReranker`'s prefix guarantees).
public enum FairExposureGroup: String, Sendable, Hashable, CaseIterable, Codable {
    /// A venue of fewer than `smallVenueAttendance` visits a year.
    case smallVenue = "small-venue"
    /// A venue in a commune of fewer than `ruralPopulation` inhabitants (INSEE's historical threshold of a rural
    /// commune; the density grid needs data the catalogue does not hold).
    case ruralCommune = "rural-commune"
    /// An offer of a work of French or other European origin (Council of Europe, as the AVMS directive counts).
    case europeanWork = "european-work"

    public static let smallVenueAttendance = 10_000
    public static let ruralPopulation = 2_000

    /// The minimum share of every prefix.
    public var minimumShare: Double {
        switch self {
        case .smallVenue: 0.2
        case .ruralCommune: 0.2
        case .europeanWork: 0.3
        }
    }

    /// Whether an offer (with its venue's traits and its work) belongs to the group.
    public func contains(offer: Offer, traits: VenueTraits?, work: Work?) -> Bool {
        switch self {
        case .smallVenue: traits?.annualAttendance.map { $0 < Self.smallVenueAttendance } ?? false
        case .ruralCommune: offer.access != .online && (traits?.communePopulation.map { $0 < Self.ruralPopulation } ?? false)
        case .europeanWork: Countries.isFrenchOrEuropean(work?.countryOfOrigin)
        }
    }
}
