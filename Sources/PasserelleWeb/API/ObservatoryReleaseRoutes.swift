import Foundation
import HTTPTypes
import Hummingbird
import PasserelleCore
import PasserelleObservatory
import PasserellePrivacy

/// The observatory's open data: monthly releases as JSON and CSV, and their DCAT-AP catalogue (JSON-LD), under
/// the Licence Ouverte 2.0. Only published figures leave here: noisy values, statuses, error bounds, parameters.
struct ObservatoryReleaseRoutes {
    let store: any ObservatoryStore

    static let licence = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"

    struct ReleaseList: Encodable, Sendable {
        struct Item: Encodable, Sendable {
            var period: String
            var json: String
            var csv: String
        }

        var items: [Item]
        var catalog: String
    }

    func register(_ routes: RouteRegistrar<PasserelleRequestContext>) {
        routes.get("/api/v1/observatory/releases") { _, _ in
            let periods = try await store.releasedPeriods()
            return try JSONResponse.make(ReleaseList(
                items: periods.map { .init(period: $0.description, json: Self.path($0), csv: Self.path($0) + "/cells.csv") },
                catalog: "/api/v1/observatory/catalog"
            ))
        }
        routes.get("/api/v1/observatory/releases/{period}") { _, context in
            try JSONResponse.make(try await release(context))
        }
        routes.get("/api/v1/observatory/releases/{period}/cells.csv") { _, context in
            let release = try await release(context)
            var headers = HTTPFields()
            headers[.contentType] = "text/csv; charset=utf-8"
            headers[.contentDisposition] = "attachment; filename=\"passerelle-observatory-\(release.period).csv\""
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: Self.csv(release))))
        }
        routes.get("/api/v1/observatory/catalog") { _, _ in
            var releases = [MonthlyRelease]()
            for period in try await store.releasedPeriods() {
                if let release = try await store.release(period) { releases.append(release) }
            }
            var headers = HTTPFields()
            headers[.contentType] = "application/ld+json"
            let data = try JSONSerialization.data(withJSONObject: Self.catalog(releases), options: [.sortedKeys, .withoutEscapingSlashes])
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }
    }

    private func release(_ context: PasserelleRequestContext) async throws -> MonthlyRelease {
        let text = context.parameters.get("period") ?? ""
        guard let period = ReleasePeriod(text) else {
            throw Problem(.notFound, code: "not-found", detail: "`\(text)` is not a month (YYYY-MM).")
        }
        guard let release = try await store.release(period) else {
            throw Problem(.notFound, code: "not-found", detail: "No release for \(period) yet; releases are made once a month is over.")
        }
        return release
    }

    static func path(_ period: ReleasePeriod) -> String { "/api/v1/observatory/releases/\(period)" }

    /// One line per cell: table, key, value (empty when withheld), status, 95 % error bound, mechanism, method.
    static func csv(_ release: MonthlyRelease) -> String {
        var lines = ["period,table,key,value,status,error_bound_95,mechanism,method_version"]
        for table in release.tables {
            let mechanism = table.released.parameters.spec.mechanism.description
            for cell in table.released.cells {
                let fields = [
                    release.period.description, table.name, cell.key, cell.value.map(String.init) ?? "", cell.status.description,
                    String(cell.errorBound95), mechanism, table.released.methodVersion,
                ]
                lines.append(fields.map { $0.contains(where: { ",\"\n".contains($0) }) ? "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : $0 }.joined(separator: ","))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The DCAT-AP catalogue: one dataset per release, its two distributions, the period, the coverage, the licence,
    /// and the method with its privacy parameters.
    static func catalog(_ releases: [MonthlyRelease]) -> [String: Any] {
        let datasets: [[String: Any]] = releases.map { release in
            var privacy: [String: Any] = ["privacyUnit": release.privacyUnit, "rho": release.rho, "minimumPublished": MonthlyReleaseBuilder.minimumPublished]
            if let guarantee = release.guarantee { privacy["epsilon"] = guarantee.epsilon; privacy["delta"] = guarantee.delta }
            return [
                "@id": "urn:passerelle:observatory:\(release.period)",
                "@type": "dcat:Dataset",
                "dct:identifier": "passerelle-observatory-\(release.period)",
                "dct:title": ["@value": "Audiences en ligne de la culture — \(release.period)", "@language": "fr"],
                "dct:description": [
                    "@value": "Visitors (device-days), page views, consultations by domain, région and channel, with discrete Gaussian noise (zCDP) and a minimum of \(MonthlyReleaseBuilder.minimumPublished); each cell carries its 95 % error bound.",
                    "@language": "en",
                ],
                "dct:license": ["@id": licence],
                "dct:publisher": ["@type": "foaf:Agent", "foaf:name": "Passerelle — observatoire des publics en ligne"],
                "dct:temporal": [
                    "@type": "dct:PeriodOfTime",
                    "dcat:startDate": ["@value": release.period.firstDay.text, "@type": "xsd:date"],
                    "dcat:endDate": ["@value": release.period.lastDay.text, "@type": "xsd:date"],
                ],
                "dct:spatial": ["@id": "http://publications.europa.eu/resource/authority/country/FRA"],
                "dct:issued": ["@value": release.createdAt.formatted(.iso8601), "@type": "xsd:dateTime"],
                "dct:conformsTo": ["@id": "urn:passerelle:method:\(release.tables.first?.released.methodVersion ?? ReleaseSpec.currentMethodVersion)"],
                "passerelle:privacy": privacy,
                "dcat:distribution": [
                    distribution(path(release.period), mediaType: "application/json", title: "JSON"),
                    distribution(path(release.period) + "/cells.csv", mediaType: "text/csv", title: "CSV"),
                ],
            ]
        }
        return [
            "@context": [
                "dcat": "http://www.w3.org/ns/dcat#", "dct": "http://purl.org/dc/terms/", "foaf": "http://xmlns.com/foaf/0.1/",
                "xsd": "http://www.w3.org/2001/XMLSchema#", "passerelle": "urn:passerelle:vocabulary:",
            ],
            "@id": "urn:passerelle:observatory:catalog",
            "@type": "dcat:Catalog",
            "dct:title": ["@value": "Observatoire des publics en ligne — données ouvertes", "@language": "fr"],
            "dct:license": ["@id": licence],
            "dcat:dataset": datasets,
        ]
    }

    private static func distribution(_ url: String, mediaType: String, title: String) -> [String: Any] {
        [
            "@type": "dcat:Distribution", "dct:title": title, "dcat:accessURL": ["@id": url],
            "dcat:mediaType": ["@id": "https://www.iana.org/assignments/media-types/\(mediaType)"],
            "dct:license": ["@id": licence],
        ]
    }
}
