import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import PasserelleApp
import PasserelleConnectors
import PasserelleCore
import PasserelleStorage
import Testing

/// Registered feeds read by the runner from a real loopback server: imported, then unchanged (a 304), then a
/// vanished event withdrawn; failures recorded with a longer wait; private addresses refused unless allowed.
@Suite struct FeedRunnerTests {
    static let institution = InstitutionID(trusted: "theatre-t")

    /// The calendar the loopback server serves now; its ETag follows its text.
    actor Calendar {
        var events: [String] = ["a", "b"]
        func set(_ events: [String]) { self.events = events }
        var text: String {
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n" + events.map { uid in
                "BEGIN:VEVENT\r\nUID:\(uid)@t.example\r\nSUMMARY:Pièce \(uid)\r\nDTSTART:20270105T200000Z\r\nLOCATION:Salle\\, 31000 Toulouse\r\nEND:VEVENT\r\n"
            }.joined() + "END:VCALENDAR\r\n"
        }
    }

    static func router(_ calendar: Calendar) -> Router<BasicRequestContext> {
        let router = Router()
        router.get("/agenda.ics") { request, _ in
            let text = await calendar.text
            let tag = "\"\(text.hashValue)\""
            if request.headers[.ifNoneMatch] == tag { return Response(status: .notModified, headers: [.eTag: tag]) }
            return Response(status: .ok, headers: [.eTag: tag, .contentType: "text/calendar"], body: .init(byteBuffer: ByteBuffer(string: text)))
        }
        router.get("/broken") { _, _ in Response(status: .internalServerError) }
        router.get("/to-private") { _, _ in Response(status: .found, headers: [.location: "/private/agenda.ics"]) }
        return router
    }

    static func store() async throws -> SQLStore {
        let store = try await SQLStore.open(.sqliteMemory, logger: Logger(label: "test"))
        try await store.migrate()
        try await store.write { try await $0.save(Institution(id: Self.institution, name: "Théâtre T")) }
        return store
    }

    /// A clock the test moves.
    final class Clock: @unchecked Sendable {
        private let lock = NSLock()
        private var value = Date()
        var now: Date { lock.withLock { value } }
        func advance(minutes: Int) { lock.withLock { value = value.addingTimeInterval(Double(minutes * 60)) } }
    }

    @Test func importsThenNotModifiedThenWithdrawsWhatTheFeedDrops() async throws {
        let calendar = Calendar()
        let app = Application(router: Self.router(calendar), configuration: .init(address: .hostname("127.0.0.1", port: 0)), logger: Logger(label: "feeds"))
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let store = try await Self.store()
            let clock = Clock()
            let feed = FeedSource(institutionID: Self.institution, kind: "ical", url: URL(string: "http://127.0.0.1:\(port)/agenda.ics")!,
                                  defaultCategory: CategoryID(trusted: "music.concert"), intervalMinutes: 60)
            try await store.saveFeedSource(feed, now: clock.now)
            let runner = FeedRunner(store: store, policy: FeedAddressPolicy(allowPrivate: true), logger: Logger(label: "feeds"))

            let first = try await runner.runDue(now: { clock.now })
            #expect(first.map(\.outcome) == ["imported"])
            #expect(first.first?.report?.created == 2)
            #expect(try await runner.runDue(now: { clock.now }).isEmpty, "not due again before its interval")
            let recorded = try #require(try await store.feedSource(feed.id)?.state)
            #expect(recorded.lastOutcome == "imported" && recorded.etag != nil && recorded.consecutiveFailures == 0)
            #expect(recorded.nextRunAt == clock.now.addingTimeInterval(3_600))

            clock.advance(minutes: 61)
            #expect(try await runner.runDue(now: { clock.now }).map(\.outcome) == ["unchanged"], "the same feed is a 304")

            await calendar.set(["a"])
            clock.advance(minutes: 61)
            let third = try await runner.runDue(now: { clock.now })
            #expect(third.first?.report?.withdrawn == 1)
            #expect(try await FeedSyncTests.statuses(store) == ["Pièce a": .active, "Pièce b": .withdrawn], "a vanished event is withdrawn, never deleted")
            try await store.shutdown()
        }
    }

    @Test func aFailureWaitsLongerAndNeverStopsTheOtherFeeds() async throws {
        let app = Application(router: Self.router(Calendar()), configuration: .init(address: .hostname("127.0.0.1", port: 0)), logger: Logger(label: "feeds"))
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let store = try await Self.store()
            let clock = Clock()
            let broken = FeedSource(institutionID: Self.institution, kind: "ical", url: URL(string: "http://127.0.0.1:\(port)/broken")!, intervalMinutes: 60)
            let good = FeedSource(institutionID: Self.institution, kind: "ical", url: URL(string: "http://127.0.0.1:\(port)/agenda.ics")!, intervalMinutes: 60)
            try await store.saveFeedSource(broken, now: clock.now.addingTimeInterval(-1))
            try await store.saveFeedSource(good, now: clock.now)
            let runner = FeedRunner(store: store, policy: FeedAddressPolicy(allowPrivate: true), logger: Logger(label: "feeds"))
            let runs = try await runner.runDue(now: { clock.now })
            #expect(runs.map(\.outcome) == ["failed", "imported"])
            let failed = try #require(try await store.feedSource(broken.id)?.state)
            #expect(failed.consecutiveFailures == 1 && failed.lastMessage?.contains("HTTP 500") == true)
            #expect(failed.nextRunAt == clock.now.addingTimeInterval(2 * 3_600), "one failure doubles the wait")
            clock.advance(minutes: 121)
            _ = try await runner.runDue(now: { clock.now })
            #expect(try await store.feedSource(broken.id)?.state.nextRunAt == clock.now.addingTimeInterval(4 * 3_600))
            try await store.shutdown()
        }
    }

    @Test func aReadThatFailsAfterItsFetchKeepsNoValidators() async throws {
        let app = Application(router: Self.router(Calendar()), configuration: .init(address: .hostname("127.0.0.1", port: 0)), logger: Logger(label: "feeds"))
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let store = try await Self.store()
            // A csv feed whose mapping cannot be read: the document is fetched (with an ETag), then refused.
            let feed = FeedSource(institutionID: Self.institution, kind: "csv", url: URL(string: "http://127.0.0.1:\(port)/agenda.ics")!,
                                  mapping: "{}", intervalMinutes: 60)
            try await store.saveFeedSource(feed, now: Date())
            let runner = FeedRunner(store: store, policy: FeedAddressPolicy(allowPrivate: true), logger: Logger(label: "feeds"))
            #expect(try await runner.runDue().map(\.outcome) == ["refused"])
            let state = try #require(try await store.feedSource(feed.id)?.state)
            #expect(state.etag == nil && state.lastModified == nil, "the next read must fetch the document again, not get a 304")
            try await store.shutdown()
        }
    }

    @Test func privateAddressesAreRefusedFirstAndAfterARedirect() async throws {
        let app = Application(router: Self.router(Calendar()), configuration: .init(address: .hostname("127.0.0.1", port: 0)), logger: Logger(label: "feeds"))
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let store = try await Self.store()
            let feed = FeedSource(institutionID: Self.institution, kind: "ical", url: URL(string: "http://127.0.0.1:\(port)/agenda.ics")!, intervalMinutes: 60)
            try await store.saveFeedSource(feed, now: Date())
            let runner = FeedRunner(store: store, policy: FeedAddressPolicy(allowPrivate: false), logger: Logger(label: "feeds"))
            let runs = try await runner.runDue()
            #expect(runs.map(\.outcome) == ["refused"])
            #expect(runs.first?.message.contains("private network") == true, "\(runs.first?.message ?? "")")
            #expect(try await FeedSyncTests.statuses(store).isEmpty, "nothing was fetched nor written")
            try await store.shutdown()

            // The check runs again on every redirect: here a rule refusing one path stands for a private host.
            let fetcher = FeedFetcher(maximumBytes: 10_000, addressRefusal: { $0.path.hasPrefix("/private") ? "a private address" : nil })
            await #expect(throws: FeedFetcher.Failure.refusedAddress("a private address")) {
                try await fetcher.fetch(URL(string: "http://127.0.0.1:\(port)/to-private")!)
            }
        }
    }

    @Test(arguments: [
        ("127.0.0.1", true), ("10.1.2.3", true), ("172.16.0.1", true), ("172.32.0.1", false), ("192.168.1.1", true),
        ("169.254.169.254", true), ("100.64.0.1", true), ("0.0.0.0", true), ("224.0.0.1", true), ("8.8.8.8", false),
        ("193.51.1.1", false), ("::1", true), ("fe80::1", true), ("fd00::1", true), ("::ffff:10.0.0.1", true),
        ("2001:4860:4860::8888", false),
    ])
    func internalAddresses(_ address: String, _ isInternal: Bool) {
        #expect(FeedAddressPolicy.isInternal(address) == isInternal)
    }

    @Test func aRefusalNeverTellsAnInternalNameFromAMissingOne() throws {
        let policy = FeedAddressPolicy(allowPrivate: false)
        let onLoopback = try #require(policy.refusal(for: URL(string: "http://localhost/agenda.ics")!))
        let missing = try #require(policy.refusal(for: URL(string: "http://no-such-host.invalid/agenda.ics")!))
        #expect(!onLoopback.contains("127.0.0.1") && !onLoopback.contains("::1"), "the address is never named: \(onLoopback)")
        #expect(onLoopback.replacingOccurrences(of: "localhost", with: "H") == missing.replacingOccurrences(of: "no-such-host.invalid", with: "H"))
    }
}
