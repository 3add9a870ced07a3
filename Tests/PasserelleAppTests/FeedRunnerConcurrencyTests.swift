import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import PasserelleApp
import PasserelleCore
import PasserelleStorage
import Testing

/// A slow feed never holds the others back: the runner reads due feeds several at a time.
@Suite struct FeedRunnerConcurrencyTests {
    /// Opened when the fast feed has been fetched; the slow feed answers only once it is open (or gives up after 20 s
    /// with a 503, which is what a runner that reads one feed after another would get).
    actor Gate {
        private var open = false
        func openIt() { open = true }
        func wait() async -> Bool {
            for _ in 0..<400 {
                if open { return true }
                try? await Task.sleep(for: .milliseconds(50))
            }
            return false
        }
    }

    static func calendar(_ uid: String) -> String {
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:\(uid)@t.example\r\nSUMMARY:Pièce \(uid)\r\nDTSTART:20270105T200000Z\r\n"
            + "LOCATION:Salle\\, 31000 Toulouse\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    }

    @Test func aFeedThatStallsDoesNotDelayTheOthers() async throws {
        let gate = Gate()
        let router = Router()
        router.get("/slow.ics") { _, _ in
            guard await gate.wait() else { return Response(status: .serviceUnavailable) }
            return Response(status: .ok, headers: [.contentType: "text/calendar"], body: .init(byteBuffer: ByteBuffer(string: Self.calendar("slow"))))
        }
        router.get("/fast.ics") { _, _ in
            await gate.openIt()
            return Response(status: .ok, headers: [.contentType: "text/calendar"], body: .init(byteBuffer: ByteBuffer(string: Self.calendar("fast"))))
        }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)), logger: Logger(label: "feeds"))
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let store = try await FeedRunnerTests.store()
            let now = Date()
            let slow = FeedSource(institutionID: FeedRunnerTests.institution, kind: "ical", url: URL(string: "http://127.0.0.1:\(port)/slow.ics")!,
                                  defaultCategory: CategoryID(trusted: "music.concert"), intervalMinutes: 60)
            let fast = FeedSource(institutionID: FeedRunnerTests.institution, kind: "ical", url: URL(string: "http://127.0.0.1:\(port)/fast.ics")!,
                                  defaultCategory: CategoryID(trusted: "music.concert"), intervalMinutes: 60)
            // The slow feed is due first, so a runner reading one feed at a time would wait on it before the fast one.
            try await store.saveFeedSource(slow, now: now.addingTimeInterval(-60))
            try await store.saveFeedSource(fast, now: now.addingTimeInterval(-30))
            let runner = FeedRunner(store: store, policy: FeedAddressPolicy(allowPrivate: true), logger: Logger(label: "feeds"))
            let runs = try await runner.runDue(now: { now })
            #expect(runs.map(\.source.id) == [slow.id, fast.id], "listed in the order they were due")
            #expect(runs.map(\.outcome) == ["imported", "imported"], "the slow feed was answered because the fast one was read meanwhile: \(runs.map(\.message))")

            try await store.shutdown()
        }
    }
}
