import Foundation
import Hummingbird
import PasserelleCore
import PasserelleDiscovery

/// `GET /api/v1/recommendations`: the "for you" list for a client that keeps its user's tastes itself (a culture
/// pass app). Stateless: the tastes and the liked offers come in the query, nothing is stored, no cookie is set;
/// the same re-ranking, guarantees and reasons as the site's `/for-you`.
struct RecommendationRoutes {
    let reader: ForYouReader

    /// Liked offers read from one request (they weigh as favourites).
    static let maximumLiked = 50
    static let defaultLength = 12
    static let maximumLength = 50

    func register(_ routes: RouteRegistrar<PasserelleRequestContext>) {
        routes.get("/api/v1/recommendations") { request, _ in
            var query = QueryReader(request)
            let parsed = Self.parse(&query)
            try query.check()
            let items = try await reader.recommend(
                profile: parsed.profile, liked: parsed.liked, length: parsed.length, seed: parsed.seed)
            let named = Set(items.compactMap { item -> OfferID? in if case .becauseYouLiked(let id) = item.reason { id } else { nil } })
            let titles = try await reader.offers(Array(named)).reduce(into: [OfferID: LocalizedText]()) { $0[$1.id] = $1.title }
            let layout = PageLayout(language: parsed.language, path: "/api/v1/recommendations", query: nil, notice: nil)
            return try JSONResponse.make(RecommendationsResponse(items: items.map { item in
                RecommendationsResponse.Item(item, text: ForYouList.reason(item.reason, titles: titles, layout: layout))
            }))
        }
    }

    struct Parsed {
        var profile = VisitorProfile()
        var liked: [OfferID] = []
        var length = RecommendationRoutes.defaultLength
        var seed: UInt64 = 0
        var language = Language.fr
    }

    /// Every parameter checked; each problem is collected for one 400.
    static func parse(_ query: inout QueryReader) -> Parsed {
        var parsed = Parsed()
        var interests = Set<CategoryID>()
        for text in list(&query, "interests") {
            if let id = CategoryID(text) { interests.insert(id) } else {
                query.fail("interests", "invalid-identifier", "'\(text.prefix(64))' is not a category id")
            }
        }
        parsed.profile.interests = interests
        parsed.profile.departementCode = query.code(
            "departement", valid: { Departement.code($0) != nil }, message: "must be an INSEE département code such as 75 or 2A")
        parsed.profile.variety = query.choice("variety", as: Variety.self) ?? .balanced
        for issue in parsed.profile.validationIssues() { query.fail(issue.field, issue.code, issue.message) }
        let liked = list(&query, "liked")
        if liked.count > maximumLiked { query.fail("liked", "too-many", "at most \(maximumLiked) offer ids") }
        for text in liked.prefix(maximumLiked) {
            if let id = OfferID(text) { parsed.liked.append(id) } else { query.fail("liked", "invalid-identifier", "'\(text.prefix(64))' is not an offer id") }
        }
        if let length = query.integer("length") {
            if (1...maximumLength).contains(length) { parsed.length = length } else { query.fail("length", "out-of-range", "must be 1–\(maximumLength)") }
        }
        if let seed = query.value("seed") {
            // Int64's range, as the OpenAPI document states it (JSON Schema integers are signed 64-bit in most clients).
            if let number = Int64(seed), number >= 0 { parsed.seed = UInt64(number) } else { query.fail("seed", "not-an-integer", "must be an integer 0–\(Int64.max)") }
        }
        parsed.language = query.language("lang") ?? .fr
        return parsed
    }

    /// A comma-separated parameter's values; absent is empty. An empty item (`a,,b`) is refused, as the
    /// OpenAPI pattern says: a client that built the list wrongly must hear it.
    private static func list(_ query: inout QueryReader, _ name: String) -> [String] {
        guard let text = query.value(name) else { return [] }
        let items = text.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        if items.contains(where: \.isEmpty) { query.fail(name, "empty-item", "a comma-separated list without empty items") }
        return items.filter { !$0.isEmpty }
    }
}

/// The JSON of `GET /api/v1/recommendations`.
struct RecommendationsResponse: Encodable, Sendable {
    static let reasonCodes = ["becauseYouLiked", "yourInterest", "likeYourFavourites", "nearYou", "fairShare", "widening", "firstPick"]

    struct Reason: Encodable, Sendable {
        let code: String
        /// The offer, category, département or group the reason names, when it names one.
        let subject: String?
        /// The reason as a sentence in the asked language.
        let text: String
    }

    struct Item: Encodable, Sendable {
        let offer: Offer
        let venue: SearchResponse.VenueBrief?
        let reason: Reason
        /// `small-venue`, `rural-commune`, `european-work`: the guaranteed groups the offer belongs to.
        let groups: [String]

        init(_ item: ForYouItem, text: String) {
            offer = item.offer
            venue = item.venue.map {
                SearchResponse.VenueBrief(id: $0.id.rawValue, name: $0.name, city: $0.address?.city, departementCode: $0.departementCode,
                                          regionCode: $0.regionCode, coordinates: $0.coordinates)
            }
            let (code, subject): (String, String?) = switch item.reason {
            case .becauseYouLiked(let id): ("becauseYouLiked", id.rawValue)
            case .yourInterest(let category): ("yourInterest", category.rawValue)
            case .likeYourFavourites(let category): ("likeYourFavourites", category.rawValue)
            case .nearYou(let departement): ("nearYou", departement)
            case .fairShare(let group): ("fairShare", group.rawValue)
            case .widening: ("widening", nil)
            case .firstPick: ("firstPick", nil)
            }
            reason = Reason(code: code, subject: subject, text: text)
            groups = item.groups.map(\.rawValue).sorted()
        }
    }

    let items: [Item]
}
