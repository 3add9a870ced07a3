/// What the catalogue knows of a venue's size and setting, for fair exposure. Both figures come from public
/// statistics (the ministry's museum attendance, the commune's population), not from the venue's own offers.
public struct VenueTraits: Sendable, Hashable, Codable {
    /// Paying and free visits of the latest year published (nil: not published for this venue).
    public var annualAttendance: Int?
    /// The population of the venue's commune (nil: not known).
    public var communePopulation: Int?

    public init(annualAttendance: Int? = nil, communePopulation: Int? = nil) {
        self.annualAttendance = annualAttendance
        self.communePopulation = communePopulation
    }
}
