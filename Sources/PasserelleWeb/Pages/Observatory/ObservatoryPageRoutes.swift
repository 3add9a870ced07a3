import Foundation
import Hummingbird
import PasserelleCore
import PasserelleObservatory
import PasserellePrivacy

/// `GET /observatory`: the dashboard of a release (`?period=YYYY-MM`, default the latest).
struct ObservatoryPageRoutes {
    let releases: any ObservatoryStore
    let catalogue: any CatalogueStore
    let notice: String?
    let map: ChoroplethMap?

    /// Months kept in the time series.
    static let historyMonths = 24

    func register(_ routes: RouteRegistrar<PasserelleRequestContext>) {
        routes.get("/observatory") { request, _ in
            let layout = PageLayout(language: Pages.language(for: request), path: request.uri.path, notice: notice)
            let periods = try await releases.releasedPeriods()
            let asked = request.uri.queryParameters.get("period")
            if let asked, ReleasePeriod(asked).map(periods.contains) != true {
                return Pages.errorPage(problem: Problem(.notFound, detail: "no release for \(asked)"), request: request, headers: [:])
            }
            var history = [MonthlyRelease]()
            for period in periods.prefix(Self.historyMonths).reversed() {
                if let release = try await releases.release(period) { history.append(release) }
            }
            let current = asked.flatMap(ReleasePeriod.init).flatMap { period in history.first { $0.period == period } } ?? history.last
            let names = try await institutionNames(current)
            return Pages.html(ObservatoryPage(release: current, history: history, map: map, institutionNames: names).render(layout))
        }
        routes.get("/observatory/institutions/{id}") { request, context in
            let layout = PageLayout(language: Pages.language(for: request), path: request.uri.path, notice: notice)
            let id = context.parameters.get("id").flatMap(InstitutionID.init)
            guard let id, let institution = try await catalogue.read({ try await $0.institution(id) }) else {
                return Pages.errorPage(problem: Problem(.notFound, detail: "no such institution"), request: request, headers: [:])
            }
            var history = [MonthlyRelease]()
            for period in try await releases.releasedPeriods().prefix(Self.historyMonths).reversed() {
                if let release = try await releases.release(period) { history.append(release) }
            }
            return Pages.html(InstitutionAudiencePage(institution: institution, history: history).render(layout))
        }
    }

    /// Names of the institutions shown (the largest of each institution table), read one by one.
    private func institutionNames(_ release: MonthlyRelease?) async throws -> [String: String] {
        var ids = Set<String>()
        for table in release?.tables ?? [] where table.name.hasSuffix("-by-institution") {
            let top = table.released.cells.sorted { ($0.value ?? -1) > ($1.value ?? -1) }.prefix(ObservatoryPage.rowsShown)
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
