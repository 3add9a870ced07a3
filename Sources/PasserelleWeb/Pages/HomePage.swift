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
    /// The newest published collections (none: the section is left out).
    var collections: [EditorialCollection] = []
    /// The visitor's recommendations (nil: no visitor yet; then, when `offersForYou`, an invitation to `/for-you`).
    var forYou: ForYouReader.Recommendations? = nil
    var offersForYou = false

    init(upcoming: [Offer], upcomingAreDated: Bool, categoryCounts: [String: Int]?) {
        self.upcoming = upcoming
        self.upcomingAreDated = upcomingAreDated
        self.categoryCounts = categoryCounts
    }

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
                // "Near you" without geolocation or JavaScript: the visitor types a town or a postcode.
                main.element("form", [("action", "/search"), ("method", "get"), ("class", "near-form"), ("aria-label", layout.text(.nearHeading))]) { form in
                    form.void("input", [("type", "hidden"), ("name", "lang"), ("value", layout.language.rawValue)])
                    form.element("label", [("for", "home-place")], text: layout.text(.placeLabel))
                    form.text(" ")
                    form.void("input", [("id", "home-place"), ("name", "place"), ("type", "text"), ("required", "required"),
                                        ("maxlength", String(PlaceDirectory.maximumTextLength)), ("autocomplete", "address-level2")])
                    form.text(" ")
                    form.element("button", [("type", "submit")], text: layout.text(.nearButton))
                }
            }
            if let forYou {
                main.element("h2", text: layout.text(.forYouTitle))
                ForYouList.render(forYou.items, titles: forYou.titles, into: &main, layout: layout, headingLevel: 3)
                main.element("p") { $0.element("a", [("href", layout.link("/for-you"))], text: layout.text(.forYouRecommended)) }
            } else if offersForYou {
                main.element("p") { $0.element("a", [("href", layout.link("/for-you"))], text: layout.text(.forYouInvite)) }
            }
            if !collections.isEmpty {
                main.element("h2", text: layout.text(.collectionsTitle))
                CollectionLinks.render(collections, into: &main, layout: layout, headingLevel: 3)
                main.element("p") { $0.element("a", [("href", layout.link("/collections"))], text: layout.text(.allCollections)) }
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
        HeadingLinkList.render(offers.map { offer in
            let category = Taxonomy.category(offer.categoryID)?.label(in: layout.language) ?? offer.categoryID.rawValue
            var line = "\(category) · \(layout.text(UIStrings.access(offer.access)))"
            if let startsAt = offer.startsAt { line += " · \(Formatting.dateTime(startsAt, layout.language))" }
            return .init(href: layout.link("/offers/\(offer.id.rawValue)"), title: offer.title, fallback: offer.id.rawValue, meta: line)
        }, into: &html, layout: layout, headingLevel: headingLevel)
    }
}

/// Items as a list of linked headings, each with one line under it (offers, collections).
enum HeadingLinkList {
    struct Row {
        let href: String
        let title: LocalizedText
        let fallback: String
        let meta: String
    }

    static func render(_ rows: [Row], into html: inout HTML, layout: PageLayout, headingLevel: Int) {
        html.element("ul", [("class", "offers")]) { list in
            for row in rows {
                list.element("li") { item in
                    let title: (inout HTML) -> Void = { heading in
                        heading.element("a", [("href", row.href)]) { layout.localized(&$0, "span", row.title, fallback: row.fallback) }
                    }
                    switch headingLevel {
                    case 2: item.element("h2", [], title)
                    case 3: item.element("h3", [], title)
                    default: item.element("h4", [], title)
                    }
                    item.element("p", text: row.meta)
                }
            }
        }
    }
}
