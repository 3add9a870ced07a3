public import PasserelleCore

/// What the search index holds for one offer: its folded text per field, the distinct terms (for typo
/// corrections), and the group it is shown in. Built the same way whichever engine stores it.
public struct SearchDocument: Sendable, Hashable {
    /// Folded, stemmed tokens per field, space-separated.
    public struct Fields: Sendable, Hashable {
        public var title: String
        /// The work's title in every language and its creators.
        public var work: String
        /// The venue's name, town, département and région.
        public var place: String
        /// The offer's description, its first `descriptionTokenLimit` tokens.
        public var description: String

        public init(title: String = "", work: String = "", place: String = "", description: String = "") {
            self.title = title
            self.work = work
            self.place = place
            self.description = description
        }

        /// Every field's tokens, title first.
        public var all: [Substring] {
            [title, work, place, description].flatMap { $0.split(separator: " ") }
        }
    }

    /// Descriptions are long; their first words say what the offer is.
    public static let descriptionTokenLimit = 200

    public let offerID: OfferID
    public let groupKey: String
    public let fields: Fields

    public init(offer: Offer, venue: Venue?, work: Work?) {
        self.init(offer: offer, place: Self.place(venue), work: work)
    }

    /// With the venue's field already folded (`place(_:)`): an import indexes many offers of a few venues.
    public init(offer: Offer, place: String, work: Work?) {
        offerID = offer.id
        groupKey = Self.groupKey(offer)
        fields = Fields(
            title: Self.folded(offer.title.values.values.sorted()),
            work: Self.folded((work?.title.values.values.sorted() ?? []) + (work?.creators ?? [])),
            place: place,
            description: Self.folded(offer.description.values.values.sorted(), limit: Self.descriptionTokenLimit)
        )
    }

    /// The folded place field of an offer at `venue`: its name, town, département and région.
    public static func place(_ venue: Venue?) -> String {
        guard let venue else { return "" }
        var place = [venue.name, venue.address?.city ?? ""]
        if let departement = venue.departementCode.flatMap(Departement.code) { place.append(departement.name) }
        if let region = venue.regionCode.flatMap(Region.code) { place.append(region.name) }
        return folded(place)
    }

    /// One result per work: a film in ten cinemas appears once.
    public static func groupKey(_ offer: Offer) -> String {
        offer.workID.map { "w:" + $0.rawValue } ?? "o:" + offer.id.rawValue
    }

    /// The distinct tokens of the document, for the vocabulary behind typo corrections.
    public var terms: Set<String> { Set(fields.all.map(String.init)) }

    private static func folded(_ texts: [String], limit: Int = .max) -> String {
        var tokens: [String] = []
        var seen = Set<String>()
        for text in texts {
            for token in SearchText.tokens(text) where tokens.count < limit {
                // Translations repeat names; a token counts once per field.
                if seen.insert(token).inserted { tokens.append(token) }
            }
        }
        return tokens.joined(separator: " ")
    }
}
