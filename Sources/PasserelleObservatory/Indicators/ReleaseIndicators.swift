import Foundation
import PasserellePrivacy

/// Indicators derived from a release's published cells only: post-processing of DP output costs no privacy.
enum ReleaseIndicators {
    static func compute(_ tables: [MonthlyRelease.Table]) -> MonthlyRelease.Indicators {
        let visitors = values(tables, AudienceGrid.Name.visitorsByInstitution)
        var indicators = MonthlyRelease.Indicators(
            institutionsHHI: Concentration.hhi(visitors), institutionsGini: Concentration.gini(visitors),
            domainEntropyBits: Concentration.entropyBits(values(tables, AudienceGrid.Name.consultationsByDomain))
        )
        let works = values(tables, AudienceGrid.Name.consultationsByWork)
        indicators.worksHHI = Concentration.hhi(works)
        indicators.worksGini = Concentration.gini(works)
        let domains = keyed(tables, AudienceGrid.Name.visitorsByDomainCount)
        indicators.shareActiveInThreeDomains = share(domains["3+"], of: domains.values)
        let origins = keyed(tables, AudienceGrid.Name.consultationsByWorkOrigin)
        let known = [WorkOrigin.france, .europe, .elsewhere].compactMap { origins[$0.rawValue] }
        indicators.shareFrenchWorks = share(origins[WorkOrigin.france.rawValue], of: known)
        indicators.shareOtherEuropeanWorks = share(origins[WorkOrigin.europe.rawValue], of: known)
        indicators.conversionToBooking = share(values(tables, AudienceGrid.Name.bookersByInstitution).reduce(0, +), of: visitors)
        return indicators
    }

    /// Monday-to-Sunday weeks of the day table, cut at the month's ends.
    static func weeks(_ tables: [MonthlyRelease.Table], period: ReleasePeriod) -> [MonthlyRelease.Week]? {
        guard let days = tables.first(where: { $0.name == AudienceGrid.Name.visitorsByDay })?.released.cells else { return nil }
        let byKey = Dictionary(days.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        var weeks = [MonthlyRelease.Week](), current = [CollectionDay](), day = period.firstDay
        func close() {
            guard let first = current.first, let last = current.last else { return }
            let cells = current.compactMap { byKey[$0.text] }
            let values = cells.compactMap(\.value)
            let bound = (cells.map { Double($0.errorBound95) * Double($0.errorBound95) }.reduce(0, +)).squareRoot()
            weeks.append(MonthlyRelease.Week(
                from: first.text, through: last.text, visitors: values.count == current.count ? values.reduce(0, +) : nil,
                errorBound95: Int64(bound.rounded(.up))
            ))
            current.removeAll()
        }
        while day <= period.lastDay {
            current.append(day)
            // 1970-01-01 was a Thursday: day number + 3 is 6 on a Sunday.
            if (day.number + 3) % 7 == 6 { close() }
            day = day.next
        }
        close()
        return weeks
    }

    private static func values(_ tables: [MonthlyRelease.Table], _ name: String) -> [Double] {
        Array(keyed(tables, name).values)
    }

    private static func keyed(_ tables: [MonthlyRelease.Table], _ name: String) -> [String: Double] {
        let cells = tables.first { $0.name == name }?.released.cells ?? []
        return Dictionary(cells.compactMap { cell in cell.value.map { (cell.key, Double(max(0, $0))) } }, uniquingKeysWith: { first, _ in first })
    }

    private static func share(_ part: Double?, of whole: some Sequence<Double>) -> Double? {
        let total = whole.reduce(0, +)
        guard let part, total > 0 else { return nil }
        return min(1, part / total)
    }
}
