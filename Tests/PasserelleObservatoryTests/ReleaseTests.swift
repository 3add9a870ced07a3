import Foundation
import PasserelleCore
import PasserellePrivacy
import Testing
@testable import PasserelleObservatory

/// The monthly release: one ledger charge for all tables, public key spaces, refusal publishes nothing.
@Suite struct MonthlyReleaseTests {
    static let institutions = ["inst-a", "inst-b", "inst-c"].map { Identifier<Institution>(trusted: $0) }
    static let november = ReleasePeriod("2026-11")!

    /// `visitors` device-days at each institution on 2026-11-10, each with 3 page views and a content view.
    static func events(visitors: [Int]) -> [AudienceEvent] {
        let salt = DailySalt.random(for: CollectionDay(RFC3339.dateTime("2026-11-10T00:00:00Z")!))
        var events = [AudienceEvent]()
        for (i, count) in visitors.enumerated() {
            for v in 0..<count {
                let key = salt.visitorKey(institution: institutions[i], material: ["v\(v)"])
                for (n, kind) in [AudienceEvent.Kind.pageView, .pageView, .pageView, .contentView].enumerated() {
                    events.append(AudienceEvent(
                        institution: institutions[i], eventID: "\(v)-\(n)", kind: kind, occurredAt: RFC3339.dateTime("2026-11-10T12:00:00Z")!,
                        channel: .web, device: v % 2 == 0 ? .mobile : .desktop, offer: nil,
                        category: kind == .contentView ? CategoryID(trusted: "heritage.museum-visit") : nil,
                        communeCode: i == 0 ? "35238" : "75056", ageBand: nil, visitorKey: key
                    ))
                }
            }
        }
        return events
    }

    @Test func aReleaseIsChargedOnceAndASecondIsRefused() async throws {
        let ledgers = InMemoryPrivacyLedgerStore()
        let ledger = PrivacyLedger(store: ledgers)
        let grid = try AudienceGrid(institutions: Self.institutions, period: Self.november)
        let events = Self.events(visitors: [400, 150, 5])
        guard case let .released(release) = try await MonthlyReleaseBuilder.release(Self.november, events: events, grid: grid, ledger: ledger) else {
            Issue.record("the first release fits the budget")
            return
        }
        #expect(release.tables.map(\.name) == [
            "visitors-by-institution", "page-views-by-institution", "visitors-by-day", "visitors-by-region", "visitors-by-departement",
            "visitors-by-channel-device", "visitors-by-age-band", "consultations-by-domain", "visitors-by-domain-count",
            "consultations-by-work-origin", "consultations-by-work", "bookers-by-institution", "first-visitors-by-institution",
            "first-visits-by-domain",
        ])
        let visitors = try #require(release.tables.first)
        #expect(visitors.released.cells.map(\.key) == ["inst-a", "inst-b", "inst-c"], "every public key, even a small one")
        let a = try #require(visitors.released.cells[0].value)
        #expect(abs(a - 400) <= visitors.released.cells[0].errorBound95 * 2, "noisy but close: \(a)")
        #expect(visitors.released.cells[2].value == nil || visitors.released.cells[2].value! >= 11, "small counts are withheld or ≥ 11")
        let regions = try #require(release.tables.first { $0.name == "visitors-by-region" })
        #expect(regions.released.cells.count == 18)
        #expect(release.eventsRead == 2_220 && release.eventsWithoutVisitor == 0)
        #expect((release.guarantee?.epsilon ?? 9) < 1, "ρ = 0.015 is ε ≈ 0.855 at δ = 1e-7")
        let state = try #require(await ledgers.state(of: try LedgerKey(source: MonthlyReleaseBuilder.ledgerSource, period: "2026-11")))
        #expect(state.entries.count == 1, "one charge for the whole release")
        guard case let .refused(reason) = try await MonthlyReleaseBuilder.release(Self.november, events: events, grid: grid, ledger: ledger) else {
            Issue.record("a second release of the month must be refused: the budget is spent")
            return
        }
        #expect(reason.contains("over its budget"))
    }

    @Test func periodsAreMonths() throws {
        #expect(ReleasePeriod("2026-11")?.description == "2026-11")
        for bad in ["2026-13", "2026-1", "26-11", "2026-11-01", "", "abcd-ef"] { #expect(ReleasePeriod(bad) == nil, "\(bad)") }
        let december = try #require(ReleasePeriod("2026-12"))
        #expect(december.firstDay.text == "2026-12-01" && december.lastDay.text == "2026-12-31")
        #expect(december.next.description == "2027-01" && ReleasePeriod("2027-01")!.previous == december)
        #expect(ReleasePeriod("2024-02")!.lastDay.text == "2024-02-29")
        #expect(!december.isOver(at: RFC3339.dateTime("2026-12-31T23:59:59Z")!) && december.isOver(at: RFC3339.dateTime("2027-01-01T00:00:00Z")!))
        let encoded = try JSONEncoder().encode(december)
        #expect(String(decoding: encoded, as: UTF8.self) == "\"2026-12\"")
    }

    @Test func concentrationAndDiversity() {
        #expect(Concentration.hhi([1, 1, 1, 1]) == 0.25)
        #expect(Concentration.hhi([10, 0, 0]) == 1)
        #expect(Concentration.gini([5, 5, 5, 5]) == 0)
        #expect(abs(Concentration.gini([0, 0, 0, 10])! - 0.75) < 1e-12, "one of four holds everything: (n−1)/n")
        #expect(Concentration.entropyBits([1, 1, 1, 1]) == 2)
        #expect(Concentration.entropyBits([3, 0]) == 0)
        #expect(Concentration.hhi([0, 0]) == nil && Concentration.gini([]) == nil)
    }
}
