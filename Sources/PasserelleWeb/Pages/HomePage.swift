import PasserelleCore
import PasserelleDiscovery

/// The home page: the search box's shortcuts (this weekend, free, online), what comes up soonest, then every
/// category that holds offers, each a link to its results with its count.
struct HomePage {
    let upcoming: [Offer]
    /// True when `upcoming` are dated offers ahead; false when nothing is dated ahead and they are simply the first.
    let upcomingAreDated: Bool
    /// Active offers per category id; nil when the site has no search index (then categories are plain text).
    let categoryCounts: [String: Int]?

    func render(_ layout: PageLayout) -> String {
        layout.render(title: layout.text(.navHome)) { main in
            main.element("h1", text: layout.text(.homeTitle))
            main.element("p", text: layout.text(.tagline))
            if categoryCounts != nil {
                main.element("h2", text: layout.text(.findHeading))
                main.element("ul", [("class", "tags")]) { list in
                    let shortcuts: [(String, UIKey)] = [
                        ("when=weekend", .whenWeekend), ("when=today", .whenToday), ("free=true", .freeOnly), ("access=online", .browseOnline),
                    ]
                    for (query, key) in shortcuts {
                        list.element("li") { $0.element("a", [("href", layout.link("/search") + "&" + query)], text: layout.text(key)) }
                    }
                }
            }
            main.element("h2", text: layout.text(upcomingAreDated ? .upcomingHeading : .discoverHeading))
            OfferList.render(upcoming, into: &main, layout: layout, headingLevel: 3)
            main.element("p") { $0.element("a", [("href", layout.link("/search"))], text: layout.text(.allResults)) }
            main.element("h2", text: layout.text(.categoriesHeading))
            for sector in Taxonomy.sectors {
                let categories = Taxonomy.children(of: sector.id).filter { categoryCounts == nil || (categoryCounts?[$0.id.rawValue] ?? 0) > 0 }
                guard !categories.isEmpty else { continue }
                main.element("h3") { heading in
                    if categoryCounts != nil {
                        heading.element("a", [("href", layout.link("/search") + "&category=\(sector.id.rawValue)")], text: sector.label(in: layout.language))
                    } else {
                        heading.text(sector.label(in: layout.language))
                    }
                }
                main.element("ul") { list in
                    for category in categories {
                        let label = category.label(in: layout.language)
                        guard let count = categoryCounts?[category.id.rawValue] else {
                            list.element("li", text: label)
                            continue
                        }
                        list.element("li") { item in
                            item.element("a", [("href", layout.link("/search") + "&category=\(category.id.rawValue)")], text: label)
                            item.text(" (\(Formatting.integer(Int64(count), layout.language)))")
                        }
                    }
                }
            }
        }
    }
}

/// A list of offers as links with their category and access, shared by the home and venue pages.
enum OfferList {
    static func render(_ offers: [Offer], into html: inout HTML, layout: PageLayout, headingLevel: Int) {
        guard !offers.isEmpty else {
            html.element("p", text: layout.text(.noOffers))
            return
        }
        html.element("ul", [("class", "offers")]) { list in
            for offer in offers {
                list.element("li") { item in
                    let title: (inout HTML) -> Void = { heading in
                        heading.element("a", [("href", layout.link("/offers/\(offer.id.rawValue)"))]) { link in
                            let lang = offer.title.resolvedLanguage(for: layout.language).flatMap { $0 == layout.language ? nil : $0.rawValue }
                            link.element("span", [("lang", lang)], text: offer.title.resolved(for: layout.language) ?? offer.id.rawValue)
                        }
                    }
                    if headingLevel == 3 { item.element("h3", [], title) } else { item.element("h4", [], title) }
                    let category = Taxonomy.category(offer.categoryID)?.label(in: layout.language) ?? offer.categoryID.rawValue
                    let access = layout.text(UIStrings.access(offer.access))
                    var line = "\(category) · \(access)"
                    if let startsAt = offer.startsAt { line += " · \(Formatting.dateTime(startsAt, layout.language))" }
                    item.element("p", text: line)
                }
            }
        }
    }
}
