public import Foundation

/// A record of one source found to be an offer another source of the same institution already gave (the same
/// show in a theatre's calendar and in its OpenAgenda): the record is not a second offer, it is merged into the
/// first one. The merged offer keeps its own provenance (the *primary* source); the fields the merged record
/// filled in, because the primary lacked them, are listed in `fields`, so every field's source is known.
public struct OfferMerge: Sendable, Hashable, Codable {
    /// How the record was recognised, strongest first.
    public enum Rule: String, Sendable, Hashable, Codable, CaseIterable {
        /// The works share an identifier (ISBN/EAN, film visa, Joconde, Mérimée, an external id), same start.
        case workIdentifier = "work-identifier"
        /// The same booking or online URL, starts within 12 h, titles sharing a word.
        case url
        /// The same normalised title, starts within `DuplicateIndex.startTolerance`, at the same venue or venues
        /// within `DuplicateIndex.venueDistanceKm` of each other (or both online). The rules live in `DuplicateIndex`
        /// (PasserelleConnectors).
        case titleDateVenue = "title-date-venue"
    }

    /// The id the record would have had as an offer of its own (`ev-…`, a hash of its source and record): the key.
    public var recordOfferID: OfferID
    /// The offer it was merged into.
    public var offerID: OfferID
    public var institutionID: InstitutionID
    /// The merged record's source (a feed's key) and its id there.
    public var source: String
    public var recordID: String?
    public var rule: Rule
    /// The offer's fields this record supplied (`description.en`, `price`, `bookingURL`…), sorted.
    public var fields: [String]
    /// Active while the record is still in its source; withdrawn when a complete read no longer gave it, or gave it
    /// cancelled (the offer stays as its primary source says).
    public var status: RecordStatus
    public var mergedAt: Date
    public var updatedAt: Date

    public init(recordOfferID: OfferID, offerID: OfferID, institutionID: InstitutionID, source: String, recordID: String?, rule: Rule,
                fields: [String], status: RecordStatus = .active, mergedAt: Date, updatedAt: Date) {
        self.recordOfferID = recordOfferID
        self.offerID = offerID
        self.institutionID = institutionID
        self.source = source
        self.recordID = recordID
        self.rule = rule
        self.fields = fields.sorted()
        self.status = status
        self.mergedAt = mergedAt
        self.updatedAt = updatedAt
    }
}

/// One field of an offer that a merged record may supply, with how to tell whether an offer gives it and how to
/// copy it: the one list the merge (`OfferFieldMerge`, in PasserelleConnectors) and the institution's own writes
/// (`CatalogueService`, which takes back the fields it now gives) share.
public struct OfferMergeField: Sendable {
    public let name: String
    public let has: @Sendable (Offer) -> Bool
    /// Sets the field of the first offer to the second's (nil or empty included).
    public let copy: @Sendable (inout Offer, Offer) -> Void

    public static let all: [OfferMergeField] = {
        var fields: [OfferMergeField] = []
        for language in Language.allCases {
            fields.append(OfferMergeField(name: "title.\(language.rawValue)", has: { $0.title[language] != nil }, copy: { $0.title[language] = $1.title[language] }))
        }
        for language in Language.allCases {
            fields.append(OfferMergeField(name: "description.\(language.rawValue)", has: { $0.description[language] != nil },
                                          copy: { $0.description[language] = $1.description[language] }))
        }
        fields.append(OfferMergeField(name: "price", has: { $0.price != nil }, copy: { $0.price = $1.price }))
        fields.append(OfferMergeField(name: "bookingURL", has: { $0.bookingURL != nil }, copy: { $0.bookingURL = $1.bookingURL }))
        fields.append(OfferMergeField(name: "onlineURL", has: { $0.onlineURL != nil }, copy: { $0.onlineURL = $1.onlineURL }))
        fields.append(OfferMergeField(name: "endsAt", has: { $0.endsAt != nil }, copy: { $0.endsAt = $1.endsAt }))
        fields.append(OfferMergeField(name: "languages", has: { !$0.languages.isEmpty }, copy: { $0.languages = $1.languages }))
        fields.append(OfferMergeField(name: "workID", has: { $0.workID != nil }, copy: { $0.workID = $1.workID }))
        return fields
    }()

    /// The names of the fields `offer` gives among `names`.
    public static func given(by offer: Offer, among names: some Sequence<String>) -> Set<String> {
        let wanted = Set(names)
        return Set(all.filter { wanted.contains($0.name) && $0.has(offer) }.map(\.name))
    }
}
