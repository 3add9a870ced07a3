import Foundation
import PasserelleObservatory
import PasserellePrivacy

/// The dashboard's charts as inline SVG (no script, no external file), each with a `<title>`, a description
/// pointing at its data table, and a `<title>` per mark for pointer users. Withheld cells are drawn as empty and
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
        switch name {
        case "visitors-by-institution": layout.text(.observatoryVisitorsByInstitution)
        case "page-views-by-institution": layout.text(.observatoryPageViewsByInstitution)
        case "visitors-by-region": layout.text(.observatoryVisitorsByRegion)
        case "consultations-by-domain": layout.text(.observatoryConsultationsByDomain)
        case "visitors-by-channel-device": layout.text(.observatoryVisitorsByChannel)
        default: name
        }
    }

    /// Horizontal bars of the published values, with their ±95 % error bound as a whisker.
    static func bars(_ html: inout HTML, _ layout: PageLayout, rows: [Row], tableID: String) {
        let maximum = max(1, rows.compactMap { $0.value.map { $0 + $0 / 10 } }.max() ?? 1)
        let rowHeight = 22, labelWidth = 260, chartWidth = 420
        let height = rows.count * rowHeight + 4
        html.element("svg", [
            ("viewBox", "0 0 \(labelWidth + chartWidth + 90) \(height)"), ("role", "img"), ("aria-labelledby", "\(tableID)-title"),
            ("aria-describedby", tableID), ("class", "chart"),
        ]) { svg in
            svg.element("title", [("id", "\(tableID)-title")], text: layout.text(.observatoryChartNote))
            for (i, row) in rows.enumerated() {
                let y = i * rowHeight + 2
                svg.element("text", [("x", "0"), ("y", "\(y + 15)"), ("fill", textColour), ("font-size", "13")], text: row.label.count > 30 ? String(row.label.prefix(29)) + "…" : row.label)
                guard let value = row.value else {
                    svg.element("text", [("x", "\(labelWidth)"), ("y", "\(y + 15)"), ("fill", textColour), ("font-size", "13")], text: layout.text(.observatoryWithheld))
                    continue
                }
                let width = max(1, Int(Double(max(0, value)) / Double(maximum) * Double(chartWidth)))
                svg.element("rect", [("x", "\(labelWidth)"), ("y", "\(y + 3)"), ("width", "\(width)"), ("height", "14"), ("fill", barColour)]) {
                    $0.element("title", text: "\(row.label): \(value) ± \(row.errorBound)")
                }
                let low = Int(Double(max(0, value - row.errorBound)) / Double(maximum) * Double(chartWidth))
                let high = min(chartWidth, Int(Double(value + row.errorBound) / Double(maximum) * Double(chartWidth)))
                svg.empty("line", [("x1", "\(labelWidth + low)"), ("x2", "\(labelWidth + high)"), ("y1", "\(y + 10)"), ("y2", "\(y + 10)"), ("stroke", textColour), ("stroke-width", "1.5")])
                svg.element("text", [("x", "\(labelWidth + chartWidth + 6)"), ("y", "\(y + 15)"), ("fill", textColour), ("font-size", "13")], text: Formatting.integer(value, layout.language))
            }
        }
    }

    /// The régions coloured by quintile of their published value.
    static func choropleth(_ html: inout HTML, _ layout: PageLayout, map: ChoroplethMap, cells: [ReleasedCell], tableID: String) {
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
            svg.element("title", [("id", "\(tableID)-title")], text: layout.text(.observatoryMapNote))
            // The legend: the five classes from light to dark, then the withheld fill, outlined so it never
            // relies on its (light) colour alone.
            for (i, fill) in (ChoroplethMap.palette + [ChoroplethMap.withheld]).enumerated() {
                svg.element("rect", [("x", "\(10 + i * 66)"), ("y", "10"), ("width", "60"), ("height", "32"), ("fill", fill), ("stroke", textColour)]) {
                    $0.element("title", text: i < 5 ? "\(i + 1) / 5" : layout.text(.observatoryWithheld))
                }
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
        let points = releases.map { release -> (String, Int64?) in
            let cells = release.tables.first { $0.name == "visitors-by-institution" }?.released.cells ?? []
            return (release.period.description, cells.compactMap(\.value).reduce(0) { $0 + max(0, $1) })
        }
        timeSeries(&html, layout, title: layout.text(.observatoryVisitorsOverTime), id: "series", points: points)
    }

    /// A line over months, with the table of its points (a withheld month is a gap, and said so in the table).
    static func timeSeries(_ html: inout HTML, _ layout: PageLayout, title: String, id: String, points: [(String, Int64?)]) {
        let maximum = max(1, points.compactMap(\.1).max() ?? 1)
        let width = 720, height = 220, step = points.count > 1 ? (width - 120) / (points.count - 1) : 0
        // At most about 12 labels fit: label every n-th month.
        let labelEvery = max(1, (points.count + 11) / 12)
        func xy(_ i: Int, _ v: Int64) -> (Int, Int) { (60 + i * step, 20 + Int(Double(maximum - max(0, v)) / Double(maximum) * 160)) }
        html.element("h3", [("id", id)], text: title)
        html.element("svg", [("viewBox", "0 0 \(width) \(height)"), ("role", "img"), ("aria-labelledby", id), ("aria-describedby", "\(id)-data"), ("class", "chart")]) { svg in
            let line = points.enumerated().compactMap { i, point in point.1.map { let p = xy(i, $0); return "\(p.0),\(p.1)" } }.joined(separator: " ")
            svg.empty("polyline", [("points", line), ("fill", "none"), ("stroke", barColour), ("stroke-width", "3")])
            for (i, point) in points.enumerated() {
                if let value = point.1 {
                    let p = xy(i, value)
                    svg.element("circle", [("cx", "\(p.0)"), ("cy", "\(p.1)"), ("r", "5"), ("fill", barColour)]) { $0.element("title", text: "\(point.0): \(value)") }
                }
                if i % labelEvery == 0 || i == points.count - 1 {
                    svg.element("text", [("x", "\(60 + i * step)"), ("y", "210"), ("fill", textColour), ("font-size", "13"), ("text-anchor", "middle")], text: point.0)
                }
            }
        }
        html.element("table", [("id", "\(id)-data")]) { table in
            table.element("caption", text: title)
            table.element("thead") { $0.element("tr") { tr in
                tr.element("th", [("scope", "col")], text: layout.text(.observatoryPeriod))
                tr.element("th", [("scope", "col")], text: layout.text(.observatoryValue))
            } }
            table.element("tbody") { body in
                for point in points {
                    body.element("tr") { tr in
                        tr.element("th", [("scope", "row")], text: point.0)
                        tr.element("td", text: point.1.map { Formatting.integer($0, layout.language) } ?? layout.text(.observatoryWithheld))
                    }
                }
            }
        }
    }
}
