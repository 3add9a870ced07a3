import PasserelleCore

/// What OpenAgenda's free keywords and accessibility codes mean in the catalogue.
enum OpenAgendaKeywords {
    /// Keywords (folded: lowercase, no accents, punctuation as spaces) that name one category without doubt. A
    /// keyword is matched whole: `Exposition` maps, `DeFunes Exposition Archives` does not. Vague ones (`arts`,
    /// `culture`, `numérique`, `rencontre`, `patrimoine` alone for a walk) are left out on purpose: an event they
    /// describe takes the default category instead of a wrong one.
    static let categories: [String: String] = {
        let groups: [String: [String]] = [
            "music.concert": ["concert", "concerts", "musique", "music", "jazz", "rap", "hip hop", "hiphop", "musique classique", "chanson", "chanson francaise", "recital"],
            "music.festival": ["festival de musique", "music festival"],
            "live-performance.theatre": ["theatre", "theater", "piece de theatre"],
            "live-performance.dance": ["danse", "dance", "ballet"],
            "live-performance.circus-street-arts": ["cirque", "circus", "arts de la rue", "art de la rue"],
            "live-performance.opera": ["opera", "art lyrique"],
            "live-performance.comedy": ["humour", "cabaret", "stand up", "comedy"],
            "live-performance.puppetry": ["marionnettes", "marionnette", "puppetry"],
            "live-performance": ["spectacle", "spectacle vivant", "spectacles"],
            "cinema.screening": ["cinema", "film", "films", "projection", "court metrage", "courts metrages", "documentaire", "ciné débat", "cine debat"],
            "cinema": ["audiovisuel"],
            "cinema.festival": ["festival de cinema", "festival du film", "film festival"],
            "heritage.exhibition": ["exposition", "expositions", "expo", "exhibition", "vernissage"],
            "heritage.guided-tour": ["visite guidee", "visites guidees", "visite", "visites", "guided tour"],
            "heritage.museum-visit": ["musee", "musees", "museum"],
            "heritage.monument": ["monument", "monuments historiques", "journees europeennes du patrimoine"],
            "heritage": ["patrimoine", "heritage"],
            "books.literary-event": ["lecture", "lectures", "litterature", "livre", "livres", "salon du livre", "rencontre litteraire", "poesie", "dedicace"],
            "books.comics": ["bd", "bande dessinee", "bandes dessinees", "manga"],
            "books.library": ["bibliotheque", "mediatheque"],
            "visual-arts.photography": ["photographie", "photo", "photography"],
            "visual-arts.contemporary": ["art contemporain", "arts plastiques", "peinture", "sculpture", "street art"],
            "visual-arts.design-crafts": ["design", "artisanat d art", "metiers d art"],
            "practices.workshop": ["atelier", "ateliers", "workshop"],
            "practices.course": ["cours", "stage", "masterclass"],
            "practices.talk": ["conference", "conferences", "debat", "table ronde", "talk"],
            "digital.video-game": ["jeu video", "jeux video", "esport", "video game"],
            "digital.immersive": ["realite virtuelle", "immersif"],
            "festivals.multidisciplinary": ["festival", "festivals"],
        ]
        var table: [String: String] = [:]
        for (category, keywords) in groups {
            precondition(Taxonomy.category(CategoryID(trusted: category)) != nil, "\(category) is not in the taxonomy")
            for keyword in keywords { table[Clean.foldKey(keyword)] = category }
        }
        return table
    }()

    /// The category of the first keyword that names one.
    static func category(_ keywords: [String]) -> CategoryID? {
        keywords.lazy.compactMap { categories[Clean.foldKey($0)] }.first.map(CategoryID.init(trusted:))
    }

    /// OpenAgenda's accessibility codes in the "Tourisme & Handicap" families of the catalogue; psychic and
    /// intellectual impairments both fall in the cognitive (mental) family.
    static let accessibility: [String: AccessibilityFeature] = ["mi": .motor, "hi": .hearing, "vi": .visual, "pi": .cognitive, "ii": .cognitive]
}
