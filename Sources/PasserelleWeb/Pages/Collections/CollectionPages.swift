import Foundation
import Hummingbird
import PasserelleCore
import PasserelleDiscovery

/// `/collections` and `/collections/{id}`: the published collections, and one with its entries and attribution.
struct CollectionPageRoutes {
    let reader: CollectionReader
    let notice: String?
    static let listed = 20

    func register(_ routes: RouteRegistrar<PasserelleRequestContext>) {
        routes.get("/collections") { request, _ in
            let layout = Pages.layout(for: request, notice: notice)
            var query = QueryReader(request)
            let number = query.integer("page") ?? 1
            guard (try? query.check()) != nil, let page = try? PageRequest(page: number, size: Self.listed) else {
                return Pages.errorPage(problem: Problem(.notFound, detail: "no such page"), request: request, headers: [:])
            }
            let found = try await reader.published(institution: nil, page: page)
            return Pages.html(CollectionListPage(page: found).render(layout))
        }
        routes.get("/collections/{id}") { request, context in
            let layout = Pages.layout(for: request, notice: notice)
            guard let id = context.parameters.get("id").flatMap(CollectionID.init), let detail = try await reader.detail(id, now: Date()) else {
                return Pages.errorPage(problem: Problem(.notFound, detail: "no such collection"), request: request, headers: [:])
            }
            return Pages.html(CollectionPage(detail: detail).render(layout))
        }
    }
}

/// Every published collection, newest first, as links with their curator.
struct CollectionListPage {
    let page: Page<EditorialCollection>

    func render(_ layout: PageLayout) -> String {
        layout.render(title: layout.text(.collectionsTitle)) { main in
            main.element("h1", text: layout.text(.collectionsTitle))
            CollectionLinks.render(page.items, into: &main, layout: layout, headingLevel: 2)
            if page.request.page < page.pageCount {
                main.element("p") { $0.element("a", [("href", layout.link("/collections") + "&page=\(page.request.page + 1)"), ("rel", "next")], text: layout.text(.nextResults)) }
            }
        }
    }
}

/// A list of collections as links (home and list pages).
enum CollectionLinks {
    static func render(_ collections: [EditorialCollection], into html: inout HTML, layout: PageLayout, headingLevel: Int) {
        guard !collections.isEmpty else {
            html.element("p", text: layout.text(.noCollections))
            return
        }
        HeadingLinkList.render(collections.map { collection in
            let kind = layout.text(collection.savedQuery == nil ? .curatedList : .savedSearch)
            return .init(href: layout.link("/collections/\(collection.id.rawValue)"), title: collection.title, fallback: collection.id.rawValue,
                         meta: "\(kind) · \(layout.text(.curatedBy)) \(collection.curator)")
        }, into: &html, layout: layout, headingLevel: headingLevel)
    }
}

/// One collection: its text, its entries with the curator's notes, and the credit and licence of its reuse.
struct CollectionPage {
    let detail: CollectionDetail

    func render(_ layout: PageLayout) -> String {
        let collection = detail.collection
        let title = collection.title.resolved(for: layout.language) ?? collection.id.rawValue
        return layout.render(title: title) { main in
            layout.localized(&main, "h1", collection.title, fallback: collection.id.rawValue)
            if !collection.description.isEmpty { layout.localized(&main, "p", collection.description) }
            main.element("p", [("class", "meta")], text: "\(layout.text(.curatedBy)) \(collection.curator) · \(detail.publisher)")
            if let query = collection.savedQuery {
                main.element("p") { $0.element("a", [("href", "/search?\(query)&lang=\(layout.language.rawValue)")], text: layout.text(.allResults)) }
            }
            if detail.entries.isEmpty {
                main.element("p", text: layout.text(.noOffers))
            } else {
                main.element("ol", [("class", "offers")]) { list in
                    for entry in detail.entries {
                        list.element("li") { item in
                            item.element("h2") { heading in
                                heading.element("a", [("href", layout.link(entry.page))]) { link in
                                    layout.localized(&link, "span", entry.title, fallback: entry.id)
                                }
                            }
                            let category = Taxonomy.category(entry.categoryID)?.label(in: layout.language) ?? entry.categoryID.rawValue
                            let access = entry.access.map { " · " + layout.text(UIStrings.access($0)) } ?? ""
                            let city = entry.city.map { " · " + $0 } ?? ""
                            item.element("p", [("class", "meta")], text: category + access + city)
                            if let note = entry.note { layout.localized(&item, "p", note) }
                        }
                    }
                }
            }
            main.element("p", [("class", "meta")]) { credit in
                credit.text("\(layout.text(.reuseCredit)) \(detail.attribution). ")
                credit.element("a", [("href", collection.licence.url.absoluteString), ("rel", "license")], text: collection.licence.name)
                credit.text(" · ")
                credit.element("a", [("href", "/api/v1/collections/\(collection.id.rawValue)/jsonld"), ("type", "application/ld+json")], text: "JSON-LD")
            }
        }
    }
}
