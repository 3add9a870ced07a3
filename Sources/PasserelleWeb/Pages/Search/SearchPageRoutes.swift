import Hummingbird
import PasserelleCore
import PasserelleDiscovery

/// `/search`: the search box's results, with filters as a plain GET form, so it works without JavaScript.
/// An invalid parameter (a forged cursor, a bad date) shows the page with the problems listed, as a 400.
struct SearchPageRoutes {
    let index: any SearchIndex
    let places: PlaceLookup
    let notice: String?

    func register(_ routes: RouteRegistrar<PasserelleRequestContext>) {
        routes.get("/search") { request, _ in
            let layout = Pages.layout(for: request, notice: notice)
            var reader = QueryReader(request)
            reader.treatsEmptyAsAbsent = true
            var query = reader.searchRequest()
            let places = try await places.resolve(&reader, into: &query)
            let form = SearchForm(request, place: places.first, homonyms: Array(places.dropFirst()), radiusKm: query.radiusKm)
            do {
                try reader.check()
            } catch let problem as Problem {
                let page = SearchPage(form: form, results: nil, issues: problem.errors, nextLink: nil)
                return Pages.html(page.render(layout), status: .badRequest)
            }
            let results = try await index.search(query)
            let next = results.nextCursor.map { QueryLinks.replacing("cursor", with: $0.token, in: request) }
            return Pages.html(SearchPage(form: form, results: results, issues: [], nextLink: next).render(layout))
        }
    }
}

/// What the visitor asked, as typed, to fill the form again.
struct SearchForm {
    let text: String
    let category: String
    let region: String
    let when: String
    let access: String
    let free: Bool
    /// The town as typed, and what it was found to be (nil when absent or unknown).
    let placeText: String
    let place: Place?
    /// Other towns of the same name, to offer with their département.
    let homonyms: [Place]
    let radiusKm: Double

    init(_ request: Request, place: Place? = nil, homonyms: [Place] = [], radiusKm: Double = SearchRequest.defaultRadiusKm) {
        let parameters = request.uri.queryParameters
        func value(_ name: String) -> String { parameters.get(name).map { String($0) } ?? "" }
        text = value("q")
        category = value("category")
        region = value("region")
        when = value("when")
        access = value("access")
        free = ["true", "1", "on"].contains(value("free"))
        placeText = value("place")
        self.place = place
        self.homonyms = homonyms
        self.radiusKm = radiusKm
    }
}
