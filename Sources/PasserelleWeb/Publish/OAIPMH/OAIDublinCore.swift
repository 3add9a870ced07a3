import PasserelleCore

/// A work as simple Dublin Core (`oai_dc`, the format every OAI-PMH repository must offer): titles and
/// descriptions per language, creators, the DCMI type and the taxonomy's labels, languages, the public page and the
/// registries' identifiers, the licence, and the institution as publisher.
enum OAIDublinCore {
    static let prefix = "oai_dc"
    static let namespace = "http://www.openarchives.org/OAI/2.0/oai_dc/"
    static let schema = "http://www.openarchives.org/OAI/2.0/oai_dc.xsd"

    static func write(_ work: Work, publisher: Institution?, page: String, into xml: inout XMLWriter) {
        xml.element("oai_dc:dc", [
            ("xmlns:oai_dc", namespace), ("xmlns:dc", "http://purl.org/dc/elements/1.1/"),
            ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"), ("xsi:schemaLocation", namespace + " " + schema),
        ]) { xml in
            for language in Language.allCases {
                if let title = work.title.values[language] { xml.element("dc:title", [("xml:lang", language.rawValue)], text: title) }
            }
            for creator in work.creators { xml.element("dc:creator", text: creator) }
            xml.element("dc:type", text: dcmiType(work.categoryID))
            if let category = Taxonomy.category(work.categoryID) {
                for language in [Language.fr, .en] { xml.element("dc:type", [("xml:lang", language.rawValue)], text: category.label(in: language)) }
            }
            for language in Language.allCases {
                if let text = work.description.values[language] { xml.element("dc:description", [("xml:lang", language.rawValue)], text: text) }
            }
            if let publisher { xml.element("dc:publisher", text: publisher.name) }
            for language in work.languages { xml.element("dc:language", text: language) }
            xml.element("dc:identifier", text: page)
            if let isbn = work.identifiers.isbn { xml.element("dc:identifier", text: "urn:isbn:" + isbn) }
            for (label, value) in work.identifiers.labelled where label != "ISBN" { xml.element("dc:identifier", text: label + " " + value) }
            if let license = work.provenance.license { xml.element("dc:rights", text: license) }
        }
    }

    /// The DCMI Type Vocabulary term of a category: the category's own when it differs from its sector's, else the
    /// sector's (a concert is an Event though music is Sound).
    static func dcmiType(_ id: CategoryID) -> String {
        if let type = types[id.rawValue] { return type }
        let sector = Taxonomy.category(id)?.parentID?.rawValue ?? id.rawValue
        return types[sector] ?? "Text"
    }

    private static let types: [String: String] = [
        "live-performance": "Event", "music": "Sound", "cinema": "MovingImage", "books": "Text", "heritage": "PhysicalObject",
        "visual-arts": "Image", "practices": "Event", "digital": "InteractiveResource", "media": "Sound", "festivals": "Event",
        "music.concert": "Event", "music.festival": "Event", "cinema.screening": "Event", "cinema.festival": "Event",
        "books.audiobook": "Sound", "books.literary-event": "Event", "books.library": "Service", "books.festival": "Event",
        "heritage.museum-visit": "Event", "heritage.exhibition": "Event", "heritage.guided-tour": "Event",
        "heritage.online-collection": "Collection", "heritage.archives": "Collection", "visual-arts.photography": "StillImage",
        "visual-arts.design-crafts": "PhysicalObject", "digital.video-game": "Software", "media.press": "Text",
        "media.video": "MovingImage", "media.live-stream": "MovingImage",
    ]
}
