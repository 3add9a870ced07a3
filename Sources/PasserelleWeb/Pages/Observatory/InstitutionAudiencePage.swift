import PasserelleCore
import PasserelleObservatory
import PasserellePrivacy

/// An institution's own audience (`/observatory/institutions/{id}`): its published visitors and page views for
/// each released month. The figures are the public release's (noisy, withheld under 11): an institution sees no
/// more about its visitors than anyone else, which is what keeps them anonymous.
struct InstitutionAudiencePage {
    let institution: Institution
    let history: [MonthlyRelease]

    func render(_ layout: PageLayout) -> String {
        let title = "\(layout.text(.observatoryTitle)) — \(institution.name)"
        return layout.render(title: title) { main in
            main.element("h1", text: title)
            main.element("p", text: layout.text(.observatoryIntro))
            guard !history.isEmpty else {
                main.element("p", text: layout.text(.observatoryNoRelease))
                return
            }
            for (index, name) in [AudienceGrid.Name.visitorsByInstitution, AudienceGrid.Name.pageViewsByInstitution, AudienceGrid.Name.bookersByInstitution].enumerated() {
                let points = history.map { release -> ObservatoryCharts.Point in
                    let cell = release.tables.first { $0.name == name }?.released.cells.first { $0.key == institution.id.rawValue }
                    return ObservatoryCharts.Point(label: release.period.description, value: cell?.value, errorBound: cell?.errorBound95)
                }
                ObservatoryCharts.timeSeries(
                    &main, layout, title: ObservatoryCharts.tableTitle(name, layout), id: "s\(index)",
                    periodHeader: layout.text(.observatoryPeriod), points: points
                )
            }
            main.element("p") { p in
                p.element("a", [("href", layout.link("/observatory"))], text: layout.text(.observatoryTitle))
            }
        }
    }
}
