import Foundation
import Hummingbird
import PasserelleCore

/// `/works/{id}`: a work with its creators, identifiers, where it is held and every showing of it;
/// `/works?institution=ID`: an institution's works (a museum's collection), a page at a time.
struct WorkPageRoutes {
    let store: any CatalogueStore
    let notice: String?
    /// The public origin of the JSON-LD each work page embeds.
    var origin = "http://127.0.0.1:8080"
    static let listedWorks = 24
    static let listedShowings = 12

    func register(_ routes: RouteRegistrar<PasserelleRequestContext>) {
        routes.get("/works/{id}") { request, context in
            let layout = Pages.layout(for: request, notice: notice)
            let id = context.parameters.get("id").flatMap(WorkID.init)
            let model = try await id.asyncMap { id in
                try await store.read { tx -> WorkPage? in
                    guard let work = try await tx.work(id), work.status == .active else { return nil }
                    var showings = OfferQuery()
                    showings.workID = id
                    let offers = try await tx.offers(showings, page: try PageRequest(page: 1, size: Self.listedShowings))
                    let holder = try await tx.institution(work.institutionID)
                    var heldAt = VenueQuery()
                    heldAt.institutionID = work.institutionID
                    let places = try await tx.venues(heldAt, page: try PageRequest(page: 1, size: 3)).items
                    var page = WorkPage(work: work, showings: offers, holder: holder, places: places)
                    page.structuredData = SchemaOrgDocument(origin: origin).work(work)
                    return page
                }
            } ?? nil
            guard let model else {
                return Pages.errorPage(problem: Problem(.notFound, detail: "no such work"), request: request, headers: [:])
            }
            return Pages.html(model.render(layout))
        }
        routes.get("/works") { request, _ in
            let layout = Pages.layout(for: request, notice: notice)
            var reader = QueryReader(request)
            let query = reader.workQuery()
            let number = reader.integer("page") ?? 1
            guard (try? reader.check()) != nil, let page = try? PageRequest(page: number, size: Self.listedWorks) else {
                return Pages.errorPage(problem: Problem(.notFound, detail: "no such page of works"), request: request, headers: [:])
            }
            let (works, holder) = try await store.read { tx in
                (try await tx.works(query, page: page), try await query.institutionID.asyncMap { try await tx.institution($0) } ?? nil)
            }
            return Pages.html(WorkListPage(works: works, holder: holder, query: query).render(layout))
        }
    }
}

/// One work: what it is, who holds it, and where and when to see it.
struct WorkPage {
    let work: Work
    let showings: Page<Offer>
    let holder: Institution?
    let places: [Venue]
    /// The work as schema.org JSON-LD, embedded in the page's head.
    var structuredData: JSONValue? = nil

    func render(_ layout: PageLayout) -> String {
        let title = work.title.resolved(for: layout.language) ?? work.id.rawValue
        return layout.render(title: title, head: PageLayout.HeadExtras(structuredData: structuredData)) { main in
            layout.localized(&main, "h1", work.title, fallback: work.id.rawValue)
            if !work.description.isEmpty { layout.localized(&main, "p", work.description) }
            main.element("dl") { list in
                if !work.creators.isEmpty {
                    list.element("dt", text: layout.text(.creators))
                    list.element("dd", text: work.creators.joined(separator: ", "))
                }
                list.element("dt", text: layout.text(.category))
                list.element("dd", text: Taxonomy.category(work.categoryID)?.label(in: layout.language) ?? work.categoryID.rawValue)
                if let country = work.countryOfOrigin {
                    list.element("dt", text: layout.text(.countryOfOrigin))
                    list.element("dd", text: Locale(identifier: layout.language.rawValue).localizedString(forRegionCode: country) ?? country)
                }
                if !work.languages.isEmpty {
                    list.element("dt", text: layout.text(.languages))
                    list.element("dd", text: Formatting.languageNames(work.languages, layout.language))
                }
                if let holder {
                    list.element("dt", text: layout.text(.heldBy))
                    list.element("dd") { dd in
                        dd.text(holder.name)
                        for place in places {
                            dd.text(" · ")
                            dd.element("a", [("href", layout.link("/venues/\(place.id.rawValue)"))], text: place.name)
                        }
                    }
                }
                if let inventory = work.identifiers.external["inventaire"] {
                    list.element("dt", text: layout.text(.inventoryNumber))
                    list.element("dd", text: inventory)
                }
                if let reference = work.identifiers.joconde {
                    list.element("dt", text: "Joconde")
                    list.element("dd") { dd in
                        // The national catalogue's own notice: a link, never a request of ours.
                        dd.element("a", [("href", "https://pop.culture.gouv.fr/notice/joconde/\(reference)"), ("rel", "noopener")], text: reference)
                    }
                }
            }
            main.element("h2", text: layout.text(.showingsHeading))
            OfferList.render(showings.items, into: &main, layout: layout, headingLevel: 3)
            if showings.total > showings.items.count {
                main.element("p") { $0.element("a", [("href", layout.link("/search") + "&work=\(work.id.rawValue)")], text: layout.text(.allResults)) }
            }
        }
    }
}

/// A page of works, an institution's when the query names one.
struct WorkListPage {
    let works: Page<Work>
    let holder: Institution?
    let query: WorkQuery

    func render(_ layout: PageLayout) -> String {
        let title = holder.map { "\(layout.text(.worksTitle)) — \($0.name)" } ?? layout.text(.worksTitle)
        return layout.render(title: title) { main in
            main.element("h1", text: title)
            main.element("p", [("role", "status")], text: layout.counted(.worksCount, one: .worksCountOne, works.total))
            WorkLinks.render(works.items, into: &main, layout: layout, headingLevel: 2)
            if works.request.page < works.pageCount {
                let institution = query.institutionID.map { "&institution=\($0.rawValue)" } ?? ""
                main.element("p") {
                    $0.element("a", [("href", layout.link("/works") + institution + "&page=\(works.request.page + 1)"), ("rel", "next")], text: layout.text(.nextResults))
                }
            }
        }
    }
}

/// Works as linked headings with their category and creators (the works list and the venue page).
enum WorkLinks {
    static func render(_ works: [Work], into html: inout HTML, layout: PageLayout, headingLevel: Int) {
        HeadingLinkList.render(works.map { work in
            let category = Taxonomy.category(work.categoryID)?.label(in: layout.language) ?? work.categoryID.rawValue
            // The inventory number tells apart two objects of one name ("Poupée", "Poupée").
            let inventory = work.identifiers.external["inventaire"].map { "\(layout.text(.inventoryNumber)) \($0)" }
            let meta = ([category] + (work.creators.isEmpty ? [] : [work.creators.joined(separator: ", ")]) + [inventory].compactMap { $0 })
                .joined(separator: " · ")
            return .init(href: layout.link("/works/\(work.id.rawValue)"), title: work.title, fallback: work.id.rawValue, meta: meta)
        }, into: &html, layout: layout, headingLevel: headingLevel)
    }
}
