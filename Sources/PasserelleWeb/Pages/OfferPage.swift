import Foundation
import PasserelleCore
import PasserelleDiscovery

/// An offer with its venue, work and active stocks.
struct OfferPage {
    let offer: Offer
    let venue: Venue?
    let work: Work?
    let stocks: [Stock]
    /// The institution that publishes the offer (named, so an online resource says whose it is).
    var publisher: Institution? = nil
    /// The dataset it was imported from, by name (nil: written through the API, or a source without a credit).
    var sourceTitle: String? = nil
    /// Other offers chosen to widen what the visitor sees, each with its reason (`SeeAlso`).
    var seeAlso: [SeeAlso.Suggestion] = []
    /// Whether the visitor keeps this offer as a favourite (nil: favourites are not served).
    var isFavourite: Bool? = nil
    /// Whether each stock links to its pass booking page (`/pass/book`).
    var passBooking = false
    /// Places booked per stock through the pass: the table shows what is left.
    var booked: [StockID: Int] = [:]
    /// The offer as schema.org JSON-LD, embedded in the page's head.
    var structuredData: JSONValue? = nil

    func render(_ layout: PageLayout) -> String {
        let language = layout.language
        let title = offer.title.resolved(for: language) ?? offer.id.rawValue
        return layout.render(title: title, head: PageLayout.HeadExtras(structuredData: structuredData)) { main in
            layout.localized(&main, "h1", offer.title, fallback: offer.id.rawValue)
            if !offer.description.isEmpty { layout.localized(&main, "p", offer.description) }
            main.element("dl") { list in
                list.element("dt", text: layout.text(.category))
                list.element("dd", text: Taxonomy.category(offer.categoryID)?.label(in: language) ?? offer.categoryID.rawValue)
                list.element("dt", text: layout.text(.access))
                list.element("dd", text: layout.text(UIStrings.access(offer.access)))
                if let startsAt = offer.startsAt {
                    list.element("dt", text: layout.text(.startsAt))
                    list.element("dd") { $0.element("time", [("datetime", startsAt.ISO8601Format())], text: Formatting.dateTime(startsAt, language)) }
                }
                if let endsAt = offer.endsAt {
                    list.element("dt", text: layout.text(.endsAt))
                    list.element("dd") { $0.element("time", [("datetime", endsAt.ISO8601Format())], text: Formatting.dateTime(endsAt, language)) }
                }
                list.element("dt", text: layout.text(.price))
                list.element("dd", text: Formatting.priceRange(offer.price, language))
                if !offer.languages.isEmpty {
                    list.element("dt", text: layout.text(.languages))
                    list.element("dd", text: Formatting.languageNames(offer.languages, language))
                }
                if let venue {
                    list.element("dt", text: layout.text(.venue))
                    list.element("dd") { dd in
                        dd.element("a", [("href", layout.link("/venues/\(venue.id.rawValue)"))], text: venue.name)
                        if let city = venue.address?.city { dd.text(", \(city)") }
                    }
                }
                if let work {
                    list.element("dt", text: layout.text(.work))
                    list.element("dd") { dd in
                        dd.element("a", [("href", layout.link("/works/\(work.id.rawValue)"))]) { layout.localized(&$0, "span", work.title) }
                        if !work.creators.isEmpty { dd.text(" — \(work.creators.joined(separator: ", "))") }
                    }
                }
                if let publisher {
                    list.element("dt", text: layout.text(.publishedBy))
                    list.element("dd", text: publisher.name)
                }
                if let sourceTitle {
                    list.element("dt", text: layout.text(.source))
                    list.element("dd", text: [sourceTitle, offer.provenance.license].compactMap { $0 }.joined(separator: " · "))
                }
            }
            ExternalLinks.render(offer: offer, title: title, into: &main, layout: layout)
            if let isFavourite {
                if isFavourite { main.element("p", text: layout.text(.inFavourites)) }
                FavouriteButton.render(offer: offer, isFavourite: isFavourite, back: "/offers/\(offer.id.rawValue)", into: &main, layout: layout)
            }
            if !stocks.isEmpty { stockTable(&main, layout) }
            if !seeAlso.isEmpty { seeAlsoList(&main, layout) }
        }
    }

    private func seeAlsoList(_ main: inout HTML, _ layout: PageLayout) {
        main.element("h2", text: layout.text(.seeAlsoHeading))
        HeadingLinkList.render(seeAlso.map { suggestion in
            let reason: UIKey = switch suggestion.reason {
            case .nearby: .becauseNearby
            case .otherTerritory: .becauseOtherTerritory
            case .otherDomain: .becauseOtherDomain
            }
            let place = suggestion.venue.map { venue in [venue.name, venue.address?.city].compactMap { $0 }.joined(separator: ", ") }
            let meta = [layout.text(reason), place].compactMap { $0 }.joined(separator: " · ")
            return .init(href: layout.link("/offers/\(suggestion.offer.id.rawValue)"), title: suggestion.offer.title,
                         fallback: suggestion.offer.id.rawValue, meta: meta)
        }, into: &main, layout: layout, headingLevel: 3)
    }

    private func stockTable(_ main: inout HTML, _ layout: PageLayout) {
        main.element("h2", text: layout.text(.stocksHeading))
        main.element("table") { table in
            table.element("thead") { head in
                head.element("tr") { row in
                    row.element("th", [("scope", "col")], text: layout.text(.stockDate))
                    row.element("th", [("scope", "col")], text: layout.text(.stockPrice))
                    row.element("th", [("scope", "col")], text: layout.text(.stockQuantity))
                    if passBooking { row.element("th", [("scope", "col")], text: layout.text(.navPass)) }
                }
            }
            table.element("tbody") { body in
                for stock in stocks {
                    body.element("tr") { row in
                        row.element("td", text: stock.beginsAt.map { Formatting.dateTime($0, layout.language) } ?? layout.text(.undated))
                        row.element("td", text: Formatting.price(cents: stock.priceCents, layout.language))
                        let left = stock.quantity.map { max(0, $0 - (booked[stock.id] ?? 0)) }
                        row.element("td", text: left.map(String.init) ?? layout.text(.unlimited))
                        if passBooking {
                            row.element("td") { cell in
                                if left == 0 {
                                    cell.text(layout.text(.passSoldOut))
                                } else {
                                    cell.element("a", [("href", layout.link("/pass/book?stock=\(stock.id.rawValue)"))], text: layout.text(.passBookTitle))
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Links that leave the site, labelled with the offer's title and marked as external in words.
enum ExternalLinks {
    static func render(offer: Offer, title: String, into html: inout HTML, layout: PageLayout) {
        let links = [(offer.onlineURL, UIKey.openOnline), (offer.bookingURL, UIKey.book)].compactMap { url, key in
            // Only web links: a stored `javascript:` or `data:` URL from an import must never become a link.
            url.flatMap { ["http", "https"].contains($0.scheme?.lowercased() ?? "") ? ($0, key) : nil }
        }
        guard !links.isEmpty else { return }
        html.element("ul") { list in
            for (url, key) in links {
                list.element("li") { item in
                    item.element("a", [("href", url.absoluteString), ("rel", "noopener")]) { link in
                        link.text(layout.text(key))
                        link.element("span", [("class", "visually-hidden")], text: " – \(title) (\(layout.text(.opensExternalSite)))")
                    }
                }
            }
        }
    }
}
