import Foundation
import Hummingbird
import PasserelleCore
import PasserelleObservatory
import PasserellePrivacy

/// One year of the Musées de France's national attendance (sum over the museums that reported).
public struct MuseumYear: Sendable, Hashable {
    /// The year.
    public let year: Int
    /// Entries that year.
    public let visitors: Int64

    /// Creates a year.
    public init(year: Int, visitors: Int64) {
        self.year = year
        self.visitors = visitors
    }
}

/// `GET /observatory`: the dashboard of a release (`?period=YYYY-MM`, default the latest; `?table=NAME` for one
/// table whole, `?table=museums` for the museums' yearly attendance).
struct ObservatoryPageRoutes {
    let releases: any ObservatoryStore
    let catalogue: any CatalogueStore
    let notice: String?
    let map: ChoroplethMap?
    let departementMap: ChoroplethMap?
    let museumTrend: [MuseumYear]
    /// Releases are immutable: each is read and decoded once, not on every page view.
    private let cache = ReleaseCache()

    init(
        releases: any ObservatoryStore, catalogue: any CatalogueStore, notice: String?, map: ChoroplethMap?,
        departementMap: ChoroplethMap? = nil, museumTrend: [MuseumYear] = []
    ) {
        self.releases = releases
        self.catalogue = catalogue
        self.notice = notice
        self.map = map
        self.departementMap = departementMap
        self.museumTrend = museumTrend
    }

    /// Months kept in the time series.
    static let historyMonths = 24

    func register(_ routes: RouteRegistrar<PasserelleRequestContext>) {
        routes.get("/observatory") { request, _ in
            let layout = Pages.layout(for: request, notice: notice)
            let periods = try await releases.releasedPeriods()
            let asked = request.uri.queryParameters.get("period")
            if let asked, ReleasePeriod(asked).map(periods.contains) != true {
                return Pages.errorPage(problem: Problem(.notFound, detail: "no release for \(asked)"), request: request, headers: [:])
            }
            let history = try await self.history(periods)
            let current = asked.flatMap(ReleasePeriod.init).flatMap { period in history.first { $0.period == period } } ?? history.last
            let table = request.uri.queryParameters.get("table").map { String($0) }
            if let table, table != ObservatoryPage.museumsView, current?.tables.contains(where: { $0.name == table }) != true {
                return Pages.errorPage(problem: Problem(.notFound, detail: "no table \(table) in this release"), request: request, headers: [:])
            }
            let names = try await institutionNames(current, all: table != nil)
            var page = ObservatoryPage(release: current, history: history, map: map, institutionNames: names, table: table, museumTrend: museumTrend)
            page.departementMap = departementMap
            return Pages.html(page.render(layout))
        }
        routes.get("/observatory/institutions/{id}") { request, context in
            let layout = Pages.layout(for: request, notice: notice)
            let id = context.parameters.get("id").flatMap(InstitutionID.init)
            guard let id, let institution = try await catalogue.read({ try await $0.institution(id) }) else {
                return Pages.errorPage(problem: Problem(.notFound, detail: "no such institution"), request: request, headers: [:])
            }
            let history = try await self.history(try await releases.releasedPeriods())
            return Pages.html(InstitutionAudiencePage(institution: institution, history: history).render(layout))
        }
    }

    /// The latest releases, oldest first, from the cache.
    private func history(_ periods: [ReleasePeriod]) async throws -> [MonthlyRelease] {
        var history = [MonthlyRelease]()
        for period in periods.prefix(Self.historyMonths).reversed() {
            if let release = try await cache.release(period, from: releases) { history.append(release) }
        }
        return history
    }

    /// Names of the institutions shown (the largest of each institution table, or all of them on a table's own
    /// view), read one by one.
    private func institutionNames(_ release: MonthlyRelease?, all: Bool) async throws -> [String: String] {
        var ids = Set<String>()
        for table in release?.tables ?? [] where table.name.hasSuffix("-by-institution") {
            let top = table.released.cells.sorted { ($0.value ?? -1) > ($1.value ?? -1) }.prefix(all ? ObservatoryPage.rowsPerTableView : ObservatoryPage.rowsShown)
            ids.formUnion(top.map(\.key))
        }
        let wanted = ids
        return try await catalogue.read { reader in
            var names = [String: String]()
            for id in wanted {
                if let institution = try await reader.institution(InstitutionID(trusted: id)) { names[id] = institution.name }
            }
            return names
        }
    }
}

/// Decoded releases by period. A release never changes once stored, so an entry never goes stale; the dashboard
/// shows at most `historyMonths` of them, which bounds what is kept.
actor ReleaseCache {
    private var releases = [ReleasePeriod: MonthlyRelease]()

    func release(_ period: ReleasePeriod, from store: any ObservatoryStore) async throws -> MonthlyRelease? {
        if let release = releases[period] { return release }
        guard let release = try await store.release(period) else { return nil }
        if releases.count >= 4 * ObservatoryPageRoutes.historyMonths { releases.removeAll() }
        releases[period] = release
        return release
    }
}
