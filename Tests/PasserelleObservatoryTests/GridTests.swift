import Foundation
import PasserelleCore
import PasserellePrivacy
import Testing
@testable import PasserelleObservatory

/// The grid's tables before noise: what each device-day contributes, bounded, summed. Exact totals are checked
/// here (the noise is tested in the privacy module), on profiles built like the store's rows.
@Suite struct GridTests {
    static let period = ReleasePeriod("2026-11")!
    static let day = period.firstDay.next  // 2026-11-02, a Monday

    static func profile(
        _ institution: String, _ visitor: String?, _ kind: AudienceEvent.Kind, category: String? = nil, commune: String? = nil,
        age: AudienceEvent.AgeBand? = nil, first: Bool = false, work: String? = nil, country: String? = nil, events: Int64 = 1,
        device: AudienceEvent.DeviceClass = .desktop
    ) -> DeviceDayProfile {
        DeviceDayProfile(
            institution: institution, visitor: visitor, kind: kind, channel: .web, device: device, category: category, communeCode: commune,
            ageBand: age, firstVisit: first, work: work, workCountry: country, events: events
        )
    }

    static func totals(_ profiles: [DeviceDayProfile]) throws -> (AudienceGrid, [String: [String: Int64]], GridAccumulator) {
        let grid = try AudienceGrid(institutions: ["inst-a", "inst-b"].map(InstitutionID.init(trusted:)), works: ["w-fr", "w-it", "w-us", "w-x"], period: period)
        var accumulator = GridAccumulator(grid: grid)
        accumulator.add(day: day, profiles)
        let named = Dictionary(uniqueKeysWithValues: grid.tables.enumerated().map { ($1.name, accumulator.totals[$0]) })
        return (grid, named, accumulator)
    }

    @Test func eachTableCountsWhatItSays() throws {
        let profiles = [
            // Visitor 1 at A: 60 page views (clamped to 50), three domains consulted, a French and an Italian work, booked.
            Self.profile("inst-a", "v1", .pageView, commune: "35238", events: 60),
            Self.profile("inst-a", "v1", .contentView, category: "heritage.museum-visit", commune: "35238", work: "w-fr", country: "FR", events: 2),
            Self.profile("inst-a", "v1", .play, category: "music.concert", commune: "35238", work: "w-it", country: "IT"),
            Self.profile("inst-a", "v1", .contentView, category: "cinema.screening", commune: "35238"),
            Self.profile("inst-a", "v1", .booking, commune: "35238"),
            // Visitor 2 at A: a first visit from Marseille, aged 18-24, one domain, a US work.
            Self.profile("inst-a", "v2", .contentView, category: "music.concert", commune: "13055", age: .from18to24, first: true, work: "w-us", country: "US"),
            // Visitor 1 at B is another unit (keys never cross institutions): a work of unknown origin, on a phone.
            Self.profile("inst-b", "v1", .contentView, category: "heritage.museum-visit", work: "w-x", device: .mobile),
            // Events without a visitor key are read and counted in no table.
            Self.profile("inst-b", nil, .pageView, events: 7),
        ]
        let (_, t, accumulator) = try Self.totals(profiles)
        #expect(accumulator.eventsRead == 74 && accumulator.eventsWithoutVisitor == 7)
        #expect(t["visitors-by-institution"] == ["inst-a": 2, "inst-b": 1])
        #expect(t["page-views-by-institution"] == ["inst-a": 20], "60 page views clamped to L∞ = 20")
        #expect(t["visitors-by-day"] == ["2026-11-02": 3])
        #expect(t["visitors-by-region"] == ["53": 1, "93": 1])
        #expect(t["visitors-by-departement"] == ["35": 1, "13": 1])
        #expect(t["visitors-by-channel-device"] == ["web/desktop": 2, "web/mobile": 1])
        #expect(t["visitors-by-age-band"] == ["18-24": 1])
        #expect(t["consultations-by-domain"] == ["heritage": 3, "music": 2, "cinema": 1], "under L∞ = 5, nothing clamped")
        #expect(t["visitors-by-domain-count"] == ["3+": 1, "1": 2])
        #expect(t["consultations-by-work-origin"] == ["france": 2, "europe": 1, "elsewhere": 1, "unknown": 1])
        #expect(t["consultations-by-work"] == ["w-fr": 2, "w-it": 1, "w-us": 1, "w-x": 1])
        #expect(t["bookers-by-institution"] == ["inst-a": 1])
        #expect(t["first-visitors-by-institution"] == ["inst-a": 1])
        #expect(t["first-visits-by-domain"] == ["music": 1])
    }

    @Test func aUnitOverL0KeepsOnlyL0PartitionsChosenAtRandom() throws {
        // One visitor consulting five domains: consultations-by-domain keeps 3 (L0), so 3 units of value in all.
        let domains = ["heritage.museum-visit", "music.concert", "cinema.screening", "books.print", "live-performance.theatre"]
        var kept = [String: Int]()
        for _ in 0..<300 {
            let (_, t, _) = try Self.totals(domains.map { Self.profile("inst-a", "v", .contentView, category: $0) })
            let domainTotals = try #require(t["consultations-by-domain"])
            #expect(domainTotals.count == 3 && domainTotals.values.allSatisfy { $0 == 1 })
            for key in domainTotals.keys { kept[key, default: 0] += 1 }
        }
        // Uniform: each domain kept in 3/5 of the draws (180 of 300); 5 σ is about 42.
        #expect(kept.count == 5 && kept.values.allSatisfy { abs($0 - 180) < 45 }, "\(kept)")
    }

    @Test func weeksAreMondayToSundayCutAtTheMonthAndTheirBoundGrowsAsTheRootOfTheDays() throws {
        let grid = try AudienceGrid(institutions: [InstitutionID(trusted: "inst-a")], period: Self.period)
        var accumulator = GridAccumulator(grid: grid)
        var day = Self.period.firstDay
        while day <= Self.period.lastDay {
            accumulator.add(day: day, (0..<400).map { Self.profile("inst-a", "v\($0)", .pageView) })
            day = day.next
        }
        let tables = try accumulator.tables(rhoPerTable: 0.001, minimumPublished: 11)
        let weeks = try #require(ReleaseIndicators.weeks(tables, period: Self.period))
        // November 2026 starts on a Sunday: a one-day week, four whole weeks, then Monday 30 alone.
        #expect(weeks.map(\.from) == ["2026-11-01", "2026-11-02", "2026-11-09", "2026-11-16", "2026-11-23", "2026-11-30"])
        #expect(weeks.map(\.through) == ["2026-11-01", "2026-11-08", "2026-11-15", "2026-11-22", "2026-11-29", "2026-11-30"])
        let dayBound = try #require(tables.first { $0.name == "visitors-by-day" }?.released.cells.first?.errorBound95)
        #expect(weeks[1].errorBound95 >= Int64((Double(dayBound) * 7.0.squareRoot()).rounded(.down)))
        #expect(weeks[1].errorBound95 <= Int64((Double(dayBound) * 7.0.squareRoot()).rounded(.up)) + 1)
        let whole = try #require(weeks[1].visitors)
        #expect(abs(whole - 2_800) <= weeks[1].errorBound95 * 2, "7 days of 400: \(whole)")
    }

    @Test func indicatorsComeFromPublishedFiguresOnly() throws {
        var profiles = [DeviceDayProfile]()
        for v in 0..<3_000 {
            let visitor = "v\(v)"
            profiles.append(Self.profile("inst-a", visitor, .contentView, category: "heritage.museum-visit", work: "w-fr", country: "FR"))
            if v % 3 == 0 {
                profiles.append(Self.profile("inst-a", visitor, .contentView, category: "music.concert", work: "w-it", country: "IT"))
                profiles.append(Self.profile("inst-a", visitor, .contentView, category: "cinema.screening"))
                profiles.append(Self.profile("inst-a", visitor, .booking))
            }
        }
        var (_, _, accumulator) = try Self.totals(profiles)
        let tables = try accumulator.tables(rhoPerTable: 0.01, minimumPublished: 11)
        let indicators = ReleaseIndicators.compute(tables)
        let three = try #require(indicators.shareActiveInThreeDomains)
        #expect(abs(three - 1.0 / 3) < 0.05, "a third consulted three domains: \(three)")
        let french = try #require(indicators.shareFrenchWorks)
        #expect(abs(french - 0.75) < 0.05, "3 000 French of 4 000 known-origin consultations: \(french)")
        #expect(abs((indicators.shareOtherEuropeanWorks ?? 0) - 0.25) < 0.05)
        #expect(abs((indicators.conversionToBooking ?? 0) - 1.0 / 3) < 0.05)
    }

    @Test func europeanWorksAreTheCouncilOfEuropesStates() {
        #expect(WorkOrigin.europeanCountries.count == 45, "46 members, France counted apart")
        #expect(WorkOrigin(country: "FR") == .france && WorkOrigin(country: "PL") == .europe && WorkOrigin(country: "UA") == .europe)
        #expect(WorkOrigin(country: "US") == .elsewhere && WorkOrigin(country: "RU") == .elsewhere && WorkOrigin(country: nil) == .unknown)
    }

    @Test func groupingInMemoryMatchesTheStoresRowShape() {
        let salt = DailySalt.random(for: Self.day)
        let key = salt.visitorKey(institution: InstitutionID(trusted: "inst-a"), material: ["x"])
        let events = (0..<5).map { n in
            AudienceEvent(
                institution: InstitutionID(trusted: "inst-a"), eventID: "e\(n)", kind: .pageView, occurredAt: Self.day.start.addingTimeInterval(Double(n)),
                channel: .web, device: .desktop, offer: nil, category: nil, communeCode: "35238", ageBand: nil, visitorKey: key
            )
        }
        let profiles = DeviceDayProfile.group(events)
        #expect(profiles.count == 1 && profiles[0].events == 5 && profiles[0].visitor == key.hex && profiles[0].regionCode == "53")
    }
}
