import Foundation
import PasserelleCore

/// Offers, venues and works as schema.org JSON-LD, for search engines and aggregators: embedded in each page and
/// served alone at `/api/v1/…/{id}/jsonld`. Every `@id` and `url` is absolute on the site's public origin, so a
/// harvester that stores the document alone still knows what it describes. Texts carry their language
/// (`{"@value", "@language"}`), one value per language the record has.
struct SchemaOrgDocument {
    /// `https://passerelle.example` (no trailing slash).
    let origin: String

    func offer(_ offer: Offer, venue: Venue?, work: Work?, stocks: [Stock], publisher: Institution?) -> JSONValue {
        var node: [String: JSONValue] = [
            "@context": "https://schema.org",
            "@id": .string(page("/offers/\(offer.id.rawValue)")),
            "url": .string(page("/offers/\(offer.id.rawValue)")),
            "identifier": .string(offer.id.rawValue),
            "name": texts(offer.title, fallback: offer.id.rawValue),
            "additionalType": .string(SchemaOrgVocabulary.additionalType(for: offer.categoryID)),
        ]
        if !offer.description.isEmpty { node["description"] = texts(offer.description) }
        if !offer.languages.isEmpty { node["inLanguage"] = .array(offer.languages.map { .string($0) }) }
        if let publisher { node[offer.startsAt == nil ? "publisher" : "organizer"] = organization(publisher) }
        let dates = stocks.compactMap(\.beginsAt).sorted()
        if let startsAt = offer.startsAt ?? dates.first {
            node["@type"] = .string(SchemaOrgVocabulary.eventType(for: offer.categoryID))
            node["startDate"] = .string(startsAt.ISO8601Format())
            if let endsAt = offer.endsAt { node["endDate"] = .string(endsAt.ISO8601Format()) }
            node["eventStatus"] = member(offer.status == .active ? "EventScheduled" : "EventCancelled")
            node["eventAttendanceMode"] = member(attendanceMode(offer.access))
            var locations: [JSONValue] = []
            if let venue, offer.access != .online { locations.append(place(venue, embedded: true)) }
            if let url = offer.onlineURL, offer.access != .onSite { locations.append(["@type": "VirtualLocation", "url": .string(url.absoluteString)]) }
            if locations.count == 1 { node["location"] = locations[0] } else if !locations.isEmpty { node["location"] = .array(locations) }
            // A series: each dated stock is a sub-event a calendar can show apart.
            if dates.count > 1 {
                node["subEvent"] = .array(dates.prefix(Self.maximumSubEvents).map { date in
                    ["@type": .string(SchemaOrgVocabulary.eventType(for: offer.categoryID)), "startDate": .string(date.ISO8601Format()),
                     "name": texts(offer.title, fallback: offer.id.rawValue)]
                })
            }
            if let work { node[offer.categoryID.rawValue.hasPrefix("cinema.") ? "workPresented" : "workFeatured"] = workReference(work) }
        } else {
            let episode = work != nil
            node["@type"] = .string(SchemaOrgVocabulary.creativeWorkType(for: offer.categoryID, episode: episode))
            if let url = offer.onlineURL { node["sameAs"] = .string(url.absoluteString) }
            if let work { node[episode && offer.categoryID.rawValue == "media.podcast" ? "partOfSeries" : "isPartOf"] = workReference(work) }
        }
        if let offers = offers(offer, stocks) { node["offers"] = offers }
        return .object(node)
    }

    func venue(_ venue: Venue) -> JSONValue {
        guard case .object(var node) = place(venue, embedded: false) else { return .null }
        node["@context"] = "https://schema.org"
        return .object(node)
    }

    func work(_ work: Work) -> JSONValue {
        var node: [String: JSONValue] = [
            "@context": "https://schema.org", "@type": .string(SchemaOrgVocabulary.creativeWorkType(for: work.categoryID)),
            "@id": .string(page("/works/\(work.id.rawValue)")), "url": .string(page("/works/\(work.id.rawValue)")),
            "identifier": .string(work.id.rawValue), "name": texts(work.title, fallback: work.id.rawValue),
        ]
        if !work.description.isEmpty { node["description"] = texts(work.description) }
        if !work.creators.isEmpty { node["creator"] = .array(work.creators.map { ["@type": "Person", "name": .string($0)] }) }
        if !work.languages.isEmpty { node["inLanguage"] = .array(work.languages.map { .string($0) }) }
        if let country = work.countryOfOrigin { node["countryOfOrigin"] = ["@type": "Country", "name": .string(country)] }
        if let isbn = work.identifiers.isbn, node["@type"] == "Book" { node["isbn"] = .string(isbn) }
        let identifiers = propertyValues(work.identifiers)
        if !identifiers.isEmpty { node["identifier"] = .array([.string(work.id.rawValue)] + identifiers) }
        return .object(node)
    }

    /// Sub-events listed for a series; its full calendar is the venue's iCalendar feed.
    static let maximumSubEvents = 100

    // MARK: - Parts

    private func page(_ path: String) -> String { origin + path }

    /// A member of a schema.org enumeration (`EventScheduled`, `InStock`) as the IRI it is, not as text: readers
    /// that expand the document (and the schema.org shapes) see a node of the enumeration, not a string.
    private func member(_ name: String) -> JSONValue { ["@id": .string("https://schema.org/" + name)] }

    private func texts(_ text: LocalizedText, fallback: String = "") -> JSONValue {
        let values = Language.allCases.compactMap { language in
            text[language].map { JSONValue.object(["@value": .string($0), "@language": .string(language.rawValue)]) }
        }
        if values.isEmpty { return .string(fallback) }
        return values.count == 1 ? values[0] : .array(values)
    }

    private func organization(_ institution: Institution) -> JSONValue {
        var node: [String: JSONValue] = ["@type": "Organization", "name": .string(institution.name)]
        if let website = institution.website { node["url"] = .string(website.absoluteString) }
        return .object(node)
    }

    private func place(_ venue: Venue, embedded: Bool) -> JSONValue {
        var node: [String: JSONValue] = [
            "@type": .string(SchemaOrgVocabulary.placeType(for: venue.kind)),
            "@id": .string(page("/venues/\(venue.id.rawValue)")), "name": .string(venue.name),
        ]
        if !embedded {
            node["url"] = .string(page("/venues/\(venue.id.rawValue)"))
            node["identifier"] = .string(venue.id.rawValue)
            if !venue.description.isEmpty { node["description"] = texts(venue.description) }
            if let website = venue.website { node["sameAs"] = .string(website.absoluteString) }
        }
        if let address = venue.address {
            var postal: [String: JSONValue] = ["@type": "PostalAddress", "addressLocality": .string(address.city), "addressCountry": "FR"]
            if let street = address.street { postal["streetAddress"] = .string(street) }
            if let code = address.postalCode { postal["postalCode"] = .string(code) }
            node["address"] = .object(postal)
        }
        if let point = venue.coordinates {
            node["geo"] = ["@type": "GeoCoordinates", "latitude": .double(point.latitude), "longitude": .double(point.longitude)]
        }
        return .object(node)
    }

    private func workReference(_ work: Work) -> JSONValue {
        [
            "@type": .string(SchemaOrgVocabulary.creativeWorkType(for: work.categoryID)), "@id": .string(page("/works/\(work.id.rawValue)")),
            "name": texts(work.title, fallback: work.id.rawValue),
        ]
    }

    /// The price as one `Offer` (a single price) or an `AggregateOffer` (a range), in euros, with the booking link.
    private func offers(_ offer: Offer, _ stocks: [Stock]) -> JSONValue? {
        guard let price = offer.price ?? stocks.map(\.priceCents).min().map({ PriceRange(minCents: $0, maxCents: stocks.map(\.priceCents).max() ?? $0) })
        else { return nil }
        var node: [String: JSONValue] = ["priceCurrency": "EUR"]
        if price.minCents == price.maxCents {
            node["@type"] = "Offer"
            node["price"] = .string(Self.euros(price.minCents))
        } else {
            node["@type"] = "AggregateOffer"
            node["lowPrice"] = .string(Self.euros(price.minCents))
            node["highPrice"] = .string(Self.euros(price.maxCents))
        }
        if let url = offer.bookingURL ?? offer.onlineURL { node["url"] = .string(url.absoluteString) }
        let soldOut = !stocks.isEmpty && stocks.allSatisfy { $0.quantity == 0 }
        node["availability"] = member(offer.status != .active ? "Discontinued" : soldOut ? "SoldOut" : offer.access == .online ? "OnlineOnly" : "InStock")
        return .object(node)
    }

    /// `1250` cents → `"12.50"`: schema.org prices are plain decimals with a point.
    static func euros(_ cents: Int64) -> String {
        "\(cents / 100)." + String(format: "%02d", Int(cents % 100))
    }

    private func attendanceMode(_ access: OfferAccess) -> String {
        switch access {
        case .onSite: "OfflineEventAttendanceMode"
        case .online: "OnlineEventAttendanceMode"
        case .hybrid: "MixedEventAttendanceMode"
        }
    }

    private func propertyValues(_ identifiers: WorkIdentifiers) -> [JSONValue] {
        identifiers.labelled.map { ["@type": "PropertyValue", "propertyID": .string($0.label), "value": .string($0.value)] }
    }
}

extension WorkIdentifiers {
    /// Each identifier with the name of its registry (`ISBN`, `visa CNC`…, then external ones by source), for
    /// schema.org's PropertyValue and Dublin Core's `dc:identifier`.
    var labelled: [(label: String, value: String)] {
        var pairs: [(label: String, value: String)] = []
        if let isbn { pairs.append(("ISBN", isbn)) }
        if let ean { pairs.append(("EAN", ean)) }
        if let filmVisa { pairs.append(("visa CNC", filmVisa)) }
        if let museofile { pairs.append(("Muséofile", museofile)) }
        if let joconde { pairs.append(("Joconde", joconde)) }
        if let merimee { pairs.append(("Mérimée", merimee)) }
        return pairs + external.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }
}

extension JSONValue {
    /// The JSON text for a `<script type="application/ld+json">` block: `<`, `>` and `&` written as `\u003c`…, so
    /// a title holding `</script>` cannot close the block (JSON readers decode them back).
    func scriptSafeText() throws -> String {
        let data = try JSONCoding.encoder.encode(self)
        var text = ""
        text.reserveCapacity(data.count)
        for scalar in String(decoding: data, as: UTF8.self).unicodeScalars {
            switch scalar {
            case "<": text += "\\u003c"
            case ">": text += "\\u003e"
            case "&": text += "\\u0026"
            default: text.unicodeScalars.append(scalar)
            }
        }
        return text
    }
}
