import PasserelleCore

/// The home page: the taxonomy by sector, then the most recently updated offers.
struct HomePage {
    let sectors: [(sector: PasserelleCore.Category, categories: [PasserelleCore.Category])]
    let recentOffers: [Offer]

    init(recentOffers: [Offer]) {
        self.sectors = Taxonomy.sectors.map { ($0, Taxonomy.children(of: $0.id)) }
        self.recentOffers = recentOffers
    }

    func render(_ layout: PageLayout) -> String {
        layout.render(title: layout.text(.navHome)) { main in
            main.element("h1", text: layout.text(.homeTitle))
            main.element("p", text: layout.text(.tagline))
            main.element("h2", text: layout.text(.recentOffersHeading))
            OfferList.render(recentOffers, into: &main, layout: layout, headingLevel: 3)
            main.element("h2", text: layout.text(.categoriesHeading))
            for (sector, categories) in sectors {
                main.element("h3", text: sector.label(in: layout.language))
                main.element("ul") { list in
                    for category in categories { list.element("li", text: category.label(in: layout.language)) }
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
