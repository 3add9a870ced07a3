import Foundation
import PasserelleCore
import PasserelleDiscovery

/// `/for-you`: the recommendations with their reasons, the visitor's tastes as a form, their favourites, and
/// the button that erases everything. Without a cookie the list is the same for everyone and nothing is kept.
struct ForYouPage {
    let profile: VisitorProfile
    let hasVisitor: Bool
    let items: [ForYouItem]
    let favourites: [Offer]
    /// Titles of the visitor's offers the reasons name ("because you liked …").
    let titles: [OfferID: LocalizedText]
    var saved = false

    func render(_ layout: PageLayout) -> String {
        layout.render(title: layout.text(.forYouTitle)) { main in
            main.element("h1", text: layout.text(.forYouTitle))
            main.element("p", text: layout.text(.forYouIntro))
            if saved { main.element("p", [("class", "notice"), ("role", "status")], text: layout.text(.tastesSaved)) }
            if !hasVisitor { main.element("p", text: layout.text(.forYouNothingKept)) }
            main.element("h2", text: layout.text(.forYouRecommended))
            ForYouList.render(items, titles: titles, into: &main, layout: layout, headingLevel: 3)
            tastesForm(&main, layout)
            main.element("h2", text: layout.text(.favouritesHeading))
            favouriteList(&main, layout)
            if hasVisitor {
                main.element("h2", text: layout.text(.forgetHeading))
                main.element("p", text: layout.text(.forgetText))
                main.element("form", [("method", "post"), ("action", layout.link("/for-you/forget"))]) { form in
                    form.element("button", [("type", "submit")], text: layout.text(.forgetButton))
                }
            }
        }
    }

    private func tastesForm(_ main: inout HTML, _ layout: PageLayout) {
        main.element("h2", text: layout.text(.forYouTastes))
        main.element("form", [("method", "post"), ("action", layout.link("/for-you")), ("class", "tastes")]) { form in
            form.element("fieldset") { set in
                set.element("legend", text: layout.text(.interestsLegend))
                for sector in Taxonomy.sectors {
                    let id = "interest-\(sector.id.rawValue)"
                    set.element("p") { line in
                        line.void("input", [("type", "checkbox"), ("id", id), ("name", "interest"), ("value", sector.id.rawValue),
                                            ("checked", profile.interests.contains(sector.id) ? "" : nil)])
                        line.element("label", [("for", id)], text: " " + sector.label(in: layout.language))
                    }
                }
            }
            form.element("p") { line in
                line.element("label", [("for", "departement")], text: layout.text(.departementLabel))
                line.text(" ")
                line.element("select", [("id", "departement"), ("name", "departement")]) { select in
                    select.element("option", [("value", ""), ("selected", profile.departementCode == nil ? "" : nil)], text: layout.text(.departementAny))
                    for departement in Departement.all {
                        select.element("option", [("value", departement.id), ("selected", profile.departementCode == departement.id ? "" : nil)],
                                       text: "\(departement.id) – \(departement.name)")
                    }
                }
            }
            form.element("fieldset") { set in
                set.element("legend", text: layout.text(.varietyLegend))
                let labels: [(Variety, UIKey)] = [(.same, .varietySame), (.balanced, .varietyBalanced), (.wider, .varietyWider)]
                for (variety, key) in labels {
                    let id = "variety-\(variety.rawValue)"
                    set.element("p") { line in
                        line.void("input", [("type", "radio"), ("id", id), ("name", "variety"), ("value", variety.rawValue),
                                            ("checked", profile.variety == variety ? "" : nil)])
                        line.element("label", [("for", id)], text: " " + layout.text(key))
                    }
                }
            }
            form.element("button", [("type", "submit")], text: layout.text(.saveTastes))
        }
    }

    private func favouriteList(_ main: inout HTML, _ layout: PageLayout) {
        guard !favourites.isEmpty else {
            main.element("p", text: layout.text(.noFavourites))
            return
        }
        main.element("ul", [("class", "offers")]) { list in
            for offer in favourites {
                list.element("li") { item in
                    ForYouList.heading(offer, level: 3, into: &item, layout: layout)
                    FavouriteButton.render(offer: offer, isFavourite: true, back: "/for-you", into: &item, layout: layout)
                }
            }
        }
    }
}

/// Recommendations as linked headings, each with its reason and the groups it belongs to (home and `/for-you`).
enum ForYouList {
    static func render(_ items: [ForYouItem], titles: [OfferID: LocalizedText], into html: inout HTML, layout: PageLayout, headingLevel: Int) {
        guard !items.isEmpty else {
            html.element("p", text: layout.text(.noOffers))
            return
        }
        html.element("ul", [("class", "offers")]) { list in
            for item in items {
                list.element("li") { entry in
                    heading(item.offer, level: headingLevel, into: &entry, layout: layout)
                    let place = item.venue.map { [$0.name, $0.address?.city].compactMap { $0 }.joined(separator: ", ") }
                    let category = Taxonomy.category(item.offer.categoryID)?.label(in: layout.language)
                    entry.element("p", text: [category, place].compactMap { $0 }.joined(separator: " · "))
                    entry.element("p", [("class", "reason")], text: reason(item.reason, titles: titles, layout: layout))
                    let tags = FairExposureGroup.allCases.filter(item.groups.contains).map { group -> UIKey in
                        switch group {
                        case .smallVenue: .groupSmallVenue
                        case .ruralCommune: .groupRural
                        case .europeanWork: .groupEuropean
                        }
                    }
                    if !tags.isEmpty {
                        entry.element("ul", [("class", "tags")]) { tagList in
                            for tag in tags { tagList.element("li", text: layout.text(tag)) }
                        }
                    }
                }
            }
        }
    }

    /// The offer's title as a heading that links to its page.
    static func heading(_ offer: Offer, level: Int, into html: inout HTML, layout: PageLayout) {
        let title: (inout HTML) -> Void = { heading in
            heading.element("a", [("href", layout.link("/offers/\(offer.id.rawValue)"))]) {
                layout.localized(&$0, "span", offer.title, fallback: offer.id.rawValue)
            }
        }
        if level == 2 { html.element("h2", [], title) } else { html.element("h3", [], title) }
    }

    static func reason(_ reason: ForYouReason, titles: [OfferID: LocalizedText], layout: PageLayout) -> String {
        switch reason {
        case .becauseYouLiked(let offer):
            let title = titles[offer]?.resolved(for: layout.language) ?? offer.rawValue
            return layout.text(.reasonBecauseYouLiked).replacingOccurrences(of: "{title}", with: title)
        case .yourInterest(let category):
            let label = Taxonomy.category(category)?.label(in: layout.language) ?? category.rawValue
            return layout.text(.reasonInterest).replacingOccurrences(of: "{category}", with: label)
        case .likeYourFavourites(let category):
            let label = Taxonomy.category(category)?.label(in: layout.language) ?? category.rawValue
            return layout.text(.reasonLikeFavourites).replacingOccurrences(of: "{category}", with: label)
        case .nearYou(let code):
            let place = Departement.code(code)?.name ?? code
            return layout.text(.reasonNearYou).replacingOccurrences(of: "{place}", with: place)
        case .fairShare(.smallVenue): return layout.text(.reasonSmallVenue)
        case .fairShare(.ruralCommune): return layout.text(.reasonRural)
        case .fairShare(.europeanWork): return layout.text(.reasonEuropean)
        case .widening: return layout.text(.reasonWidening)
        case .firstPick: return layout.text(.reasonFirstPick)
        }
    }
}

/// The form that keeps or removes a favourite; it comes back to `back` (the page it was on).
enum FavouriteButton {
    static func render(offer: Offer, isFavourite: Bool, back: String, into html: inout HTML, layout: PageLayout) {
        html.element("form", [("method", "post"), ("action", layout.link("/favourites")), ("class", "favourite")]) { form in
            form.void("input", [("type", "hidden"), ("name", "offer"), ("value", offer.id.rawValue)])
            form.void("input", [("type", "hidden"), ("name", "action"), ("value", isFavourite ? "remove" : "add")])
            form.void("input", [("type", "hidden"), ("name", "back"), ("value", layout.link(back))])
            let title = offer.title.resolved(for: layout.language) ?? offer.id.rawValue
            form.element("button", [("type", "submit")]) { button in
                button.text(layout.text(isFavourite ? .removeFavourite : .keepFavourite))
                button.element("span", [("class", "visually-hidden")], text: " – \(title)")
            }
        }
    }
}
