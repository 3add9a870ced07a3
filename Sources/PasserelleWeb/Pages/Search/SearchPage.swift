import Foundation
import PasserelleCore
import PasserelleDiscovery

/// The search results page: the form with its filters, the count, the corrections tried, refinements by sector,
/// then one card per result (a work with its first showings, or an offer) and a link to the next results.
struct SearchPage {
    let form: SearchForm
    /// Nil when the query was refused (`issues` says why).
    let results: SearchResults?
    let issues: [FieldIssue]
    let nextLink: String?

    func render(_ layout: PageLayout) -> String {
        let title = form.text.isEmpty ? layout.text(.searchTitle) : layout.text(.searchResultsFor).replacingOccurrences(of: "{q}", with: form.text)
        return layout.render(title: title) { main in
            main.element("h1", text: title)
            renderForm(&main, layout)
            if !issues.isEmpty {
                main.element("div", [("role", "alert")]) { alert in
                    alert.element("ul", [("class", "problems")]) { list in
                        for issue in issues { list.element("li", text: "\(issue.field) : \(issue.message)") }
                    }
                }
            }
            guard let results else { return }
            renderSummary(results, &main, layout)
            guard !results.groups.isEmpty else { return }
            main.element("ol", [("class", "results")]) { list in
                for group in results.groups { renderGroup(group, results.terms, &list, layout) }
            }
            if let nextLink {
                main.element("p") { $0.element("a", [("rel", "next"), ("href", nextLink)], text: layout.text(.nextResults)) }
            }
        }
    }

    private func renderForm(_ html: inout HTML, _ layout: PageLayout) {
        html.element("form", [("action", "/search"), ("method", "get"), ("class", "search-form"), ("aria-label", layout.text(.filtersHeading))]) { form in
            form.void("input", [("type", "hidden"), ("name", "lang"), ("value", layout.language.rawValue)])
            form.element("p") { line in
                line.element("label", [("for", "q")], text: layout.text(.searchLabel))
                line.void("input", [("id", "q"), ("name", "q"), ("type", "search"), ("value", self.form.text), ("maxlength", "200")])
            }
            form.element("fieldset") { fields in
                fields.element("legend", text: layout.text(.filtersHeading))
                select(&fields, "category", layout.text(.category), selected: self.form.category, options: categoryOptions(layout))
                select(&fields, "region", layout.text(.regionLabel), selected: self.form.region,
                       options: [("", layout.text(.anyRegion))] + Region.all.map { ($0.id, $0.name) })
                let windows: [(DateWindow, UIKey)] = [(.today, .whenToday), (.tomorrow, .whenTomorrow), (.weekend, .whenWeekend), (.week, .whenWeek), (.month, .whenMonth)]
                select(&fields, "when", layout.text(.whenLabel), selected: self.form.when,
                       options: [("", layout.text(.whenAny))] + windows.map { ($0.0.rawValue, layout.text($0.1)) })
                select(&fields, "access", layout.text(.access), selected: self.form.access,
                       options: [("", layout.text(.accessAny)), ("on-site", layout.text(.accessOnSite)), ("online", layout.text(.accessOnline))])
                fields.element("p") { line in
                    line.element("label", [("for", "place")], text: layout.text(.placeLabel))
                    line.void("input", [("id", "place"), ("name", "place"), ("type", "text"), ("value", self.form.placeText),
                                        ("maxlength", String(PlaceDirectory.maximumTextLength)), ("autocomplete", "address-level2")])
                }
                // The radius asked for is always one of the choices, so the form sends it back unchanged.
                let radius = max(1, Int(self.form.radiusKm.rounded()))
                select(&fields, "radiusKm", layout.text(.radiusLabel), selected: String(radius),
                       options: Set(Self.radiusChoices + [radius]).sorted().map { (String($0), "\($0) km") })
                fields.element("p") { line in
                    var attributes: [HTML.Attribute] = [("id", "free"), ("name", "free"), ("type", "checkbox"), ("value", "true")]
                    if self.form.free { attributes.append(("checked", "checked")) }
                    line.void("input", attributes)
                    line.element("label", [("for", "free")], text: " " + layout.text(.freeOnly))
                }
            }
            form.element("button", [("type", "submit")], text: layout.text(.applyFilters))
        }
    }

    private func categoryOptions(_ layout: PageLayout) -> [(String, String)] {
        var options = [("", layout.text(.anyCategory))]
        for sector in Taxonomy.sectors {
            options.append((sector.id.rawValue, sector.label(in: layout.language)))
            for category in Taxonomy.children(of: sector.id) {
                options.append((category.id.rawValue, "— " + category.label(in: layout.language)))
            }
        }
        return options
    }

    private func select(_ html: inout HTML, _ name: String, _ label: String, selected: String, options: [(String, String)]) {
        html.element("p") { line in
            line.element("label", [("for", name)], text: label)
            line.element("select", [("id", name), ("name", name)]) { select in
                for (value, text) in options {
                    select.element("option", [("value", value), ("selected", value == selected ? "selected" : nil)], text: text)
                }
            }
        }
    }

    private func renderSummary(_ results: SearchResults, _ html: inout HTML, _ layout: PageLayout) {
        let count: String
        switch results.total {
        case .exact(0): count = layout.text(.noResults)
        case .exact(let n): count = layout.counted(.resultsCount, one: .resultsCountOne, n)
        case .moreThan(let n): count = layout.text(.resultsMoreThan).replacingOccurrences(of: "{n}", with: Formatting.integer(Int64(n), layout.language))
        }
        html.element("p", [("role", "status")], text: count)
        if let place = form.place {
            let km = Formatting.integer(Int64(form.radiusKm.rounded()), layout.language)
            html.element("p", text: layout.text(.nearPlace).replacingOccurrences(of: "{km}", with: km).replacingOccurrences(of: "{place}", with: Self.name(place)))
            if !form.homonyms.isEmpty {
                html.element("p") { line in
                    line.text(layout.text(.otherPlaces) + " ")
                    for (index, other) in form.homonyms.prefix(6).enumerated() {
                        if index > 0 { line.text(", ") }
                        let typed = other.name + (other.departementCode.map { " " + $0 } ?? "")
                        line.element("a", [("href", Self.link(form, layout, category: form.category, place: typed))], text: Self.name(other))
                    }
                }
            }
        }
        let corrections = results.terms.terms.flatMap(\.corrections)
        if !corrections.isEmpty {
            html.element("p", text: "\(layout.text(.alsoSearched)) \(corrections.joined(separator: ", "))")
        }
        let sectors = results.facets.sectors.filter { $0.value != form.category }
        if sectors.count > 1 {
            html.element("nav", [("aria-label", layout.text(.refineHeading))]) { nav in
                nav.element("h2", text: layout.text(.refineHeading))
                nav.element("ul", [("class", "tags")]) { list in
                    for facet in sectors {
                        guard let sector = CategoryID(facet.value).flatMap(Taxonomy.category) else { continue }
                        let link = Self.link(form, layout, category: facet.value)
                        list.element("li") { $0.element("a", [("href", link)], text: "\(sector.label(in: layout.language)) (\(facet.count))") }
                    }
                }
            }
        }
    }

    private func renderGroup(_ group: SearchResultGroup, _ terms: QueryTerms, _ html: inout HTML, _ layout: PageLayout) {
        guard let first = group.offers.first else { return }
        let titleText = group.work?.title ?? first.title
        html.element("li") { item in
            item.element("h2") { heading in
                heading.element("a", [("href", layout.link("/offers/\(first.id.rawValue)"))]) { link in
                    let lang = titleText.resolvedLanguage(for: layout.language).flatMap { $0 == layout.language ? nil : $0.rawValue }
                    link.element("span", [("lang", lang)]) { span in
                        for segment in Highlighter.segments(titleText.resolved(for: layout.language) ?? first.id.rawValue, terms: terms) {
                            if segment.match { span.element("mark", text: segment.text) } else { span.text(segment.text) }
                        }
                    }
                }
            }
            let category = Taxonomy.category(first.categoryID)?.label(in: layout.language) ?? first.categoryID.rawValue
            item.element("p", [("class", "meta")], text: "\(category) · \(layout.text(UIStrings.access(first.access)))")
            item.element("ul", [("class", "showings")]) { list in
                for offer in group.offers {
                    list.element("li") { line in
                        // An undated showing is named by its own title: a list of identical "no date" links says nothing.
                        let when = offer.startsAt.map { Formatting.dateTime($0, layout.language) }
                            ?? offer.title.resolved(for: layout.language) ?? layout.text(.undated)
                        line.element("a", [("href", layout.link("/offers/\(offer.id.rawValue)"))], text: when)
                        line.text(" · ")
                        if let venue = offer.venueID.flatMap({ group.venues[$0] }) {
                            line.element("a", [("href", layout.link("/venues/\(venue.id.rawValue)"))], text: venue.name)
                            if let city = venue.address?.city { line.text(", \(city)") }
                        } else {
                            line.text(layout.text(.accessOnline))
                        }
                        line.text(" · " + Formatting.priceRange(offer.price, layout.language))
                    }
                }
            }
            if group.offerCount > group.offers.count {
                item.element("p", text: layout.counted(.moreShowings, one: .moreShowingsOne, group.offerCount - group.offers.count))
            }
        }
    }

    /// The radii the form offers, in kilometres (the default among them).
    static let radiusChoices = [5, 10, Int(SearchRequest.defaultRadiusKm), 50, 100]

    /// "Lyon (Rhône)": a town with its département, so homonyms can be told apart.
    static func name(_ place: Place) -> String {
        guard let code = place.departementCode, let departement = Departement.code(code) else { return place.name }
        return "\(place.name) (\(departement.name))"
    }

    /// This search with another category (or, for a homonym, another town).
    static func link(_ form: SearchForm, _ layout: PageLayout, category: String, place: String? = nil) -> String {
        var pairs: [(String, String)] = [("lang", layout.language.rawValue)]
        if !form.text.isEmpty { pairs.append(("q", form.text)) }
        if !category.isEmpty { pairs.append(("category", category)) }
        if let place = place ?? (form.place != nil ? form.placeText : nil) {
            pairs.append(("place", place))
            pairs.append(("radiusKm", String(max(1, Int(form.radiusKm.rounded())))))
        }
        if !form.region.isEmpty { pairs.append(("region", form.region)) }
        if !form.when.isEmpty { pairs.append(("when", form.when)) }
        if !form.access.isEmpty { pairs.append(("access", form.access)) }
        if form.free { pairs.append(("free", "true")) }
        return "/search?" + pairs.map { "\($0.0)=\(QueryLinks.escape($0.1))" }.joined(separator: "&")
    }
}
