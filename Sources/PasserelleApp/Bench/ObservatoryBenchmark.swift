import Foundation
public import Logging
import PasserelleCore
import PasserelleObservatory
public import PasserelleStorage

/// `passerelle bench observatory`: N synthetic audience events written into a fresh database, then the month
/// aggregated into the grid and released (read day by day, bounded, noised), against a floor in the same run: the
/// database engine computing one of the five tables (visitors per institution) in a single GROUP BY.
public enum ObservatoryBenchmark {
    /// What was measured.
    public struct Figures: Sendable, CustomStringConvertible {
        public let events: Int
        public let insertSeconds: Double
        public let releaseSeconds: Double
        public let floorSeconds: Double

        public var description: String {
            let rate = { (seconds: Double) in Int(Double(events) / max(seconds, 1e-9)) }
            return "\(events) events: written in \(String(format: "%.1f", insertSeconds)) s (\(rate(insertSeconds)) /s); "
                + "released (5 tables) in \(String(format: "%.1f", releaseSeconds)) s (\(rate(releaseSeconds)) events/s); "
                + "floor, one table as one SQL GROUP BY: \(String(format: "%.2f", floorSeconds)) s"
        }
    }

    static let period = ReleasePeriod("2026-10")!
    static let institutions = 100

    /// Runs the benchmark on `location` (emptied first when it is a PostgreSQL test database is the caller's job).
    public static func run(location: DatabaseLocation, events: Int, logger: Logger) async throws -> Figures {
        let store = try await SQLStore.open(location, logger: logger)
        do {
            try await store.migrate()
            let ids = (0..<institutions).map { InstitutionID(trusted: "bench-\($0)") }
            try await store.write { tx in try await tx.save(ids.map { Institution(id: $0, name: "Bench \($0.rawValue)") }) }
            let observatory = SQLObservatoryStore(store: store)
            let insertStart = ContinuousClock.now
            try await write(events, into: observatory, institutions: ids)
            let insertSeconds = seconds(since: insertStart)
            let releaseStart = ContinuousClock.now
            let outcome = try await ObservatoryPublishing.release(period, store: store, now: period.next.firstDay.start.addingTimeInterval(86_400))
            let releaseSeconds = seconds(since: releaseStart)
            guard case let .released(release) = outcome, release.eventsRead == events else {
                throw CoreError(.invalid, "the benchmark's release did not read every event: \(outcome)")
            }
            let floorStart = ContinuousClock.now
            _ = try await ObservatoryFloor.visitorsPerInstitutionDay(store)
            let floorSeconds = seconds(since: floorStart)
            try await store.shutdown()
            return Figures(events: events, insertSeconds: insertSeconds, releaseSeconds: releaseSeconds, floorSeconds: floorSeconds)
        } catch {
            try? await store.shutdown()
            throw error
        }
    }

    /// Four events per device-day (three page views and a content view), spread over the month's days and the
    /// institutions, with communes and domains, in batches of 1 000.
    private static func write(_ count: Int, into store: SQLObservatoryStore, institutions: [InstitutionID]) async throws {
        let days = (0..<31).map { CollectionDay(number: period.firstDay.number + $0) }
        let salts = days.map { DailySalt.random(for: $0) }
        let communes = ["35238", "75056", "13055", "69123", "31555", "59350", "67482", "33063"]
        let categories = ["heritage.museum-visit", "live-performance.theatre", "cinema.screening", "music.concert"].map { CategoryID(trusted: $0) }
        var batch = [AudienceEvent]()
        batch.reserveCapacity(1_000)
        for n in 0..<count {
            let visitor = n / 4, d = visitor % days.count, institution = institutions[visitor % institutions.count]
            let kind: AudienceEvent.Kind = n % 4 == 3 ? .contentView : .pageView
            batch.append(AudienceEvent(
                institution: institution, eventID: "e\(n)", kind: kind, occurredAt: days[d].start.addingTimeInterval(Double(n % 86_000)),
                channel: .web, device: visitor % 3 == 0 ? .mobile : .desktop, offer: nil,
                category: kind == .contentView ? categories[visitor % categories.count] : nil, communeCode: communes[visitor % communes.count],
                ageBand: nil, visitorKey: salts[d].visitorKey(institution: institution, material: ["v\(visitor)"])
            ))
            if batch.count == 1_000 {
                _ = try await store.record(batch)
                batch.removeAll(keepingCapacity: true)
            }
        }
        if !batch.isEmpty { _ = try await store.record(batch) }
    }

    private static func seconds(since start: ContinuousClock.Instant) -> Double {
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }
}
