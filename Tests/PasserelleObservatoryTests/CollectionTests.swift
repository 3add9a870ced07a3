import Foundation
import PasserelleCore
import Testing
@testable import PasserelleObservatory

/// Consent-free collection: keys per institution and day, consent signals, robots, validation, the queue.
@Suite struct CollectionTests {
    static let museum = Identifier<Institution>(trusted: "museum-a")
    static let theatre = Identifier<Institution>(trusted: "theatre-b")
    static let now = RFC3339.dateTime("2026-12-01T10:00:00Z")!

    @Test func visitorKeysNeverCrossInstitutionsOrDays() {
        let today = DailySalt.random(for: CollectionDay(Self.now))
        let tomorrow = DailySalt.random(for: CollectionDay(Self.now).next)
        let material = ["203.0.113.7", "Mozilla/5.0 (X11; Linux x86_64)"]
        let a = today.visitorKey(institution: Self.museum, material: material)
        #expect(a == today.visitorKey(institution: Self.museum, material: material), "stable within a day")
        #expect(a != today.visitorKey(institution: Self.theatre, material: material), "never shared across institutions")
        #expect(a != tomorrow.visitorKey(institution: Self.museum, material: material), "a new salt, a new key")
        #expect(a != today.visitorKey(institution: Self.museum, material: ["203.0.113.7Mozilla/5.0 (X11; Linux x86_64)"]), "parts are length-prefixed")
        #expect(today.bytes != tomorrow.bytes && today.bytes.count == 16)
    }

    @Test func saltsLiveFortyEightHoursFromTheStartOfTheirDay() {
        let policy = CollectionPolicy()
        let day = CollectionDay(Self.now)
        #expect(policy.oldestLiveSaltDay(now: Self.now) == day.previous, "yesterday's salt still serves late events")
        #expect(policy.oldestLiveSaltDay(now: day.next.next.start) == day.next, "two days later, the day's salt is gone")
        #expect(day.text == "2026-12-01" && day.previous.text == "2026-11-30")
    }

    @Test func consentSignalsAndRobots() {
        #expect(RequestSignals.optedOut(doNotTrack: "1", globalPrivacyControl: nil))
        #expect(RequestSignals.optedOut(doNotTrack: nil, globalPrivacyControl: "1"))
        #expect(!RequestSignals.optedOut(doNotTrack: "0", globalPrivacyControl: nil))
        #expect(RequestSignals.isRobot(userAgent: nil))
        #expect(RequestSignals.isRobot(userAgent: "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"))
        #expect(RequestSignals.isRobot(userAgent: "Mozilla/5.0 (X11; Linux x86_64) HeadlessChrome/120.0"))
        #expect(RequestSignals.isRobot(userAgent: "curl/8.5.0"))
        #expect(!RequestSignals.isRobot(userAgent: "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148"))
        #expect(RequestSignals.deviceClass(userAgent: "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148") == .mobile)
        #expect(RequestSignals.deviceClass(userAgent: "Mozilla/5.0 (iPad; CPU OS 17_0 like Mac OS X)") == .tablet)
        #expect(RequestSignals.deviceClass(userAgent: "Mozilla/5.0 (Windows NT 10.0; Win64; x64)") == .desktop)
    }

    @Test func everyProblemOfAnEventIsNamed() {
        let salt = DailySalt.random(for: CollectionDay(Self.now))
        let bad = EventSubmission(
            eventID: "..", kind: "click", occurredAt: "2026-02-30T10:00:00Z", channel: "fax", device: "watch",
            offer: "a b", category: "sport.golf", commune: "7505", ageBand: "12-14", visitor: ""
        )
        guard case let .failure(rejection) = bad.validated(institution: Self.museum, salt: salt, visitorMaterial: nil, now: Self.now, policy: CollectionPolicy()) else {
            Issue.record("must be refused")
            return
        }
        #expect(Set(rejection.problems.map(\.field)) == ["eventID", "kind", "occurredAt", "channel", "device", "offer", "category", "commune", "ageBand", "visitor"])
        let old = EventSubmission(eventID: "e1", kind: "play", occurredAt: "2026-09-01T10:00:00Z")
        guard case let .failure(tooOld) = old.validated(institution: Self.museum, salt: salt, visitorMaterial: nil, now: Self.now, policy: CollectionPolicy()) else {
            Issue.record("older than 40 days must be refused")
            return
        }
        #expect(tooOld.problems.map(\.code) == ["too-old"])
        let good = EventSubmission(eventID: "e2", kind: "content-view", occurredAt: "2026-12-01T09:59:00Z", commune: "2A004", visitor: "session-42")
        guard case let .success(event) = good.validated(institution: Self.museum, salt: salt, visitorMaterial: nil, now: Self.now, policy: CollectionPolicy()) else {
            Issue.record("a valid event must pass")
            return
        }
        #expect(event.visitorKey == salt.visitorKey(institution: Self.museum, material: ["visitor", "session-42"]))
        #expect(event.channel == .web && event.device == .other && event.communeCode == "2A004")
    }

    @Test func aFullQueueRefusesAndAFailedWriteLosesNothing() async throws {
        var policy = CollectionPolicy()
        policy.queueCapacity = 3
        let store = MemoryObservatoryStore()
        let collector = EventCollector(store: store, policy: policy)
        for i in 0..<3 {
            let result = try await collector.enqueue(Self.submission("b\(i)"), institution: Self.museum, visitorMaterial: ["ip", "ua"], now: Self.now)
            #expect((try? result.get()) != nil)
        }
        await #expect(throws: ObservatoryError.self) {
            _ = try await collector.enqueue(Self.submission("b3"), institution: Self.museum, visitorMaterial: ["ip", "ua"], now: Self.now)
        }
        await store.failNextWrite()
        await #expect(throws: ObservatoryError.self) { try await collector.flush() }
        #expect(await collector.pending == 3, "the failed batch went back to the queue")
        #expect(try await collector.flush() == 3)
        #expect(await collector.pending == 0)
        #expect(await store.eventCount == 3)
    }

    @Test func aReplayedBatchIsRecordedOnce() async throws {
        let store = MemoryObservatoryStore()
        let collector = EventCollector(store: store)
        let batch = [Self.submission("e1"), Self.submission("e2"), Self.submission("e2"), EventSubmission(eventID: "e3", kind: "nope", occurredAt: "x")]
        let first = try await collector.submit(batch, institution: Self.museum, now: Self.now)
        #expect(first.received == 4 && first.recorded == 2 && first.duplicates == 1 && first.rejected.map(\.index) == [3])
        let again = try await collector.submit(batch, institution: Self.museum, now: Self.now)
        #expect(again.recorded == 0 && again.duplicates == 3)
        var policy = CollectionPolicy()
        policy.maximumBatch = 2
        await #expect(throws: ObservatoryError.self) {
            _ = try await EventCollector(store: store, policy: policy).submit(batch, institution: Self.museum, now: Self.now)
        }
    }

    static func submission(_ id: String) -> EventSubmission {
        EventSubmission(eventID: id, kind: "page-view", occurredAt: "2026-12-01T09:00:00Z")
    }
}

/// An in-memory store with the same contract as the SQL one, and a switch to make the next write fail.
actor MemoryObservatoryStore: ObservatoryStore {
    private var salts = [CollectionDay: DailySalt]()
    private var events = [String: AudienceEvent]()
    private var failing = false

    var eventCount: Int { events.count }

    func failNextWrite() { failing = true }

    func salt(for day: CollectionDay, now: Date, policy: CollectionPolicy) async throws -> DailySalt {
        guard day >= policy.oldestLiveSaltDay(now: now) else { throw ObservatoryError(.saltExpired, "\(day)") }
        if let salt = salts[day] { return salt }
        let salt = DailySalt.random(for: day)
        salts[day] = salt
        return salt
    }

    func record(_ batch: [AudienceEvent]) async throws -> Int {
        if failing {
            failing = false
            throw ObservatoryError(.storage, "injected failure")
        }
        var new = 0
        for event in batch where events["\(event.institution)/\(event.day)/\(event.eventID)"] == nil {
            events["\(event.institution)/\(event.day)/\(event.eventID)"] = event
            new += 1
        }
        return new
    }

    private var releases = [ReleasePeriod: MonthlyRelease]()

    func events(from: CollectionDay, through: CollectionDay) async throws -> [AudienceEvent] {
        events.values.filter { CollectionDay($0.occurredAt) >= from && CollectionDay($0.occurredAt) <= through }.sorted { $0.occurredAt < $1.occurredAt }
    }

    func profiles(on day: CollectionDay) async throws -> [DeviceDayProfile] {
        DeviceDayProfile.group(try await events(from: day, through: day))
    }

    func hasEvents(from: CollectionDay, through: CollectionDay) async throws -> Bool {
        !(try await events(from: from, through: through)).isEmpty
    }

    func save(_ release: MonthlyRelease) async throws {
        guard releases[release.period] == nil else { throw ObservatoryError(.alreadyReleased, "\(release.period)") }
        releases[release.period] = release
    }

    func release(_ period: ReleasePeriod) async throws -> MonthlyRelease? { releases[period] }

    func releasedPeriods() async throws -> [ReleasePeriod] { releases.keys.sorted(by: >) }

    private var platforms = [String: PlatformReport]()

    func importPlatformReports(_ reports: [PlatformReport], rejected: [RejectedPlatformLine], source: String, now: Date) async throws -> PlatformImportReport {
        var report = PlatformImportReport()
        report.rejected = rejected
        for figure in reports {
            let key = "\(figure.period)/\(figure.key)"
            switch platforms[key]?.value {
            case nil: report.created += 1
            case figure.value: report.unchanged += 1
            default: report.updated += 1
            }
            platforms[key] = figure
        }
        return report
    }

    func platformReports(_ period: ReleasePeriod) async throws -> [PlatformReport] {
        platforms.values.filter { $0.period == period }.sorted { $0.key < $1.key }
    }

    func purge(now: Date, policy: CollectionPolicy) async throws -> PurgeReport {
        let oldest = policy.oldestLiveSaltDay(now: now)
        let expired = salts.keys.filter { $0 < oldest }
        for day in expired { salts[day] = nil }
        let cutoff = policy.retentionCutoff(now: now)
        let old = events.filter { $0.value.occurredAt < cutoff }.keys
        for key in old { events[key] = nil }
        return PurgeReport(salts: expired.count, events: old.count)
    }
}
