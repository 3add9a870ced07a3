import Foundation
import PasserelleObservatory
import PasserellePrivacy

/// The dashboard's charts as inline SVG (no script, no external file), each with a `<title>` and a description
/// pointing at its data table, where every value is (marks carry no text of their own: the page stays light, and
/// the map's régions keep a `<title>` each since their shape does not say their name). Withheld cells are drawn as empty and
/// said so in the table.
enum ObservatoryCharts {
    struct Row {
        let label: String
        let value: Int64?
        let errorBound: Int64
        let status: CellStatus
    }

    static let barColour = "#0b4f9c"
    static let textColour = "#1a1a1a"

    static func tableTitle(_ name: String, _ layout: PageLayout) -> String {
        typealias N = AudienceGrid.Name
        let keys: [String: UIKey] = [
            N.visitorsByInstitution: .observatoryVisitorsByInstitution, N.pageViewsByInstitution: .observatoryPageViewsByInstitution,
            N.visitorsByDay: .observatoryVisitorsByDay, N.visitorsByRegion: .observatoryVisitorsByRegion,
            N.visitorsByDepartement: .observatoryVisitorsByDepartement, N.visitorsByChannelDevice: .observatoryVisitorsByChannel,
            N.visitorsByAgeBand: .observatoryVisitorsByAgeBand, N.consultationsByDomain: .observatoryConsultationsByDomain,
            N.visitorsByDomainCount: .observatoryVisitorsByDomainCount, N.consultationsByWorkOrigin: .observatoryConsultationsByWorkOrigin,
            N.consultationsByWork: .observatoryConsultationsByWork, N.bookersByInstitution: .observatoryBookersByInstitution,
            N.firstVisitorsByInstitution: .observatoryFirstVisitorsByInstitution, N.firstVisitsByDomain: .observatoryFirstVisitsByDomain,
        ]
        return keys[name].map(layout.text) ?? name
    }

    /// Horizontal bars of the published values, with their ±95 % error bound as a whisker. All bars are one path
    /// and all whiskers another (a page's weight is mostly its element count); the values are in the table.
    static func bars(_ html: inout HTML, _ layout: PageLayout, rows: [Row], tableID: String) {
        let maximum = max(1, rows.compactMap { $0.value.map { $0 + $0 / 10 } }.max() ?? 1)
        let rowHeight = 22, labelWidth = 260, chartWidth = 420
        let height = rows.count * rowHeight + 4
        func x(_ value: Int64) -> Int { min(chartWidth, Int(Double(max(0, value)) / Double(maximum) * Double(chartWidth))) }
        var barPath = "", whiskerPath = ""
        for (i, row) in rows.enumerated() {
            guard let value = row.value else { continue }
            let y = i * rowHeight + 2
            barPath += "M\(labelWidth) \(y + 3)h\(max(1, x(value)))v14h-\(max(1, x(value)))z"
            whiskerPath += "M\(labelWidth + x(value - row.errorBound)) \(y + 10)H\(labelWidth + x(value + row.errorBound))"
        }
        html.element("svg", [
            ("viewBox", "0 0 \(labelWidth + chartWidth + 10) \(height)"), ("role", "img"), ("aria-labelledby", "\(tableID)-title"),
            ("aria-describedby", tableID), ("class", "chart"),
        ]) { svg in
            svg.element("title", [("id", "\(tableID)-title")], text: layout.text(.observatoryChartNote))
            for (i, row) in rows.enumerated() {
                let label = row.label.count > 30 ? String(row.label.prefix(29)) + "…" : row.label
                svg.element("text", [("x", "0"), ("y", "\(i * rowHeight + 17)"), ("fill", textColour), ("font-size", "13")], text: label)
            }
            if !barPath.isEmpty {
                svg.empty("path", [("d", barPath), ("fill", barColour)])
                svg.empty("path", [("d", whiskerPath), ("stroke", textColour), ("stroke-width", "1.5")])
            }
        }
    }

    /// The régions coloured by quintile of their published value.
    static func choropleth(_ html: inout HTML, _ layout: PageLayout, map: ChoroplethMap, cells: [ReleasedCell], tableID: String, note: UIKey) {
        let values = Dictionary(uniqueKeysWithValues: cells.map { ($0.key, $0.value) })
        let published = values.values.compactMap { $0 }.sorted()
        func colour(_ value: Int64?) -> String {
            guard let value, let top = published.last, top > 0 else { return ChoroplethMap.withheld }
            let rank = published.firstIndex { $0 >= value } ?? 0
            return ChoroplethMap.palette[min(4, rank * 5 / max(1, published.count))]
        }
        html.element("svg", [
            ("viewBox", "0 0 \(map.width) \(map.height)"), ("role", "img"), ("aria-labelledby", "\(tableID)-title"),
            ("aria-describedby", tableID), ("class", "map"),
        ]) { svg in
            svg.element("title", [("id", "\(tableID)-title")], text: layout.text(note))
            // The legend: the five classes from light to dark, then the withheld fill, outlined so it never
            // relies on its (light) colour alone.
            for (i, fill) in (ChoroplethMap.palette + [ChoroplethMap.withheld]).enumerated() {
                svg.empty("rect", [("x", "\(10 + i * 66)"), ("y", "10"), ("width", "60"), ("height", "32"), ("fill", fill), ("stroke", textColour)])
            }
            for shape in map.shapes {
                let value = values[shape.code] ?? nil
                svg.element("path", [("d", shape.path), ("fill", colour(value)), ("stroke", textColour), ("stroke-width", "1.5"), ("fill-rule", "evenodd")]) {
                    $0.element("title", text: "\(shape.name): \(value.map { String($0) } ?? layout.text(.observatoryWithheld))")
                }
            }
        }
        // The legend's words sit in the page (they wrap), its swatches in the map.
        html.element("p", text: layout.text(.observatoryMapLegend))
    }

    /// The figures behind a chart.
    static func dataTable(_ html: inout HTML, _ layout: PageLayout, rows: [Row], total: Int, id: String) {
        html.element("table", [("id", id)]) { table in
            let caption = total > rows.count ? "\(layout.text(.observatoryTableCaption)) (\(rows.count) / \(total))" : layout.text(.observatoryTableCaption)
            table.element("caption", text: caption)
            table.element("thead") { head in
                head.element("tr") { tr in
                    for key in [UIKey.observatoryKey, .observatoryValue, .observatoryErrorBound, .observatoryStatus] {
                        tr.element("th", [("scope", "col")], text: layout.text(key))
                    }
                }
            }
            table.element("tbody") { body in
                for row in rows {
                    body.element("tr") { tr in
                        tr.element("th", [("scope", "row")], text: row.label)
                        tr.element("td", text: row.value.map { Formatting.integer($0, layout.language) } ?? "—")
                        tr.element("td", text: "± \(Formatting.integer(row.errorBound, layout.language))")
                        tr.element("td", text: row.value == nil ? layout.text(.observatoryWithheld) : layout.text(.observatoryPublished))
                    }
                }
            }
        }
    }

    /// Visitors (sum of the published per-institution figures) for each released month.
    static func timeSeries(_ html: inout HTML, _ layout: PageLayout, _ releases: [MonthlyRelease]) {
        let points = releases.map { release -> Point in
            let cells = release.tables.first { $0.name == AudienceGrid.Name.visitorsByInstitution }?.released.cells ?? []
            return Point(label: release.period.description, value: cells.compactMap(\.value).reduce(0) { $0 + max(0, $1) })
        }
        timeSeries(&html, layout, title: layout.text(.observatoryVisitorsOverTime), id: "series", periodHeader: layout.text(.observatoryPeriod), points: points)
    }

    /// A point of a time series; a withheld one is a gap.
    struct Point {
        let label: String
        let value: Int64?
        var errorBound: Int64? = nil
    }

    /// A line with its points as one path of small squares, and the table of its points (a withheld point is a gap,
    /// and said so in the table; the error bound is a column when the points have one).
    static func timeSeries(_ html: inout HTML, _ layout: PageLayout, title: String, id: String, periodHeader: String, points: [Point]) {
        let maximum = max(1, points.compactMap(\.value).max() ?? 1)
        let width = 720, height = 220, step = points.count > 1 ? (width - 120) / (points.count - 1) : 0
        // At most about 12 labels fit: label every n-th point.
        let labelEvery = max(1, (points.count + 11) / 12)
        func xy(_ i: Int, _ v: Int64) -> (Int, Int) { (60 + i * step, 20 + Int(Double(maximum - max(0, v)) / Double(maximum) * 160)) }
        let withBounds = points.contains { $0.errorBound != nil }
        html.element("h3", [("id", id)], text: title)
        html.element("svg", [("viewBox", "0 0 \(width) \(height)"), ("role", "img"), ("aria-labelledby", id), ("aria-describedby", "\(id)-data"), ("class", "chart")]) { svg in
            let line = points.enumerated().compactMap { i, point in point.value.map { let p = xy(i, $0); return "\(p.0),\(p.1)" } }.joined(separator: " ")
            svg.empty("polyline", [("points", line), ("fill", "none"), ("stroke", barColour), ("stroke-width", "3")])
            let markers = points.enumerated().compactMap { i, point in point.value.map { let p = xy(i, $0); return "M\(p.0 - 4) \(p.1 - 4)h8v8h-8z" } }.joined()
            if !markers.isEmpty { svg.empty("path", [("d", markers), ("fill", barColour)]) }
            for (i, point) in points.enumerated() where i % labelEvery == 0 || i == points.count - 1 {
                svg.element("text", [("x", "\(60 + i * step)"), ("y", "210"), ("fill", textColour), ("font-size", "13"), ("text-anchor", "middle")], text: point.label)
            }
        }
        html.element("table", [("id", "\(id)-data")]) { table in
            table.element("caption", text: title)
            table.element("thead") { $0.element("tr") { tr in
                tr.element("th", [("scope", "col")], text: periodHeader)
                tr.element("th", [("scope", "col")], text: layout.text(.observatoryValue))
                if withBounds { tr.element("th", [("scope", "col")], text: layout.text(.observatoryErrorBound)) }
            } }
            table.element("tbody") { body in
                for point in points {
                    body.element("tr") { tr in
                        tr.element("th", [("scope", "row")], text: point.label)
                        tr.element("td", text: point.value.map { Formatting.integer($0, layout.language) } ?? layout.text(.observatoryWithheld))
                        if withBounds { tr.element("td", text: point.errorBound.map { "± " + Formatting.integer($0, layout.language) } ?? "—") }
                    }
                }
            }
        }
    }
}
