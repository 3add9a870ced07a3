/// The schema.org types that name the catalogue's categories and venue kinds, in both directions, so that what an
/// importer reads (`MusicEvent` → `music.concert`) and what the site publishes (`music.concert` → `MusicEvent`)
/// agree. Types are short names of the `https://schema.org/` vocabulary.
public enum SchemaOrgVocabulary {
    /// The event types an importer reads as a category. Several types may give one category.
    public static let eventCategories: [String: CategoryID] = [
        "MusicEvent": "music.concert", "TheaterEvent": "live-performance.theatre", "DanceEvent": "live-performance.dance",
        "ComedyEvent": "live-performance.comedy", "ScreeningEvent": "cinema.screening", "ExhibitionEvent": "heritage.exhibition",
        "VisualArtsEvent": "visual-arts.contemporary", "LiteraryEvent": "books.literary-event", "Festival": "festivals.multidisciplinary",
        "EducationEvent": "practices.course", "CourseInstance": "practices.course", "ChildrensEvent": "practices.workshop",
    ].mapValues { CategoryID(trusted: $0) }

    /// The exact category of a published offer, as its `additionalType`: schema.org's types name only some of the
    /// taxonomy's 48 categories, and a reader that knows this vocabulary (another Passerelle, this one reading its
    /// own feed back) recovers the rest.
    public static func additionalType(for category: CategoryID) -> String { categoryURNPrefix + category.rawValue }

    /// The category an `additionalType` value names, when it is one of the taxonomy's.
    public static func category(fromAdditionalType value: String) -> CategoryID? {
        guard value.hasPrefix(categoryURNPrefix) else { return nil }
        let id = CategoryID(trusted: String(value.dropFirst(categoryURNPrefix.count)))
        return Taxonomy.category(id) == nil ? nil : id
    }

    static let categoryURNPrefix = "urn:passerelle:category:"

    /// The event type a dated offer of `category` is published as: the most precise one its category or sector
    /// has, `Event` otherwise.
    public static func eventType(for category: CategoryID) -> String {
        let id = category.rawValue
        if id.hasSuffix(".festival") || id.hasPrefix("festivals.") { return "Festival" }
        switch id {
        case "live-performance.dance": return "DanceEvent"
        case "live-performance.comedy": return "ComedyEvent"
        case "live-performance.opera": return "MusicEvent"
        case "heritage.exhibition": return "ExhibitionEvent"
        case "media.live-stream", "media.radio": return "BroadcastEvent"
        default: break
        }
        switch sector(category) {
        case "music": return "MusicEvent"
        case "live-performance": return "TheaterEvent"
        case "cinema": return "ScreeningEvent"
        case "visual-arts": return "VisualArtsEvent"
        case "books": return "LiteraryEvent"
        case "practices": return "EducationEvent"
        default: return "Event"
        }
    }

    /// The creative-work type of a work (and of an undated offer: a book, a podcast episode) of `category`.
    public static func creativeWorkType(for category: CategoryID, episode: Bool = false) -> String {
        switch category.rawValue {
        case "books.print", "books.ebook", "books.comics": return "Book"
        case "books.audiobook": return "Audiobook"
        case "media.podcast": return episode ? "PodcastEpisode" : "PodcastSeries"
        case "media.video", "cinema.online": return episode ? "VideoObject" : "Movie"
        case "music.recording": return "MusicRecording"
        case "digital.video-game": return "VideoGame"
        case "heritage.collection-object": return "VisualArtwork"
        case "heritage.archives": return "ArchiveComponent"
        default: return sector(category) == "cinema" ? "Movie" : "CreativeWork"
        }
    }

    /// `music` for `music.concert` and for `music` itself.
    private static func sector(_ category: CategoryID) -> String {
        String(category.rawValue.prefix { $0 != "." })
    }

    /// The place type a venue of `kind` is published as.
    public static func placeType(for kind: VenueKind) -> String {
        switch kind {
        case .museum: "Museum"
        case .theatre: "PerformingArtsTheater"
        case .cinema: "MovieTheater"
        case .library: "Library"
        case .concertHall: "MusicVenue"
        case .heritageSite: "LandmarksOrHistoricalBuildings"
        case .archive: "ArchiveOrganization"
        case .artCentre: "ArtGallery"
        case .bookshop: "BookStore"
        case .festival, .other: "Place"
        }
    }
}
