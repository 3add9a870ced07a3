import Foundation
import PasserelleCore
import PasserelleStorage
import Testing

/// Registered feeds on every engine: validation, one URL per institution, ownership, and the lease that keeps two
/// processes from reading one feed at once.
extension Contract {
    static func feedSources(_ store: SQLStore) async throws {
        try await store.write { tx in
            try await tx.save(Fixtures.institution())
            try await tx.save(Fixtures.institution("inst-b", name: "Cinéma B"))
        }
        let now = Fixtures.base
        let a = InstitutionID(trusted: "inst-a"), b = InstitutionID(trusted: "inst-b")
        let agenda = FeedSource(institutionID: a, kind: "ical", url: URL(string: "https://example.org/agenda.ics")!, intervalMinutes: 60)
        try await store.saveFeedSource(agenda, now: now)
        let saved = try #require(try await store.feedSource(agenda.id))
        #expect(saved.source == agenda)
        #expect(saved.state.nextRunAt == now, "a new feed is due at once")
        #expect(saved.state.consecutiveFailures == 0)

        // Invalid, duplicate and foreign writes are refused with their reason.
        let invalid = FeedSource(institutionID: a, kind: "gopher", url: URL(string: "ftp://example.org/x")!, intervalMinutes: 1)
        let refusal = await #expect(throws: CoreError.self) { try await store.saveFeedSource(invalid, now: now) }
        #expect(Set(refusal?.issues.map(\.field) ?? []) == ["kind", "url", "intervalMinutes"])
        let twin = FeedSource(institutionID: a, kind: "ical", url: agenda.url)
        #expect((await #expect(throws: CoreError.self) { try await store.saveFeedSource(twin, now: now) })?.code == .conflict)
        var stolen = agenda
        stolen.institutionID = b
        #expect((await #expect(throws: CoreError.self) { try await store.saveFeedSource(stolen, now: now) })?.code == .forbidden)
        // Another institution may register the same URL.
        try await store.saveFeedSource(FeedSource(institutionID: b, kind: "ical", url: agenda.url), now: now.addingTimeInterval(5))
        #expect(try await store.feedSources(of: a).count == 1)
        #expect(try await store.feedSources(of: nil).count == 2)

        // A claim takes the earliest due feed; a second owner gets the other one, then nothing.
        let first = try #require(try await store.claimDueFeedSource(owner: "one", now: now.addingTimeInterval(10), lease: 60))
        #expect(first.source.id == agenda.id)
        let second = try #require(try await store.claimDueFeedSource(owner: "two", now: now.addingTimeInterval(10), lease: 60))
        #expect(second.source.institutionID == b)
        #expect(try await store.claimDueFeedSource(owner: "three", now: now.addingTimeInterval(10), lease: 60) == nil)

        // A lease that expired is taken by another owner; the first one's finish is then refused and writes nothing.
        let retaken = try #require(try await store.claimDueFeedSource(owner: "three", now: now.addingTimeInterval(71), lease: 60))
        #expect(retaken.source.id == agenda.id)
        var late = first.state
        late.nextRunAt = now.addingTimeInterval(10_000)
        late.lastOutcome = "imported"
        #expect(try await store.finishFeedRun(agenda.id, owner: "one", state: late) == false)
        #expect(try await store.feedSource(agenda.id)?.state.lastOutcome == nil)

        // The holder's finish records the run and frees the lease; the feed is not due before its next run.
        var done = retaken.state
        done.nextRunAt = now.addingTimeInterval(3_600)
        done.etag = "\"v1\""
        done.lastRunAt = now.addingTimeInterval(71)
        done.lastOutcome = "imported"
        done.lastMessage = String(repeating: "x", count: 5_000)
        #expect(try await store.finishFeedRun(agenda.id, owner: "three", state: done))
        #expect(try await store.finishFeedRun(second.source.id, owner: "two", state: done))
        let finished = try #require(try await store.feedSource(agenda.id))
        #expect(finished.state.etag == "\"v1\"")
        #expect(finished.state.lastMessage?.count == 2_000, "a message is kept to 2 000 characters")
        #expect(try await store.claimDueFeedSource(owner: "four", now: now.addingTimeInterval(200), lease: 60) == nil)

        // Asking for a read makes it due; a withdrawn feed is never claimed.
        try await store.scheduleFeedSoon(agenda.id, at: now.addingTimeInterval(200))
        #expect(try await store.claimDueFeedSource(owner: "four", now: now.addingTimeInterval(200), lease: 60)?.source.id == agenda.id)
        var withdrawn = agenda
        withdrawn.status = .withdrawn
        try await store.saveFeedSource(withdrawn, now: now)
        #expect(try await store.feedSource(agenda.id)?.source.status == .withdrawn)
        #expect(try await store.claimDueFeedSource(owner: "five", now: now.addingTimeInterval(100_000), lease: 60)?.source.id != agenda.id)
    }

    /// Many owners claiming at once never hold one feed together.
    static func feedClaimsRace(_ store: SQLStore) async throws {
        try await store.write { try await $0.save(Fixtures.institution()) }
        let now = Fixtures.base
        for index in 0..<8 {
            let url = URL(string: "https://example.org/feed-\(index).xml")!
            try await store.saveFeedSource(FeedSource(institutionID: InstitutionID(trusted: "inst-a"), kind: "rss", url: url), now: now)
        }
        let claimed = try await withThrowingTaskGroup(of: [FeedSourceID].self) { group in
            for owner in 0..<4 {
                group.addTask {
                    var mine: [FeedSourceID] = []
                    while let record = try await store.claimDueFeedSource(owner: "owner-\(owner)", now: now, lease: 600) {
                        mine.append(record.source.id)
                    }
                    return mine
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        #expect(claimed.count == 8)
        #expect(Set(claimed).count == 8, "no feed was claimed twice")
    }
}

extension Contract {
    /// At most `FeedSource.maximumPerInstitution` active feeds, however they are reached: registered at once, or
    /// a withdrawn one registered again.
    static func feedLimitHolds(_ store: SQLStore) async throws {
        try await store.write { tx in try await tx.save(Fixtures.institution()) }
        let a = InstitutionID(trusted: "inst-a")
        let limit = FeedSource.maximumPerInstitution
        func feed(_ index: Int) -> FeedSource {
            FeedSource(id: FeedSourceID(trusted: "feed-\(index)"), institutionID: a, kind: "ical", url: URL(string: "https://example.org/\(index).ics")!)
        }
        let saved = try await withThrowingTaskGroup(of: Bool.self) { tasks in
            for index in 0..<(limit + 10) {
                tasks.addTask {
                    do { try await store.saveFeedSource(feed(index), now: Fixtures.base); return true } catch let error as CoreError where error.code == .limitExceeded {
                        return false
                    }
                }
            }
            return try await tasks.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(saved == limit, "\(limit + 10) registrations at once: exactly \(limit)")
        let registered = try await store.feedSources(of: a).map(\.source)
        var withdrawn = try #require(registered.first)
        withdrawn.status = .withdrawn
        try await store.saveFeedSource(withdrawn, now: Fixtures.base)
        let extra = try #require((0..<(limit + 10)).map(feed).first { candidate in !registered.contains { $0.id == candidate.id } })
        try await store.saveFeedSource(extra, now: Fixtures.base)
        withdrawn.status = .active
        let again = await #expect(throws: CoreError.self) { try await store.saveFeedSource(withdrawn, now: Fixtures.base) }
        #expect(again?.code == .limitExceeded, "a withdrawn feed registered again counts too")
        #expect(try await store.feedSources(of: a).filter { $0.source.status == .active }.count == limit)
    }
}
