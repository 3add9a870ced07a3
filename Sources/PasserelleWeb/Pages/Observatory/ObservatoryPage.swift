import Foundation
import PasserelleCore
import PasserelleObservatory
import PasserellePrivacy

/// The ministry's dashboard (`/observatory`): a month's release as charts, each with the data table behind it
/// (value, 95 % error bound, status), the indicators, visitors over the released months, and the open-data links.
/// Only published figures are shown; every chart is an SVG with a title and a table, so nothing relies on sight.
struct ObservatoryPage {
    let release: MonthlyRelease?
    let history: [MonthlyRelease]
    let map: ChoroplethMap?
    let institutionNames: [String: String]

    /// Rows shown per table; the CSV has every cell.
    static let rowsShown = 15

    func render(_ layout: PageLayout) -> String {
        layout.render(title: layout.text(.observatoryTitle)) { main in
            main.element("h1", text: layout.text(.observatoryTitle))
            main.element("p", text: layout.text(.observatoryIntro))
            main.element("p", text: layout.text(.observatoryOverseas))
            guard let release else {
                main.element("p", text: layout.text(.observatoryNoRelease))
                return
            }
            periods(&main, layout, current: release.period)
            main.element("h2", text: "\(layout.text(.observatoryPeriod)) \(release.period)")
            downloads(&main, layout, release)
            indicators(&main, layout, release)
            if history.count > 1 { ObservatoryCharts.timeSeries(&main, layout, history) }
            for (index, table) in release.tables.enumerated() {
                let rows = self.rows(table, layout)
                main.element("section", [("aria-labelledby", "t\(index)")]) { section in
                    section.element("h3", [("id", "t\(index)")], text: ObservatoryCharts.tableTitle(table.name, layout))
                    if table.name == "visitors-by-region", let map {
                        ObservatoryCharts.choropleth(&section, layout, map: map, cells: table.released.cells, tableID: "d\(index)")
                    } else {
                        ObservatoryCharts.bars(&section, layout, rows: Array(rows.prefix(Self.rowsShown)), tableID: "d\(index)")
                    }
                    ObservatoryCharts.dataTable(&section, layout, rows: Array(rows.prefix(Self.rowsShown)), total: rows.count, id: "d\(index)")
                }
            }
            main.element("p", text: "\(layout.text(.observatoryMethod)) \(release.tables.first?.released.methodVersion ?? "")")
        }
    }

    /// The table's cells, largest published first, with people's labels for the keys.
    private func rows(_ table: MonthlyRelease.Table, _ layout: PageLayout) -> [ObservatoryCharts.Row] {
        table.released.cells.map { cell in
            ObservatoryCharts.Row(label: label(cell.key, table: table.name, layout), value: cell.value, errorBound: cell.errorBound95, status: cell.status)
        }.sorted { ($0.value ?? -1, $1.label) > ($1.value ?? -1, $0.label) }
    }

    private func label(_ key: String, table: String, _ layout: PageLayout) -> String {
        switch table {
        case "visitors-by-region": Region.code(key)?.name ?? key
        case "consultations-by-domain": CategoryID(key).flatMap(Taxonomy.category)?.label(in: layout.language) ?? key
        case "visitors-by-institution", "page-views-by-institution": institutionNames[key] ?? key
        default: key
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
            list.element("dt", text: layout.text(.observatoryPrivacy))
            let guarantee = release.guarantee.map { "ε = \(number($0.epsilon)), δ = \(Self.powerOfTen($0.delta))" } ?? "—"
            list.element("dd", text: "\(guarantee) (\(layout.text(.observatoryUnit)))")
        }
    }
}
