import Foundation
import HTTPTypes
import Hummingbird
import Logging
import PasserelleCore
import PasserelleDiscovery

/// The visitor's recommendations, shared by the home page, the offer pages and `/for-you`. The collaborative
/// model is retrained from the stored signals at most every ten minutes, concurrent requests sharing one run;
/// visitors unseen for 13 months are forgotten at the same time.
struct ForYouReader: Sendable {
    let visitors: any VisitorStore
    let service: ForYouService
    let catalogue: any CatalogueStore
    private let model = SharedExpiringValue<TrainedModel>(lifetime: .seconds(600))
    /// The list of a visitor without a cookie is the same for everyone: about twenty searches, shared for a minute.
    private let anonymous = SharedExpiringValue<Recommendations>(lifetime: .seconds(60))

    /// The newest signals the model trains on (about 15 MB of memory at most).
    static let trainingSignals = 500_000

    struct TrainedModel: Sendable { let model: NeighbourModel? }

    struct Recommendations: Sendable {
        let profile: VisitorProfile
        let signals: [VisitorSignal]
        let items: [ForYouItem]
        /// Titles of the offers the reasons name.
        let titles: [OfferID: LocalizedText]
    }

    init(visitors: any VisitorStore, service: ForYouService, catalogue: any CatalogueStore) {
        self.visitors = visitors
        self.service = service
        self.catalogue = catalogue
    }

    func recommendations(for visitor: VisitorID?, length: Int) async throws -> Recommendations {
        guard let visitor else { return try await anonymous.value { try await compute(for: nil, length: length) } }
        return try await compute(for: visitor, length: length)
    }

    private func compute(for visitor: VisitorID?, length: Int) async throws -> Recommendations {
        var profile = VisitorProfile(), signals: [VisitorSignal] = []
        if let visitor {
            profile = try await visitors.profile(of: visitor) ?? VisitorProfile()
            signals = try await visitors.signals(of: visitor)
        }
        let items = try await service.recommend(
            profile: profile, signals: signals, model: try await trainedModel().model, length: length, seed: visitor?.seed ?? 0)
        let named = Set(items.compactMap { item -> OfferID? in if case .becauseYouLiked(let id) = item.reason { id } else { nil } })
        let titles = try await offers(Array(named)).reduce(into: [OfferID: LocalizedText]()) { $0[$1.id] = $1.title }
        return Recommendations(profile: profile, signals: signals, items: items, titles: titles)
    }

    /// A list for tastes the caller keeps (nothing is stored): the liked offers weigh as favourites.
    func recommend(profile: VisitorProfile, liked: [OfferID], length: Int, seed: UInt64) async throws -> [ForYouItem] {
        let now = Date()
        let signals = liked.map { VisitorSignal(offerID: $0, kind: .favourite, at: now) }
        return try await service.recommend(profile: profile, signals: signals, model: try await trainedModel().model, length: length, seed: seed)
    }

    private func trainedModel() async throws -> TrainedModel {
        let visitors = self.visitors
        return try await model.value {
            // The retention limit is applied here, with the retraining: every ten minutes while visitors come.
            try await visitors.forgetVisitors(inactiveSince: Date().addingTimeInterval(-VisitorLimits.inactivityLimit))
            let signals = try await visitors.trainingSignals(limit: Self.trainingSignals)
            return TrainedModel(model: signals.isEmpty ? nil : NeighbourModel(signals: signals))
        }
    }

    /// The active offers among `ids`, in their order.
    func offers(_ ids: [OfferID]) async throws -> [Offer] {
        guard !ids.isEmpty else { return [] }
        return try await catalogue.read { tx in
            var found: [Offer] = []
            for id in ids { if let offer = try await tx.offer(id), offer.status == .active { found.append(offer) } }
            return found
        }
    }
}

/// `/for-you` and the forms that change what is kept: tastes, favourites, erasure. Every form is a POST from
/// Passerelle's own pages (checked), answered by a 303 back to a page, so that it works without JavaScript.
struct ForYouRoutes {
    let reader: ForYouReader
    let notice: String?
    let limits: WebLimits

    /// Recommendations listed on `/for-you`, and on the home page.
    static let listed = 12
    static let onHome = 4

    func register(_ routes: RouteRegistrar<PasserelleRequestContext>) {
        routes.get("/for-you") { request, _ in
            let saved = request.uri.queryParameters.get("saved")
            // Like every page, it refuses what it does not understand rather than ignoring it.
            if let saved, saved != "1" { throw Problem.badRequest("`saved` is 1 or absent.") }
            let visitor = VisitorSession.visitor(request)
            let found = try await reader.recommendations(for: visitor, length: Self.listed)
            let favourites = try await reader.offers(found.signals.filter { $0.kind == .favourite }.map(\.offerID))
            var page = ForYouPage(profile: found.profile, hasVisitor: visitor != nil, items: found.items, favourites: favourites, titles: found.titles)
            page.saved = saved == "1"
            return Pages.html(page.render(Pages.layout(for: request, notice: notice)), headers: Self.privateHeaders(visitor))
        }
        routes.post("/for-you") { request, _ in
            try VisitorSession.requireSameOrigin(request)
            let form = try await FormBody.read(request, limit: limits.formBodyBytes)
            let profile = try Self.profile(form)
            let (visitor, cookie) = Self.visitorOrNew(request)
            try await reader.visitors.saveProfile(profile, for: visitor, at: Date())
            let layout = Pages.layout(for: request, notice: nil)
            return VisitorSession.redirect(to: layout.link("/for-you") + "&saved=1", cookie: cookie)
        }
        routes.post("/favourites") { request, _ in
            try VisitorSession.requireSameOrigin(request)
            let form = try await FormBody.read(request, limit: limits.formBodyBytes)
            guard let id = form.value("offer").flatMap(OfferID.init), let offer = try await reader.offers([id]).first else {
                throw Problem(.notFound, code: "unknown-offer", detail: "No active offer has this id.")
            }
            let (visitor, cookie) = Self.visitorOrNew(request)
            switch form.value("action") {
            case "add":
                do {
                    try await reader.visitors.record(VisitorSignal(offerID: offer.id, kind: .favourite, at: Date()), for: visitor)
                } catch VisitorError.tooManyFavourites {
                    throw Problem(.conflict, code: "too-many-favourites",
                                  detail: "At most \(VisitorLimits.maximumFavourites) favourites are kept: remove one first.")
                }
            case "remove": try await reader.visitors.removeFavourite(offer.id, for: visitor)
            default: throw Problem(.unprocessableContent, code: "invalid-action", detail: "The action is `add` or `remove`.")
            }
            let back = VisitorSession.localPath(form.value("back"), fallback: Pages.layout(for: request, notice: nil).link("/offers/\(offer.id.rawValue)"))
            return VisitorSession.redirect(to: back, cookie: cookie)
        }
        routes.post("/for-you/forget") { request, _ in
            try VisitorSession.requireSameOrigin(request)
            if let visitor = VisitorSession.visitor(request) { try await reader.visitors.forget(visitor) }
            return VisitorSession.redirect(to: Pages.layout(for: request, notice: nil).link("/for-you"), cookie: VisitorSession.expiredCookie)
        }
    }

    /// A page drawn for one visitor is theirs: no shared cache keeps it. The anonymous variant of the same address
    /// says it depends on the cookie, so a cache never hands it to a visitor who has one (or the reverse).
    static func privateHeaders(_ visitor: VisitorID?) -> HTTPFields {
        visitor == nil ? [.vary: "Cookie"] : [.cacheControl: "private, no-store", .vary: "Cookie"]
    }

    static func visitorOrNew(_ request: Request) -> (VisitorID, cookie: String?) {
        if let visitor = VisitorSession.visitor(request) { return (visitor, nil) }
        let visitor = VisitorID.random()
        return (visitor, VisitorSession.setCookie(visitor))
    }

    /// The tastes form: interests (category ids), an optional département, a variety; any bad field is a 422.
    static func profile(_ form: FormBody) throws -> VisitorProfile {
        var issues: [FieldIssue] = []
        var interests = Set<CategoryID>()
        for value in form.values("interest") {
            guard let id = CategoryID(value) else {
                issues.append(FieldIssue(field: "interest", code: "invalid", message: "'\(value.prefix(64))' is not a category id"))
                continue
            }
            interests.insert(id)
        }
        let departement = form.value("departement").flatMap { $0.isEmpty ? nil : $0 }
        let varietyText = form.value("variety") ?? Variety.balanced.rawValue
        guard let variety = Variety(rawValue: varietyText) else {
            throw Problem(.unprocessableContent, code: "invalid", detail: "The variety is one of same, balanced, wider.")
        }
        let profile = VisitorProfile(interests: interests, departementCode: departement, variety: variety)
        issues += profile.validationIssues()
        guard issues.isEmpty else {
            throw Problem(.unprocessableContent, code: "invalid", detail: issues.map(\.description).joined(separator: "; "), errors: issues)
        }
        return profile
    }
}
