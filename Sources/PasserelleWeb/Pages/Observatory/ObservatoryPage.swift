import Foundation
import PasserelleCore
import PasserelleObservatory
import PasserellePrivacy

/// The ministry's dashboard (`/observatory`). The overview shows a month's indicators, its visitors week by week,
/// the map by région and the domains, each chart with the data table behind it (value, 95 % error bound, status),
/// then links to every table of the month (`?table=NAME`, each with all its rows) and to the museums' yearly
/// attendance (`?table=museums`). Only published figures are shown; nothing relies on sight.
struct ObservatoryPage {
    let release: MonthlyRelease?
    let history: [MonthlyRelease]
    let map: ChoroplethMap?
    let institutionNames: [String: String]
    /// The one table asked for (`?table=`), or nil for the overview.
    var table: String? = nil
    /// National attendance of the Musées de France per year (open data, not a DP release).
    var museumTrend: [MuseumYear] = []
    /// The départements' map, drawn on the département table's own view.
    var departementMap: ChoroplethMap? = nil

    /// The pseudo-table name of the museums' attendance view.
    static let museumsView = "museums"
    /// Rows shown per chart on the overview.
    static let rowsShown = 12
    /// Rows shown on a table's own view: a whole month of days; the largest 31 of longer tables (départements,
    /// works), the rest in the CSV, so that the page stays light (EcoIndex A).
    static let rowsPerTableView = 31
    /// Rows of the département table under its map (the map names and values every département).
    static let rowsBesideAMap = 20

    func render(_ layout: PageLayout) -> String {
        layout.render(title: layout.text(.observatoryTitle)) { main in
            main.element("h1", text: layout.text(.observatoryTitle))
            main.element("p", text: layout.text(.observatoryIntro))
            if table == Self.museumsView {
                museums(&main, layout)
                return
            }
            guard let release else {
                main.element("p", text: layout.text(.observatoryNoRelease))
                return
            }
            periods(&main, layout, current: release.period)
            main.element("h2", text: "\(layout.text(.observatoryPeriod)) \(release.period)")
            downloads(&main, layout, release)
            if let name = table, let chosen = release.tables.first(where: { $0.name == name }) {
                // The départements' map carries a title per département: its table shows fewer rows.
                let limit = chosen.name == AudienceGrid.Name.visitorsByDepartement && departementMap != nil ? Self.rowsBesideAMap : Self.rowsPerTableView
                section(&main, layout, chosen, index: 0, rowLimit: limit)
            } else {
                overview(&main, layout, release)
            }
            main.element("p", text: "\(layout.text(.observatoryMethod)) \(release.tables.first?.released.methodVersion ?? "")")
        }
    }

    private func overview(_ main: inout HTML, _ layout: PageLayout, _ release: MonthlyRelease) {
        indicators(&main, layout, release)
        if let weeks = release.weeks, !weeks.isEmpty {
            let points = weeks.map { ObservatoryCharts.Point(label: "\($0.from.suffix(5))–\($0.through.suffix(5))", value: $0.visitors, errorBound: $0.errorBound95) }
            ObservatoryCharts.timeSeries(&main, layout, title: layout.text(.observatoryVisitorsByWeek), id: "weeks", periodHeader: layout.text(.observatoryWeek), points: points)
        }
        if history.count > 1 { ObservatoryCharts.timeSeries(&main, layout, history) }
        main.element("p", text: layout.text(.observatoryOverseas))
        for (index, name) in [AudienceGrid.Name.visitorsByRegion, AudienceGrid.Name.consultationsByDomain].enumerated() {
            if let table = release.tables.first(where: { $0.name == name }) { section(&main, layout, table, index: index, rowLimit: Self.rowsShown) }
        }
        main.element("h3", [("id", "all")], text: layout.text(.observatoryAllTables))
        main.element("ul", [("aria-labelledby", "all")]) { list in
            for table in release.tables {
                list.element("li") { item in
                    item.element("a", [("href", "/observatory?period=\(release.period)&table=\(table.name)&lang=\(layout.language.rawValue)")], text: ObservatoryCharts.tableTitle(table.name, layout))
                }
            }
            list.element("li") { item in
                item.element("a", [("href", "/observatory?table=\(Self.museumsView)&lang=\(layout.language.rawValue)")], text: layout.text(.observatoryMuseumTrend))
            }
        }
    }

    /// One table: its chart (the map for régions) and its data table.
    private func section(_ main: inout HTML, _ layout: PageLayout, _ table: MonthlyRelease.Table, index: Int, rowLimit: Int) {
        let rows = self.rows(table, layout)
        let shown = Array(rows.prefix(rowLimit))
        main.element("section", [("aria-labelledby", "t\(index)")]) { section in
            section.element("h3", [("id", "t\(index)")], text: ObservatoryCharts.tableTitle(table.name, layout))
            // The method's description is written in English once, in the release: said so to screen readers.
            section.element("p", layout.language == .en ? [] : [("lang", "en")], text: table.description)
            if table.name == AudienceGrid.Name.visitorsByRegion, let map {
                ObservatoryCharts.choropleth(&section, layout, map: map, cells: table.released.cells, tableID: "d\(index)", note: .observatoryMapNote)
            } else if table.name == AudienceGrid.Name.visitorsByDepartement, let departementMap {
                ObservatoryCharts.choropleth(
                    &section, layout, map: departementMap, cells: table.released.cells, tableID: "d\(index)", note: .observatoryDepartementMapNote
                )
            } else if !shown.isEmpty {
                ObservatoryCharts.bars(&section, layout, rows: shown, tableID: "d\(index)")
            }
            ObservatoryCharts.dataTable(&section, layout, rows: shown, total: rows.count, id: "d\(index)")
        }
    }

    /// The yearly national attendance of the Musées de France, from the open data file.
    private func museums(_ main: inout HTML, _ layout: PageLayout) {
        guard !museumTrend.isEmpty else {
            main.element("p", text: layout.text(.observatoryNoRelease))
            return
        }
        let points = museumTrend.map { ObservatoryCharts.Point(label: String($0.year), value: $0.visitors) }
        ObservatoryCharts.timeSeries(&main, layout, title: layout.text(.observatoryMuseumTrend), id: "museums", periodHeader: layout.text(.observatoryYear), points: points)
        main.element("p") { p in
            p.text("Source : ")
            p.element("a", [("href", "https://data.culture.gouv.fr/explore/dataset/frequentation-des-musees-de-france/")], text: "Ministère de la Culture, fréquentation des musées de France")
            p.text(" — Licence Ouverte 2.0")
        }
    }

    /// The table's cells, largest published first (days in calendar order), with people's labels for the keys.
    private func rows(_ table: MonthlyRelease.Table, _ layout: PageLayout) -> [ObservatoryCharts.Row] {
        let rows = table.released.cells.map { cell in
            ObservatoryCharts.Row(label: label(cell.key, table: table.name, layout), value: cell.value, errorBound: cell.errorBound95, status: cell.status)
        }
        if table.name == AudienceGrid.Name.visitorsByDay { return rows }
        return rows.sorted { ($0.value ?? -1, $1.label) > ($1.value ?? -1, $0.label) }
    }

    private func label(_ key: String, table: String, _ layout: PageLayout) -> String {
        typealias N = AudienceGrid.Name
        switch table {
        case N.visitorsByRegion: return Region.code(key)?.name ?? key
        case N.visitorsByDepartement: return Departement.code(key).map { "\($0.name) (\(key))" } ?? key
        case N.consultationsByDomain, N.firstVisitsByDomain: return CategoryID(key).flatMap(Taxonomy.category)?.label(in: layout.language) ?? key
        case N.consultationsByWorkOrigin:
            let keys: [WorkOrigin: UIKey] = [.france: .observatoryOriginFrance, .europe: .observatoryOriginEurope, .elsewhere: .observatoryOriginElsewhere, .unknown: .observatoryOriginUnknown]
            return WorkOrigin(rawValue: key).flatMap { keys[$0] }.map(layout.text) ?? key
        default: return table.hasSuffix("-by-institution") ? institutionNames[key] ?? key : key
        }
    }

    /// `10⁻⁷` for 1e-7; other values as they are.
    static func powerOfTen(_ value: Double) -> String {
        let exponent = log10(value).rounded()
        guard value > 0, abs(value - pow(10, exponent)) <= value * 1e-9 else { return "\(value)" }
        let superscripts: [Character: Character] = ["-": "⁻", "0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴", "5": "⁵", "6": "⁶", "7": "⁷", "8": "⁸", "9": "⁹"]
        return "10" + String(String(Int(exponent)).map { superscripts[$0] ?? $0 })
    }

    private func periods(_ html: inout HTML, _ layout: PageLayout, current: ReleasePeriod) {
        guard history.count > 1 else { return }
        html.element("nav", [("aria-label", layout.text(.observatoryReleases))]) { nav in
            nav.element("ul") { list in
                for release in history.reversed() {
                    list.element("li") { item in
                        let attributes: [HTML.Attribute] = release.period == current ? [("aria-current", "page")] : []
                        item.element("a", [("href", "/observatory?period=\(release.period)&lang=\(layout.language.rawValue)")] + attributes, text: release.period.description)
                    }
                }
            }
        }
    }

    private func downloads(_ html: inout HTML, _ layout: PageLayout, _ release: MonthlyRelease) {
        html.element("p") { p in
            p.text(layout.text(.observatoryOpenData) + " ")
            p.element("a", [("href", "/api/v1/observatory/releases/\(release.period)")], text: "JSON")
            p.text(" · ")
            p.element("a", [("href", "/api/v1/observatory/releases/\(release.period)/cells.csv")], text: "CSV")
            p.text(" · ")
            p.element("a", [("href", "/api/v1/observatory/catalog")], text: "DCAT-AP")
            p.text(" — Licence Ouverte 2.0")
        }
    }

    private func indicators(_ html: inout HTML, _ layout: PageLayout, _ release: MonthlyRelease) {
        let locale = Locale(identifier: layout.language.rawValue)
        func number(_ value: Double?) -> String { value.map { $0.formatted(.number.precision(.fractionLength(3)).locale(locale)) } ?? "—" }
        html.element("dl") { list in
            list.element("dt", text: layout.text(.observatoryHHI))
            list.element("dd", text: number(release.indicators.institutionsHHI))
            list.element("dt", text: layout.text(.observatoryGini))
            list.element("dd", text: number(release.indicators.institutionsGini))
            list.element("dt", text: layout.text(.observatoryEntropy))
            list.element("dd", text: number(release.indicators.domainEntropyBits))
            let percentages: [(UIKey, Double?)] = [
                (.observatoryThreeDomains, release.indicators.shareActiveInThreeDomains), (.observatoryFrenchWorks, release.indicators.shareFrenchWorks),
                (.observatoryEuropeanWorks, release.indicators.shareOtherEuropeanWorks), (.observatoryConversion, release.indicators.conversionToBooking),
            ]
            for (key, value) in percentages {
                list.element("dt", text: layout.text(key))
                list.element("dd", text: value.map { $0.formatted(.percent.precision(.fractionLength(1)).locale(locale)) } ?? "—")
            }
            list.element("dt", text: layout.text(.observatoryWorksGini))
            list.element("dd", text: number(release.indicators.worksGini))
            list.element("dt", text: layout.text(.observatoryPrivacy))
            let guarantee = release.guarantee.map { "ε = \(number($0.epsilon)), δ = \(Self.powerOfTen($0.delta))" } ?? "—"
            list.element("dd", text: "\(guarantee) (\(layout.text(.observatoryUnit)))")
        }
    }
}
