import Foundation
import PasserelleCore

/// A venue with its address, accessibility and offers.
struct VenuePage {
    let venue: Venue
    let offers: [Offer]
    /// The works its institution holds (a museum's collection), first page; nil or empty: the section is left out.
    var works: Page<Work>? = nil
    /// The départements' outlines, for the locator map (empty: no map).
    let departements: [MapRegion]
    /// The venue as schema.org JSON-LD, embedded in the page's head.
    var structuredData: JSONValue? = nil

    func render(_ layout: PageLayout) -> String {
        let language = layout.language
        let calendar = "/venues/\(venue.id.rawValue)/calendar.ics"
        let feed = "/institutions/\(venue.institutionID.rawValue)/feed.rss"
        let head = PageLayout.HeadExtras(structuredData: structuredData, alternates: [
            .init(type: "text/calendar", href: calendar, title: layout.text(.venueCalendar)),
            .init(type: "application/rss+xml", href: feed, title: layout.text(.institutionFeed)),
        ])
        return layout.render(title: venue.name, head: head) { main in
            main.element("h1", text: venue.name)
            if !venue.description.isEmpty { layout.localized(&main, "p", venue.description) }
            main.element("dl") { list in
                list.element("dt", text: layout.text(.kind))
                list.element("dd", text: layout.text(UIStrings.kind(venue.kind)))
                if let address = venue.address {
                    list.element("dt", text: layout.text(.address))
                    list.element("dd", text: [address.street, [address.postalCode, address.city].compactMap { $0 }.joined(separator: " ")]
                        .compactMap { $0 }.joined(separator: ", "))
                }
                let territory = [
                    venue.departementCode.flatMap(Departement.code).map { "\($0.name) (\($0.id))" },
                    venue.regionCode.flatMap(Region.code)?.name,
                ].compactMap { $0 }
                if !territory.isEmpty {
                    list.element("dt", text: layout.text(.territory))
                    list.element("dd", text: territory.joined(separator: " · "))
                }
                if let website = venue.website, ["http", "https"].contains(website.scheme?.lowercased() ?? "") {
                    list.element("dt", text: layout.text(.website))
                    list.element("dd") { $0.element("a", [("href", website.absoluteString), ("rel", "noopener")], text: website.host ?? website.absoluteString) }
                }
            }
            VenueLocator.render(venue, departements: departements, layout: layout, into: &main)
            main.element("h2", text: layout.text(.accessibilityHeading))
            if venue.accessibility.isEmpty {
                main.element("p", text: layout.text(.accessibilityNone))
            } else {
                main.element("ul") { list in
                    for feature in AccessibilityFeature.allCases where venue.accessibility.contains(feature) {
                        list.element("li", text: UIStrings.text(UIStrings.feature(feature), language))
                    }
                }
            }
            if let works, !works.items.isEmpty {
                main.element("h2", text: layout.text(.collectionWorks))
                main.element("p", text: layout.counted(.worksCount, one: .worksCountOne, works.total))
                WorkLinks.render(works.items, into: &main, layout: layout, headingLevel: 3)
                if works.total > works.items.count {
                    main.element("p") { $0.element("a", [("href", layout.link("/works") + "&institution=\(venue.institutionID.rawValue)")], text: layout.text(.allWorks)) }
                }
            }
            main.element("h2", text: layout.text(.offersAtVenue))
            OfferList.render(offers, into: &main, layout: layout, headingLevel: 3)
            if !offers.isEmpty {
                main.element("p") { $0.element("a", [("href", layout.link("/search") + "&venue=\(venue.id.rawValue)")], text: layout.text(.allOffersAtVenue)) }
            }
            // Feeds a calendar app or a feed reader subscribes to, with their format named in the link text.
            main.element("ul", [("class", "feeds")]) { list in
                list.element("li") { $0.element("a", [("href", calendar), ("type", "text/calendar")], text: layout.text(.venueCalendar)) }
                list.element("li") { $0.element("a", [("href", feed), ("type", "application/rss+xml")], text: layout.text(.institutionFeed)) }
            }
        }
    }
}
