import Foundation
import Hummingbird
import HTTPTypes
import Logging
import NIOCore
import PasserelleCore
import PasserelleDiscovery
import PasserellePass

/// Server-rendered pages, without JavaScript. Withdrawn offers and venues are 404 pages.
struct PageRoutes {
    let store: any CatalogueStore
    let credits: [SourceCredit]
    let notice: String?
    /// Département outlines for the venue pages' locator map.
    var departements: [MapRegion] = []
    /// The search index: the home page's upcoming offers and category counts (nil: recent offers, plain categories).
    var search: (any SearchIndex)?
    /// Published collections, the newest shown on the home page (nil: none).
    var collections: CollectionReader?
    /// Recommendations and favourites (nil: the home page shows none, offer pages have no favourite button).
    var forYou: ForYouReader?
    /// The public origin of the JSON-LD each page embeds (see `WebDependencies.publicOrigin`).
    var origin = "http://127.0.0.1:8080"
    /// The pass, when its pages are served: then each stock shows its places left and links to its booking page.
    var pass: (any PassStore)?
    /// Category counts for the home page, kept a minute: an exact GROUP BY over every offer is not per request.
    let categoryCounts = SharedExpiringValue<[String: Int]>(lifetime: .seconds(60))
    /// "Coming up" likewise: up to three searches, shared for a minute.
    let upcomingOffers = SharedExpiringValue<UpcomingOffers>(lifetime: .seconds(60))

    /// How many offers the home and venue pages list (keeps each page far under its 50 KB budget).
    static let listedOffers = 12
    /// How many collections the home page shows (the newest).
    static let featuredCollections = 3
    /// How many works a museum's page lists before linking to all of them.
    static let listedWorks = 6

    /// "Coming up": dated offers of the next 60 days, else the next dated ones at all; `dated` is false when there is
    /// none and the list falls back to what ranks first (then the page titles it "to discover", not "coming up").
    /// Undated offers (online resources) would otherwise fill it, since nothing dates them as soon.
    struct UpcomingOffers: Sendable {
        let offers: [Offer]
        let dated: Bool
        init(_ found: (offers: [Offer], dated: Bool)) { (offers, dated) = found }
    }

    static func upcoming(_ search: any SearchIndex, now: Date = Date()) async throws -> (offers: [Offer], dated: Bool) {
        var request = SearchRequest()
        request.pageSize = listedOffers
        request.now = now
        for horizon in [TimeInterval(60 * 86_400), nil] {
            request.filters.from = now
            request.filters.to = horizon.map { now.addingTimeInterval($0) }
            let found = try await search.search(request).groups.compactMap(\.offers.first)
            if !found.isEmpty { return (found, true) }
        }
        request.filters.from = nil
        request.filters.to = nil
        return (try await search.search(request).groups.compactMap(\.offers.first), false)
    }

    func register(_ routes: RouteRegistrar<PasserelleRequestContext>) {
        routes.get("/") { request, _ in
            let layout = layout(request)
            guard let search else {
                let page = try PageRequest(page: 1, size: Self.listedOffers)
                let offers = try await store.read { try await $0.offers(OfferQuery(), page: page) }
                return Pages.html(HomePage(upcoming: offers.items, upcomingAreDated: false, categoryCounts: nil).render(layout))
            }
            let upcoming = try await upcomingOffers.value { UpcomingOffers(try await Self.upcoming(search)) }
            let counts = try await categoryCounts.value { try await search.offerCountsByCategory() }
            let featured = try await collections?.published(institution: nil, page: try PageRequest(page: 1, size: Self.featuredCollections)).items ?? []
            var home = HomePage(upcoming: upcoming.offers, upcomingAreDated: upcoming.dated, categoryCounts: counts)
            home.collections = featured
            let visitor = VisitorSession.visitor(request)
            if let forYou {
                // A visitor who kept nothing sees an invitation, not a list: the same for everyone would say nothing.
                home.forYou = try await visitor.asyncMap { try await forYou.recommendations(for: $0, length: ForYouRoutes.onHome) }
                home.offersForYou = true
            }
            return Pages.html(home.render(layout), headers: ForYouRoutes.privateHeaders(visitor))
        }
        routes.get("/offers/{id}") { request, context in
            guard let id = OfferID(context.parameters.get("id") ?? "") else { throw HTTPError(.notFound) }
            let model = try await store.read { tx -> OfferPage? in
                guard let offer = try await tx.offer(id), offer.status == .active else { return nil }
                let venue = try await offer.venueID.asyncMap { try await tx.venue($0) }?.flatMap { $0.status == .active ? $0 : nil }
                let work = try await offer.workID.asyncMap { try await tx.work($0) }?.flatMap { $0.status == .active ? $0 : nil }
                let stocks = try await tx.stocks(of: id).filter { $0.status == .active }
                var page = OfferPage(offer: offer, venue: venue, work: work, stocks: stocks)
                page.passBooking = pass != nil
                page.publisher = try await tx.institution(offer.institutionID)
                page.structuredData = SchemaOrgDocument(origin: origin)
                    .offer(offer, venue: venue, work: work, stocks: stocks, publisher: page.publisher)
                page.sourceTitle = credits.first { $0.source == offer.provenance.source }?.title
                return page
            }
            guard var model else { throw HTTPError(.notFound) }
            if let pass { model.booked = try await pass.bookedPlaces(of: model.stocks.map(\.id)) }
            if let search {
                model.seeAlso = try await SeeAlso.suggestions(for: model.offer, venue: model.venue, index: search, now: Date())
            }
            let visitor = VisitorSession.visitor(request)
            if let forYou {
                model.isFavourite = false
                if let visitor {
                    model.isFavourite = try await forYou.visitors.signals(of: visitor).contains { $0.kind == .favourite && $0.offerID == id }
                    await Self.recordView(id, visitor: visitor, forYou.visitors, logger: context.logger)
                }
            }
            return Pages.html(model.render(layout(request)), headers: ForYouRoutes.privateHeaders(visitor))
        }
        routes.get("/venues/{id}") { request, context in
            guard let id = VenueID(context.parameters.get("id") ?? "") else { throw HTTPError(.notFound) }
            var venueOffers = OfferQuery()
            venueOffers.venueID = id
            let query = venueOffers
            let page = try PageRequest(page: 1, size: Self.listedOffers)
            let model = try await store.read { tx -> VenuePage? in
                guard let venue = try await tx.venue(id), venue.status == .active else { return nil }
                var model = VenuePage(venue: venue, offers: try await tx.offers(query, page: page).items, departements: departements)
                model.structuredData = SchemaOrgDocument(origin: origin).venue(venue)
                // A museum shows the objects of its collection (the Joconde works of its institution).
                if venue.kind == .museum {
                    model.works = try await tx.works(WorkQuery(institutionID: venue.institutionID), page: try PageRequest(page: 1, size: Self.listedWorks))
                }
                return model
            }
            guard let model else { throw HTTPError(.notFound) }
            return Pages.html(model.render(layout(request)))
        }
        routes.get("/about") { request, _ in
            Pages.html(AboutPage(credits: credits).render(layout(request)))
        }
        routes.get("/static/site.css") { _, _ in
            let buffer = ByteBuffer(string: Stylesheet.css)
            return Response(
                status: .ok,
                headers: [
                    .contentType: "text/css; charset=utf-8", .contentLength: String(buffer.readableBytes),
                    // The link carries a content hash (`?v=`), so the file can be cached for a year.
                    .cacheControl: "public, max-age=31536000, immutable",
                ],
                body: .init(byteBuffer: buffer)
            )
        }
    }

    /// A view feeds the visitor's recommendations; failing to keep it must not fail the page they asked for.
    static func recordView(_ offer: OfferID, visitor: VisitorID, _ visitors: any VisitorStore, logger: Logger) async {
        do {
            try await visitors.record(VisitorSignal(offerID: offer, kind: .view, at: Date()), for: visitor)
        } catch {
            logger.warning("view not kept", metadata: ["error": .string(String(describing: error))])
        }
    }

    private func layout(_ request: Request) -> PageLayout {
        Pages.layout(for: request, notice: notice)
    }
}

/// Helpers shared by the page routes and the error middleware.
enum Pages {
    static let contentSecurityPolicy =
        "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

    /// `?lang=xx` when valid, else the best match of `Accept-Language`, else French.
    static func language(for request: Request) -> Language {
        if let asked = request.uri.queryParameters.get("lang"), let language = Language(rawValue: asked.lowercased()) {
            return language
        }
        return Language.negotiate(acceptLanguage: request.headers[.acceptLanguage])
    }

    /// The frame of the page `request` asked for, in its language.
    static func layout(for request: Request, notice: String?) -> PageLayout {
        PageLayout(language: language(for: request), path: request.uri.path, query: request.uri.query, notice: notice)
    }

    static func html(_ page: String, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        let buffer = ByteBuffer(string: page)
        var headers = headers
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.contentLength] = String(buffer.readableBytes)
        // The page depends on these request headers; caches must keep the variants apart.
        headers[.vary] = headers[.vary].map { "Accept-Language, \($0)" } ?? "Accept-Language"
        // Pages carry no script at all; the policy makes any injected one inert as well.
        headers[.contentSecurityPolicy] = Self.contentSecurityPolicy
        headers[.xContentTypeOptions] = "nosniff"
        headers[HTTPField.Name("Referrer-Policy")!] = "same-origin"
        return Response(status: status, headers: headers, body: .init(byteBuffer: buffer))
    }

    /// The HTML page of an error (404 and the others), in the request's language, with the error's status.
    static func errorPage(problem: Problem, request: Request, headers: HTTPFields) -> Response {
        let layout = Pages.layout(for: request, notice: nil)
        return html(ErrorPage(problem: problem).render(layout), status: HTTPResponse.Status(code: problem.status), headers: headers)
    }
}

extension Optional {
    /// `map` for an async transform.
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
