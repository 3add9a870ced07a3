import Foundation
import Hummingbird
import PasserelleCore
import PasserelleDiscovery

/// `GET /api/v1/search`: full-text search and filtered listing, grouped by work, with facets and a cursor.
struct SearchRoutes {
    let index: any SearchIndex
    let places: PlaceLookup

    func register(_ routes: RouteRegistrar<PasserelleRequestContext>) {
        routes.get("/api/v1/search") { request, _ in try await search(request) }
    }

    func search(_ request: Request) async throws -> Response {
        var reader = QueryReader(request)
        var query = reader.searchRequest()
        _ = try await places.resolve(&reader, into: &query)
        let language = reader.language("lang") ?? .fr
        try reader.check()
        let results = try await index.search(query)
        return try JSONResponse.make(SearchResponse(results, language: language, request: request))
    }
}

/// The JSON of a search page. Offers are the API's offer objects; each result adds its work, the offers' venues
/// in brief, and the title with the matched words marked.
struct SearchResponse: Encodable, Sendable {
    struct Term: Encodable, Sendable {
        let token: String
        let prefix: Bool
        let corrections: [String]
    }

    struct VenueBrief: Encodable, Sendable {
        let id: String
        let name: String
        let city: String?
        let departementCode: String?
        let regionCode: String?
        let coordinates: GeoPoint?
    }

    struct Result: Encodable, Sendable {
        let key: String
        let score: Double
        /// The title shown, in the asked language or its fallback, as runs with the matched words marked.
        let title: [HighlightSegment]
        let work: Work?
        let offerCount: Int
        let offers: [Offer]
        let venues: [VenueBrief]
    }

    struct Facet: Encodable, Sendable {
        let value: String
        let count: Int
        let label: String?
    }

    struct Facets: Encodable, Sendable {
        let categories: [Facet]
        let sectors: [Facet]
        let regions: [Facet]
        let access: [Facet]
        let free: Int
    }

    struct Links: Encodable, Sendable {
        let next: String?
    }

    let terms: [Term]
    /// Matching offers, exact when `totalIsExact`, else a lower bound.
    let total: Int
    let totalIsExact: Bool
    let results: [Result]
    let facets: Facets
    let nextCursor: String?
    let links: Links

    init(_ results: SearchResults, language: Language, request: Request) {
        terms = results.terms.terms.map { Term(token: $0.token, prefix: $0.isPrefix, corrections: $0.corrections) }
        total = results.total.value
        totalIsExact = results.total.isExact
        self.results = results.groups.map { group in
            let title = group.work?.title.resolved(for: language) ?? group.offers.first?.title.resolved(for: language) ?? ""
            return Result(
                key: group.key, score: group.score, title: Highlighter.segments(title, terms: results.terms), work: group.work,
                offerCount: group.offerCount, offers: group.offers,
                venues: group.venues.values.sorted { $0.id.rawValue < $1.id.rawValue }.map {
                    VenueBrief(
                        id: $0.id.rawValue, name: $0.name, city: $0.address?.city, departementCode: $0.departementCode,
                        regionCode: $0.regionCode, coordinates: $0.coordinates)
                }
            )
        }
        func category(_ value: FacetValue) -> Facet {
            Facet(value: value.value, count: value.count, label: CategoryID(value.value).flatMap(Taxonomy.category)?.label(in: language))
        }
        facets = Facets(
            categories: results.facets.categories.map(category), sectors: results.facets.sectors.map(category),
            regions: results.facets.regions.map { Facet(value: $0.value, count: $0.count, label: Region.code($0.value)?.name) },
            access: results.facets.access.map { Facet(value: $0.value, count: $0.count, label: nil) }, free: results.facets.free
        )
        nextCursor = results.nextCursor?.token
        links = Links(next: results.nextCursor.map { QueryLinks.replacing("cursor", with: $0.token, in: request) })
    }
}
