public import Hummingbird
public import PasserelleCore
public import PasserellePass
public import Prometheus
public import PasserelleObservatory
public import PasserelleDiscovery
public import Foundation
import Logging

/// A source of the catalogue's data, credited on the about page.
public struct SourceCredit: Sendable, Hashable {
    /// The dataset's title, e.g. "Base Muséofile".
    public var title: String
    /// Who publishes it, e.g. "Ministère de la Culture".
    public var publisher: String
    /// Its licence, e.g. "Licence Ouverte 2.0".
    public var licence: String
    /// Where it is published.
    public var url: String
    /// The `provenance.source` code its records carry, so pages name the dataset, not the code.
    public var source: String?

    /// Builds a credit.
    public init(title: String, publisher: String, licence: String, url: String, source: String? = nil) {
        self.title = title
        self.publisher = publisher
        self.licence = licence
        self.url = url
        self.source = source
    }
}

/// Everything the web layer needs from the composition root.
public struct WebDependencies: Sendable {
    /// The catalogue; reads go to it directly, writes only through `CatalogueService`.
    public var store: any CatalogueStore
    /// Readiness probe (e.g. the database answers); `/ready` answers 503 when it returns false.
    public var ready: @Sendable () async -> Bool
    /// The registry `/metrics` renders; the app bootstraps the MetricsSystem with it once.
    public var prometheus: PrometheusCollectorRegistry
    /// Data sources shown on the about page.
    public var credits: [SourceCredit]
    /// An optional notice shown on every page (e.g. "demo catalogue generated locally").
    public var notice: String?
    /// Body and batch limits.
    public var limits: WebLimits
    /// The observatory's event collector; without one, the collection routes are not served.
    public var collector: EventCollector?
    /// The régions' outlines for the observatory's map (empty: the dashboard shows tables only).
    public var regions: [MapRegion] = []
    /// The départements' outlines, for the département table's map (empty: its bars are drawn instead).
    public var departements: [MapRegion] = []
    /// The Musées de France's national attendance per year, for the dashboard's trend (empty: not shown).
    public var museumTrend: [MuseumYear] = []
    /// The search index behind `/api/v1/search` and the `/search` page (nil: neither is served).
    public var search: (any SearchIndex)?
    /// Where editorial collections live (nil: `/api/v1/collections` and `/collections` are not served).
    public var collections: (any CollectionStore)?
    /// Visitors' tastes, favourites and views (nil, or no search index: "for you" and favourites are not served).
    public var visitors: (any VisitorStore)?
    /// The venues' public size and setting figures, for the fair-exposure guarantees of recommendations.
    public var venueTraits: (any VenueTraitStore)?
    /// Institutions allowed to list other institutions' offers and works in their collections (configuration).
    public var collectionEditors: Set<InstitutionID> = []
    /// The site's public origin (`https://passerelle.example`, no trailing slash): the absolute links of what it
    /// publishes (JSON-LD ids, feed links), which a harvester keeps apart from the page it read them on.
    public var publicOrigin = "http://127.0.0.1:8080"
    /// Registered feeds (`/api/v1/feeds`), and why a CSV column mapping cannot be read (the connectors' reader).
    public var feedSources: (any FeedSourceStore)?
    /// Idempotency keys of the provider API (`/api/v1/provider/listings`).
    public var idempotency: (any IdempotencyStore)?
    /// The culture pass and its policy (`/api/v1/pass/…`, `/api/v1/bookings`, `/api/v1/countermarks/…`).
    public var pass: (any PassStore)?
    /// Professionals' accounts (venue staff, teachers): with `groupBookings`, serves the professional area `/pro`.
    public var staff: (any StaffStore)?
    /// Schools, their budgets and class bookings.
    public var groupBookings: (any GroupBookingStore)?
    /// Bookings of partners' offers through their ticketing systems (nil: every stock is booked in Passerelle alone).
    public var partnerBooking: PartnerBooking?
    /// Institutions' booking notifications (`/api/v1/webhook`); nil: not served.
    public var webhooks: (any WebhookStore)?
    /// Whether a webhook subscription may use plain http (loopback receivers in tests, an intranet deployment).
    public var webhooksAllowPrivate = false
    /// Why a webhook URL's host may not be called (it resolves to a private address), nil when it may; the app's
    /// address policy. Asked when a subscription is made; delivery asks again.
    public var webhookAddressRefusal: @Sendable (URL) -> String? = { _ in nil }
    public var passPolicy: CreditPolicy?
    /// Where attempts are counted (nil: no limits, and no beneficiary accounts, which must not go unlimited).
    public var rateLimits: (any RateLimitStore)?
    /// bcrypt's cost and the limits of accounts, bookings and countermarks.
    public var passAccounts = PassAccountSettings.standard
    public var feedMappingProblem: @Sendable (String) -> String? = { _ in nil }
    /// Who answers for the OAI-PMH repository at `/oai`; nil: `admin@` the public origin's host.
    public var oaiAdminEmail: String?

    /// Builds the dependencies.
    public init(
        store: any CatalogueStore, ready: @escaping @Sendable () async -> Bool, prometheus: PrometheusCollectorRegistry,
        credits: [SourceCredit] = [], notice: String? = nil, limits: WebLimits = .standard, collector: EventCollector? = nil
    ) {
        self.collector = collector
        self.store = store
        self.ready = ready
        self.prometheus = prometheus
        self.credits = credits
        self.notice = notice
        self.limits = limits
    }
}

/// The router of the whole site, with the list of routes it serves.
public struct WebRouter {
    /// The Hummingbird router: wrap it in an `Application`.
    public let router: Router<PasserelleRequestContext>
    /// Every route the router serves (method and OpenAPI-style path), sorted.
    public let routes: [RouteEntry]

    /// Builds the router. Middleware order (outermost first): request id, metrics, errors, request log.
    public static func build(_ dependencies: WebDependencies) -> WebRouter {
        let table = RouteTable()
        // HEAD is answered for every GET route (monitors probe with HEAD); the body is dropped.
        let router = Router(context: PasserelleRequestContext.self, options: .autoGenerateHeadEndpoints)
        router.add(middleware: RequestIDMiddleware())
        router.add(middleware: RequestMetricsMiddleware(factory: PrometheusMetricsFactory(registry: dependencies.prometheus)))
        router.add(middleware: ErrorMiddleware(routes: table))
        // Method and path only, credentials in the query redacted: headers (Authorization among them) are never logged.
        router.add(middleware: RequestLogMiddleware(level: .info))
        let passOffered = dependencies.pass != nil && dependencies.passPolicy != nil && dependencies.rateLimits != nil
        router.add(middleware: SiteChromeMiddleware(
            passOffered: passOffered, proOffered: passOffered && dependencies.staff != nil && dependencies.groupBookings != nil))

        let routes = RouteRegistrar(methods: router, table: table)
        OperationalRoutes(ready: dependencies.ready, prometheus: dependencies.prometheus).register(routes)
        let cacheBytes = dependencies.limits.offerDetailCacheBytes
        ReadRoutes(store: dependencies.store, offerDetails: cacheBytes > 0 ? OfferDetailCache(capacityBytes: cacheBytes) : nil)
            .register(routes)
        let collectionReader = dependencies.collections.map {
            CollectionReader(collections: $0, catalogue: dependencies.store, search: dependencies.search)
        }
        var forYou: ForYouReader?
        if let visitors = dependencies.visitors, let traits = dependencies.venueTraits, let search = dependencies.search {
            let reader = ForYouReader(
                visitors: visitors, service: ForYouService(catalogue: dependencies.store, search: search, traits: traits), catalogue: dependencies.store)
            ForYouRoutes(reader: reader, notice: dependencies.notice, limits: dependencies.limits).register(routes)
            RecommendationRoutes(reader: reader).register(routes)
            forYou = reader
        }
        PageRoutes(
            store: dependencies.store, credits: dependencies.credits, notice: dependencies.notice,
            departements: dependencies.departements, search: dependencies.search, collections: collectionReader, forYou: forYou,
            origin: dependencies.publicOrigin, pass: dependencies.rateLimits == nil ? nil : dependencies.pass
        ).register(routes)
        WorkPageRoutes(store: dependencies.store, notice: dependencies.notice, origin: dependencies.publicOrigin).register(routes)
        PublishRoutes(store: dependencies.store, origin: dependencies.publicOrigin).register(routes)
        OAIRoutes(repository: OAIRepository(
            store: dependencies.store, origin: dependencies.publicOrigin,
            adminEmail: dependencies.oaiAdminEmail ?? "admin@" + (URL(string: dependencies.publicOrigin)?.host ?? "localhost.localdomain"))
        ).register(routes)
        if let index = dependencies.search {
            let places = PlaceLookup(index: index)
            SearchRoutes(index: index, places: places).register(routes)
            SearchPageRoutes(index: index, places: places, notice: dependencies.notice).register(routes)
        }

        let service = CatalogueService(store: dependencies.store)
        let writes = router.group()
            .add(middleware: APIKeyAuthMiddleware(store: dependencies.store))
            .group(context: AuthenticatedContext.self)
        let writeRoutes = RouteRegistrar(methods: writes, table: table)
        WriteRoutes(service: service, limits: dependencies.limits).register(writeRoutes)
        BatchRoute(service: service, limits: dependencies.limits).register(writeRoutes)
        if let idempotency = dependencies.idempotency {
            ProviderRoutes(service: service, idempotency: idempotency, limits: dependencies.limits).register(writeRoutes)
        }
        if let pass = dependencies.pass {
            let limiter = dependencies.rateLimits.map { RateLimiter(store: $0, limits: dependencies.passAccounts.limits) }
            let booker = Booker(store: pass, catalogue: dependencies.store, partner: dependencies.partnerBooking)
            let passRoutes = PassRoutes(store: pass, booker: booker, policy: dependencies.passPolicy, limits: dependencies.limits, limiter: limiter)
            let beneficiaries = RouteRegistrar(
                methods: router.group().add(middleware: PassSessionMiddleware(store: pass)).group(context: BeneficiaryContext.self), table: table)
            passRoutes.registerBeneficiary(beneficiaries)
            passRoutes.registerInstitution(writeRoutes)
            ReimbursementRoutes(store: pass).register(writeRoutes)
            VenueBookingRoutes(store: pass, policy: dependencies.passPolicy).register(writeRoutes)
            if let limiter {
                let accounts = PassAccounts(store: pass, hasher: PasswordHasher(cost: dependencies.passAccounts.bcryptCost), limiter: limiter)
                let accountRoutes = PassAccountRoutes(accounts: accounts, limits: dependencies.limits)
                accountRoutes.registerPublic(routes)
                accountRoutes.registerBeneficiary(beneficiaries)
                PassPageRoutes(store: pass, booker: booker, catalogue: dependencies.store, accounts: accounts, policy: dependencies.passPolicy,
                               notice: dependencies.notice, limits: dependencies.limits,
                               secureCookies: dependencies.publicOrigin.hasPrefix("https://")).register(routes)
                if let staff = dependencies.staff, let groups = dependencies.groupBookings {
                    let proAccounts = ProAccounts(store: staff, hasher: accounts.hasher, limiter: limiter)
                    ProPageRoutes(staff: staff, groups: groups, pass: pass, catalogue: dependencies.store, accounts: proAccounts,
                                  notice: dependencies.notice, limits: dependencies.limits,
                                  secureCookies: dependencies.publicOrigin.hasPrefix("https://")).register(routes)
                    let groupRoutes = GroupBookingRoutes(groups: groups, accounts: proAccounts, limits: dependencies.limits)
                    groupRoutes.registerPublic(routes)
                    groupRoutes.registerTeacher(RouteRegistrar(
                        methods: router.group().add(middleware: ProSessionMiddleware(store: staff)).group(context: TeacherContext.self), table: table))
                    ProAccountRoutes(accounts: proAccounts).register(RouteRegistrar(
                        methods: router.group().add(middleware: ProSessionMiddleware(store: staff)).group(context: StaffContext.self), table: table))
                    groupRoutes.registerInstitution(writeRoutes)
                }
            }
        }
        if let webhooks = dependencies.webhooks {
            WebhookRoutes(store: webhooks, limits: dependencies.limits, allowHTTP: dependencies.webhooksAllowPrivate,
                          addressRefusal: dependencies.webhookAddressRefusal, limiter: dependencies.rateLimits.map { RateLimiter(store: $0, limits: dependencies.passAccounts.limits) }).register(writeRoutes)
        }
        KeyRoutes(lifecycle: APIKeyLifecycle(store: dependencies.store), limits: dependencies.limits).register(writeRoutes)
        if let feeds = dependencies.feedSources {
            FeedRoutes(store: feeds, mappingProblem: dependencies.feedMappingProblem, limits: dependencies.limits,
                       limiter: dependencies.rateLimits.map { RateLimiter(store: $0, limits: dependencies.passAccounts.limits) }).register(writeRoutes)
        }
        if let store = dependencies.collections, let collectionReader {
            let collectionRoutes = CollectionRoutes(
                reader: collectionReader, service: CollectionService(store: store, editors: dependencies.collectionEditors),
                limits: dependencies.limits)
            collectionRoutes.registerPublic(routes, keyed: RouteRegistrar(
                methods: router.group().add(middleware: APIKeyAuthMiddleware(store: dependencies.store)), table: table))
            collectionRoutes.registerAuthenticated(writeRoutes)
            CollectionPageRoutes(reader: collectionReader, notice: dependencies.notice).register(routes)
        }
        if let collector = dependencies.collector {
            let observatory = ObservatoryRoutes(collector: collector, store: dependencies.store, limits: dependencies.limits)
            observatory.registerPublic(routes)
            ObservatoryReleaseRoutes(store: collector.store).register(routes)
            ObservatoryPlatformRoutes(store: collector.store).register(routes)
            ObservatoryPageRoutes(
                releases: collector.store, catalogue: dependencies.store, notice: dependencies.notice,
                map: dependencies.regions.isEmpty ? nil : ChoroplethMap(dependencies.regions),
                departementMap: dependencies.departements.isEmpty ? nil : ChoroplethMap(dependencies.departements, width: 420),
                museumTrend: dependencies.museumTrend
            ).register(routes)
            observatory.registerAuthenticated(writeRoutes)
        }
        return WebRouter(router: router, routes: table.all)
    }
}

/// Builds the site's router (see `WebRouter.build` for the route list as well).
public func makeRouter(_ dependencies: WebDependencies) -> Router<PasserelleRequestContext> {
    WebRouter.build(dependencies).router
}
