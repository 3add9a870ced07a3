public import Hummingbird
public import Logging
import Metrics
public import PasserelleStorage
public import PasserelleWeb
public import Prometheus
import ServiceLifecycle
import PasserelleObservatory
public import PasserellePass
import Foundation

/// Builds the running service: the store, the web routes and their lifecycle in one Hummingbird application.
public enum PasserelleServer {
    /// The application for `settings`, serving `store`. The store is closed when the application shuts down.
    public static func application(
        settings: Settings,
        store: SQLStore,
        prometheus: PrometheusCollectorRegistry,
        about: AboutContent,
        logger: Logger,
        onRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        let collector = EventCollector(store: SQLObservatoryStore(store: store))
        var dependencies = WebDependencies(
            store: store,
            ready: { await store.isReady() },
            prometheus: prometheus,
            credits: about.credits,
            notice: about.notice,
            limits: WebLimits(offerDetailCacheBytes: settings.offerCacheMegabytes << 20),
            collector: collector
        )
        dependencies.search = store
        dependencies.collections = store
        dependencies.visitors = store
        dependencies.venueTraits = store
        dependencies.collectionEditors = settings.collectionEditors
        dependencies.publicOrigin = settings.publicOrigin
        dependencies.feedSources = store
        dependencies.idempotency = store
        dependencies.pass = store
        dependencies.staff = store
        dependencies.groupBookings = store
        dependencies.partnerBooking = partnerBooking(store, settings)
        dependencies.webhooks = store
        dependencies.webhooksAllowPrivate = settings.webhooksAllowPrivate
        let webhookAddresses = FeedAddressPolicy(allowPrivate: settings.webhooksAllowPrivate)
        dependencies.webhookAddressRefusal = { webhookAddresses.refusal(for: $0) }
        dependencies.passPolicy = settings.passPolicy
        dependencies.rateLimits = store
        dependencies.passAccounts = settings.passAccounts
        dependencies.feedMappingProblem = FeedRunner.mappingProblem
        dependencies.oaiAdminEmail = settings.oaiAdminEmail
        dependencies.regions = ObservatoryMap.regions(realdata: settings.realdataRoot, logger: logger)
        dependencies.departements = ObservatoryMap.departements(realdata: settings.realdataRoot, logger: logger)
        dependencies.museumTrend = ObservatoryMap.museumTrend(realdata: settings.realdataRoot, logger: logger)
        let router = makeRouter(dependencies)
        return Application(
            router: router,
            server: .guarded(settings.connections, logger: logger),
            configuration: ApplicationConfiguration(address: .hostname(settings.host, port: settings.port), serverName: "Passerelle"),
            services: services(settings: settings, store: store, collector: collector, logger: logger),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? settings.port) },
            logger: logger
        )
    }

    /// The background services, shut down in reverse order: the feed reader stops first, then the collector
    /// writes its queue, then the store closes.
    static func services(settings: Settings, store: SQLStore, collector: EventCollector, logger: Logger) -> [any Service] {
        var services: [any Service] = [StoreLifecycle(store: store, logger: logger), ObservatoryCollection(collector: collector, store: store, logger: logger)]
        if settings.feedsEnabled {
            let runner = FeedRunner(store: store, policy: FeedAddressPolicy(allowPrivate: settings.feedsAllowPrivate), logger: logger)
            services.append(FeedScheduler(runner: runner, logger: logger))
        }
        if let policy = settings.passPolicy {
            services.append(PassExpiry(store: store, policy: policy, logger: logger))
            services.append(HoldSettlement(partner: partnerBooking(store, settings), logger: logger))
        }
        // Whether or not the pass is on: a ping, at least, is an institution's to send.
        if settings.webhooksEnabled {
            services.append(WebhookDispatcher(store: store, timeout: TimeInterval(settings.webhookTimeoutSeconds),
                                              allowPrivate: settings.webhooksAllowPrivate, logger: logger))
        }
        return services
    }

    /// Partners' offers booked through their ticketing systems, over HTTP.
    public static func partnerBooking(_ store: SQLStore, _ settings: Settings) -> PartnerBooking {
        PartnerBooking(store: store, endpoints: store, client: HTTPTicketingClient(timeout: TimeInterval(settings.ticketingTimeoutSeconds)),
                       holdTTL: TimeInterval(settings.holdTTLSeconds))
    }

    /// Routes swift-metrics to one Prometheus registry for the whole process; returns that registry.
    /// Call once, at start-up, from the executable (the metrics system can be bootstrapped only once).
    public static func bootstrapMetrics() -> PrometheusCollectorRegistry {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return registry
    }
}

/// What the "about" page shows: the data sources to credit, and a notice when the demo data is generated.
public struct AboutContent: Sendable {
    public var credits: [SourceCredit]
    public var notice: String?

    public init(credits: [SourceCredit] = [], notice: String? = nil) {
        self.credits = credits
        self.notice = notice
    }
}

/// Closes the store's connections after the server has drained, on graceful shutdown.
struct StoreLifecycle: Service {
    let store: SQLStore
    let logger: Logger

    func run() async throws {
        try? await gracefulShutdown()
        logger.info("closing the database")
        // The service group may end by cancellation rather than by a graceful shutdown; closing must not be
        // cancelled with it, or connections would be left open. The task is awaited at once, so it stays scoped.
        let store = store
        try await Task { try await store.shutdown() }.value
    }
}
