import Hummingbird
import PasserelleCore
import PasserelleObservatory

/// `GET /api/v1/observatory/platform-reports/{period}`: the platforms' aggregated figures of a month as imported
/// (`passerelle observatory import-platform`), those under 11 withheld, under the Licence Ouverte 2.0.
struct ObservatoryPlatformRoutes {
    let store: any ObservatoryStore

    struct Figures: Encodable, Sendable {
        struct Figure: Encodable, Sendable {
            var platform: String
            var institution: String?
            var metric: String
            var region: String?
            var value: Int64?
            var status: String

            enum CodingKeys: String, CodingKey { case platform, institution, metric, region, value, status }

            /// A withheld value is `null`, not absent: the figure exists and is withheld.
            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: CodingKeys.self)
                try container.encode(platform, forKey: .platform)
                try container.encodeIfPresent(institution, forKey: .institution)
                try container.encode(metric, forKey: .metric)
                try container.encodeIfPresent(region, forKey: .region)
                try container.encode(value, forKey: .value)
                try container.encode(status, forKey: .status)
            }
        }

        var period: String
        var licence: String
        var minimumPublished: Int64
        var figures: [Figure]
    }

    func register(_ routes: RouteRegistrar<PasserelleRequestContext>) {
        routes.get("/api/v1/observatory/platform-reports/{period}") { _, context in
            let text = context.parameters.get("period") ?? ""
            guard let period = ReleasePeriod(text) else {
                throw Problem(.notFound, code: "not-found", detail: "`\(text)` is not a month (YYYY-MM).")
            }
            let reports = try await store.platformReports(period)
            guard !reports.isEmpty else { throw Problem(.notFound, code: "not-found", detail: "No platform report was imported for \(period).") }
            return try JSONResponse.make(Figures(
                period: period.description, licence: ObservatoryReleaseRoutes.licence, minimumPublished: PlatformReport.minimumPublished,
                figures: reports.map { report in
                    Figures.Figure(
                        platform: report.platform, institution: report.institution?.rawValue, metric: report.metric.rawValue,
                        region: report.regionCode, value: report.publishedValue,
                        status: report.publishedValue == nil ? "withheld: under \(PlatformReport.minimumPublished)" : "published"
                    )
                }
            ))
        }
    }
}
