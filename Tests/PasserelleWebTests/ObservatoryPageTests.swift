import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PasserelleCore
import PasserelleObservatory
import PasserellePrivacy
import PasserelleStorage
import PasserelleWeb
import Testing

@Suite("Observatory dashboard page")
struct ObservatoryPageTests {
    /// A release of one month with two institutions, made through the real builder and an in-memory ledger.
    static func release(_ period: String) async throws -> MonthlyRelease {
        let institutions = [InstitutionID(trusted: "inst-a"), InstitutionID(trusted: "inst-b")]
        let day = ReleasePeriod(period)!.firstDay
        let salt = DailySalt.random(for: day)
        var events = [AudienceEvent]()
        for (i, institution) in institutions.enumerated() {
            for v in 0..<(i == 0 ? 300 : 120) {
                events.append(AudienceEvent(
                    institution: institution, eventID: "\(v)", kind: .contentView, occurredAt: day.start.addingTimeInterval(3_600),
                    channel: .web, device: .desktop, offer: nil, category: CategoryID(trusted: "heritage.museum-visit"),
                    communeCode: i == 0 ? "35238" : "13055", ageBand: nil, visitorKey: salt.visitorKey(institution: institution, material: ["\(v)"])
                ))
            }
        }
        let outcome = try await MonthlyReleaseBuilder.release(
            ReleasePeriod(period)!, events: events, grid: try AudienceGrid(institutions: institutions, period: ReleasePeriod(period)!),
            ledger: PrivacyLedger(store: InMemoryPrivacyLedgerStore())
        )
        guard case let .released(release) = outcome else { throw PrivacyError(.ledger, "refused") }
        return release
    }

    static let square: [MapRegion] = [
        MapRegion(code: "53", name: "Bretagne", rings: [[(-5, 48), (-1, 48), (-1, 49), (-5, 49)]]),
        MapRegion(code: "93", name: "Provence-Alpes-Côte d'Azur", rings: [[(5, 43), (7, 43), (7, 44.5), (5, 44.5)]]),
    ]

    @Test func theDashboardShowsEveryTableWithItsDataAndTheMap() async throws {
        try await Fixture.using { fixture in
            let observatory = SQLObservatoryStore(store: fixture.store)
            try await observatory.save(try await Self.release("2026-10"))
            try await observatory.save(try await Self.release("2026-11"))
            var dependencies = fixture.dependencies()
            dependencies.regions = Self.square
            dependencies.departements = [
                MapRegion(code: "35", name: "Ille-et-Vilaine", rings: [[(-2, 47.7), (-1, 47.7), (-1, 48.6), (-2, 48.6)]]),
                MapRegion(code: "13", name: "Bouches-du-Rhône", rings: [[(4.2, 43.2), (5.8, 43.2), (5.8, 43.9), (4.2, 43.9)]]),
            ]
            dependencies.museumTrend = [MuseumYear(year: 2020, visitors: 20_000_000), MuseumYear(year: 2021, visitors: 25_000_000)]
            try await Application(router: makeRouter(dependencies)).test(.router) { client in
                let page = try await client.send(.get, "/observatory?lang=en")
                #expect(page.status == .ok)
                let html = page.text
                #expect(html.components(separatedBy: "<h1").count == 2, "one h1")
                #expect(html.contains("Observatory of online audiences") && html.contains("Month 2026-11"))
                #expect(html.components(separatedBy: "<table").count - 1 == 4, "a table behind each chart: weeks, months, map, domains")
                #expect(html.contains(#"role="img""#) && html.contains(#"aria-describedby="d1""#) && html.contains(#"aria-describedby="weeks-data""#))
                #expect(html.contains("<title>Bretagne: "), "the map names each région")
                #expect(html.contains("Visitors per week") && html.contains("10-01–10-04") == false && html.contains("11-01–11-01"), "weeks cut at the month's start")
                #expect(html.contains("Share of visitors active in 3 domains or more"))
                for table in ["visitors-by-departement", "consultations-by-work-origin", "bookers-by-institution", "first-visits-by-domain"] {
                    #expect(html.contains("table=\(table)&amp;lang=en") || html.contains("table=\(table)&lang=en"), "a link to \(table)")
                }
                let institutions = try await client.send(.get, "/observatory?period=2026-11&table=visitors-by-institution&lang=en")
                #expect(institutions.status == .ok && institutions.text.contains("Musée A"), "institutions by name, not id")
                let departements = try await client.send(.get, "/observatory?period=2026-10&table=visitors-by-departement&lang=en")
                #expect(departements.text.contains(#"class="map""#) && departements.text.contains("<title>Ille-et-Vilaine: "), "the départements' map")
                let days = try await client.send(.get, "/observatory?period=2026-10&table=visitors-by-day&lang=en")
                #expect(days.text.components(separatedBy: "<tr").count - 1 == 32, "31 days and the header row")
                #expect(try await client.send(.get, "/observatory?table=nothing").status == .notFound)
                let museums = try await client.send(.get, "/observatory?table=museums&lang=fr")
                #expect(museums.status == .ok && museums.text.contains("25 000 000") || museums.text.contains("25\u{202F}000\u{202F}000"), "the museums' trend and its table")
                #expect(html.contains(#"href="/api/v1/observatory/releases/2026-11/cells.csv""#))
                #expect(html.contains(#"aria-current="page""#))
                #expect(page.body.readableBytes < 100_000, "light page: \(page.body.readableBytes) bytes")
                let october = try await client.send(.get, "/observatory?period=2026-10&lang=fr")
                #expect(october.status == .ok && october.text.contains("Mois 2026-10"))
                #expect(try await client.send(.get, "/observatory?period=2025-01").status == .notFound)
                let own = try await client.send(.get, "/observatory/institutions/inst-a?lang=en")
                #expect(own.status == .ok && own.text.contains("Musée A") && own.text.contains("2026-10") && own.text.contains("2026-11"))
                #expect(own.text.components(separatedBy: "<table").count - 1 == 3, "visitors, page views, bookers")
                #expect(try await client.send(.get, "/observatory/institutions/nobody").status == .notFound)
            }
        }
    }

    @Test func beforeTheFirstReleaseThePageSaysSo() async throws {
        try await Fixture.using { fixture in
            try await fixture.test { client in
                let page = try await client.send(.get, "/observatory?lang=pl")
                #expect(page.status == .ok && page.text.contains("Nic jeszcze nie opublikowano"))
            }
        }
    }
}
