import Foundation
import Hummingbird
import PasserelleCore

/// Public, unauthenticated reads of the catalogue. Withdrawn records are hidden: lists skip them and
/// a direct read answers 404, exactly as for a record that never existed.
struct ReadRoutes {
    let store: any CatalogueStore
    /// Encoded offer details by revision; nil when `WebLimits.offerDetailCacheBytes` is 0.
    let offerDetails: OfferDetailCache?

    func register(_ routes: RouteRegistrar<PasserelleRequestContext>) {
        routes.get("/api/v1/offers") { request, _ in try await listOffers(request) }
        routes.get("/api/v1/offers/{id}") { _, context in try await offer(context) }
        routes.get("/api/v1/offers/{id}/sources") { _, context in try await offerSources(context) }
        routes.get("/api/v1/venues") { request, _ in try await listVenues(request) }
        routes.get("/api/v1/venues/{id}") { _, context in try await venue(context) }
        routes.get("/api/v1/works") { request, _ in try await listWorks(request) }
        routes.get("/api/v1/works/{id}") { _, context in try await work(context) }
        routes.get("/api/v1/stocks/{id}") { _, context in try await stock(context) }
        routes.get("/api/v1/categories") { request, _ in try categories(request) }
    }

    func listOffers(_ request: Request) async throws -> Response {
        var reader = QueryReader(request)
        let query = reader.offerQuery()
        let page = reader.page()
        try reader.check()
        guard let page else { throw Problem.badRequest("Invalid page parameters.") }
        let result = try await store.read { try await $0.offers(query, page: page) }
        return try JSONResponse.make(ListResponse(page: result, items: result.items, request: request))
    }

    /// The offer and its active stocks. The revision is read first, in the same snapshot: a kept body of that
    /// revision is served as is, otherwise the detail is read, encoded and kept.
    func offer(_ context: some RequestContext) async throws -> Response {
        let id = try PathID.require(context, OfferID.self, what: "offer")
        let cache = offerDetails
        let found = try await store.read { tx -> OfferLookup? in
            guard let version = try await tx.offerVersion(id), version.status == .active else { return nil }
            if let body = cache?.body(for: id, revision: version.revision) { return .kept(body) }
            guard let offer = try await tx.offer(id) else { return nil }
            let stocks = try await tx.stocks(of: id).filter { $0.status == .active }
            return .read(OfferDetail(offer: offer, stocks: stocks), revision: version.revision)
        }
        switch found {
        case nil:
            throw PathID.notFound("offer", id.rawValue)
        case .kept(let body):
            return JSONResponse.make(body: body)
        case .read(let detail, let revision):
            let body = try JSONResponse.encode(detail)
            cache?.keep(body, for: id, revision: revision)
            return JSONResponse.make(body: body)
        }
    }

    /// What one snapshot gave for an offer: a body kept at its current revision, or the detail itself.
    enum OfferLookup: Sendable {
        case kept(ByteBuffer)
        case read(OfferDetail, revision: Int)
    }

    func listVenues(_ request: Request) async throws -> Response {
        var reader = QueryReader(request)
        let query = reader.venueQuery()
        let page = reader.page()
        try reader.check()
        guard let page else { throw Problem.badRequest("Invalid page parameters.") }
        let result = try await store.read { try await $0.venues(query, page: page) }
        return try JSONResponse.make(ListResponse(page: result, items: result.items, request: request))
    }

    func listWorks(_ request: Request) async throws -> Response {
        var reader = QueryReader(request)
        let query = reader.workQuery()
        let page = reader.page()
        try reader.check()
        guard let page else { throw Problem.badRequest("Invalid page parameters.") }
        let result = try await store.read { try await $0.works(query, page: page) }
        return try JSONResponse.make(ListResponse(page: result, items: result.items, request: request))
    }

    func venue(_ context: some RequestContext) async throws -> Response {
        let id = try PathID.require(context, VenueID.self, what: "venue")
        guard let venue = try await store.read({ try await $0.venue(id) }), venue.status == .active else {
            throw PathID.notFound("venue", id.rawValue)
        }
        return try JSONResponse.make(venue)
    }

    func work(_ context: some RequestContext) async throws -> Response {
        let id = try PathID.require(context, WorkID.self, what: "work")
        guard let work = try await store.read({ try await $0.work(id) }), work.status == .active else {
            throw PathID.notFound("work", id.rawValue)
        }
        return try JSONResponse.make(work)
    }

    func stock(_ context: some RequestContext) async throws -> Response {
        let id = try PathID.require(context, StockID.self, what: "stock")
        let stock = try await store.read { tx -> Stock? in
            guard let stock = try await tx.stock(id), stock.status == .active,
                try await tx.offer(stock.offerID)?.status == .active
            else { return nil }
            return stock
        }
        guard let stock else { throw PathID.notFound("stock", id.rawValue) }
        return try JSONResponse.make(stock)
    }

    func categories(_ request: Request) throws -> Response {
        var reader = QueryReader(request)
        let language = reader.language("lang")
        try reader.check()
        let sectors = Taxonomy.sectors.map { sector in
            CategoryNode(
                category: sector, language: language,
                children: Taxonomy.children(of: sector.id).map { CategoryNode(category: $0, language: language, children: nil) }
            )
        }
        return try JSONResponse.make(["sectors": sectors])
    }
}

/// An offer with its active stocks embedded (`GET /api/v1/offers/{id}`).
struct OfferDetail: Encodable, Sendable {
    let offer: Offer
    let stocks: [Stock]

    enum CodingKeys: String, CodingKey { case stocks }

    func encode(to encoder: any Encoder) throws {
        try offer.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(stocks, forKey: .stocks)
    }
}

/// A taxonomy entry as the API shows it: labels in the six languages, and `label` when `?lang=` was given.
struct CategoryNode: Encodable, Sendable {
    let id: String
    let label: String?
    let labels: [String: String]
    let categories: [CategoryNode]?

    init(category: PasserelleCore.Category, language: Language?, children: [CategoryNode]?) {
        self.id = category.id.rawValue
        self.label = language.map { category.label(in: $0) }
        self.labels = Dictionary(uniqueKeysWithValues: Language.allCases.map { ($0.rawValue, category.label(in: $0)) })
        self.categories = children
    }
}

/// Path identifiers. On a read or a delete, a string that cannot be an identifier names nothing, so it is a 404;
/// on a `PUT`, which would create the record under that id, it is a 400 naming the rule.
enum PathID {
    static func require<Entity>(_ context: some RequestContext, _ type: Identifier<Entity>.Type, what: String) throws -> Identifier<Entity> {
        let raw = context.parameters.get("id") ?? ""
        guard let id = Identifier<Entity>(raw) else { throw notFound(what, raw) }
        return id
    }

    /// The id of a record to create or replace: 400 with a field issue when it breaks the identifier rule.
    static func requireNew<Entity>(_ context: some RequestContext, _ type: Identifier<Entity>.Type, what: String) throws -> Identifier<Entity> {
        let raw = context.parameters.get("id") ?? ""
        guard let id = Identifier<Entity>(raw) else {
            throw Problem.badRequest(
                "'\(raw)' cannot be the id of a \(what).",
                errors: [FieldIssue(field: "id", code: "invalid-identifier", message: "must be \(Identifier<Entity>.rule)")]
            )
        }
        return id
    }

    static func notFound(_ what: String, _ id: String) -> Problem {
        Problem(.notFound, code: CoreError.Code.notFound.rawValue, detail: "There is no \(what) \(id).")
    }
}
