import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import PasserelleApp
import PasserelleConnectors
import PasserelleCore
import Testing

/// Fetching an http(s) source over a real loopback server: conditional requests, every limit (size announced or
/// streamed, redirects, time), errors named; and each kind read through its connector.
@Suite struct FeedFetcherTests {
    static let calendar = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:a@x\r\nSUMMARY:Concert\r\nDTSTART:20270105T200000Z\r\nLOCATION:Salle\\, 31000 Toulouse\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"

    static func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.get("/agenda.ics") { request, _ in
            let tag = "\"v1\""
            if request.headers[.ifNoneMatch] == tag { return Response(status: .notModified, headers: [.eTag: tag]) }
            return Response(status: .ok, headers: [.eTag: tag, .lastModified: "Tue, 01 Dec 2026 10:00:00 GMT", .contentType: "text/calendar"],
                            body: .init(byteBuffer: ByteBuffer(string: calendar)))
        }
        router.get("/big") { _, _ in
            Response(status: .ok, body: .init(byteBuffer: ByteBuffer(repeating: UInt8(ascii: "x"), count: 10_000)))
        }
        // No Content-Length: the limit must hold while the body streams.
        router.get("/stream") { _, _ in
            Response(status: .ok, body: ResponseBody { writer in
                for _ in 0..<100 { try await writer.write(ByteBuffer(repeating: UInt8(ascii: "y"), count: 1_000)) }
                try await writer.finish(nil)
            })
        }
        router.get("/loop") { _, _ in Response(status: .found, headers: [.location: "/loop"]) }
        router.get("/to-file") { _, _ in Response(status: .found, headers: [.location: "file:///etc/passwd"]) }
        router.get("/broken") { _, _ in Response(status: .internalServerError) }
        router.get("/slow") { _, _ in
            try await Task.sleep(for: .seconds(5))
            return Response(status: .ok)
        }
        return router
    }

    @Test func conditionalRequestsAndEveryLimit() async throws {
        let app = Application(router: Self.router(), configuration: .init(address: .hostname("127.0.0.1", port: 0)), logger: Logger(label: "fetch"))
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let base = "http://127.0.0.1:\(port)"
            let fetcher = FeedFetcher(maximumBytes: 5_000)

            let first = try await fetcher.fetch(URL(string: base + "/agenda.ics")!)
            #expect(first.data.map { String(decoding: $0, as: UTF8.self) } == Self.calendar)
            #expect(first.etag == "\"v1\"" && first.lastModified == "Tue, 01 Dec 2026 10:00:00 GMT")
            let again = try await fetcher.fetch(URL(string: base + "/agenda.ics")!, etag: first.etag, lastModified: first.lastModified)
            #expect(again.data == nil && again.etag == "\"v1\"", "an unchanged feed is a 304, no body")

            await #expect(throws: FeedFetcher.Failure.tooLarge(bytes: 10_000, limit: 5_000)) { try await fetcher.fetch(URL(string: base + "/big")!) }
            await #expect { try await fetcher.fetch(URL(string: base + "/stream")!) } throws: { error in
                guard case .tooLarge(_, 5_000) = error as? FeedFetcher.Failure else { return false }
                return true
            }
            await #expect(throws: FeedFetcher.Failure.tooManyRedirects(5)) { try await fetcher.fetch(URL(string: base + "/loop")!) }
            // A redirect to a file is never followed to the file: Foundation's URLSession on Linux resolves it against the
            // server (a 404 here), on Darwin the delegate refuses the scheme. Either way an error, never the file's bytes.
            await #expect(throws: FeedFetcher.Failure.self) { try await fetcher.fetch(URL(string: base + "/to-file")!) }
            await #expect(throws: FeedFetcher.Failure.status(500)) { try await fetcher.fetch(URL(string: base + "/broken")!) }
            await #expect(throws: FeedFetcher.Failure.notHTTP("ftp")) { try await fetcher.fetch(URL(string: "ftp://127.0.0.1/x")!) }
            var impatient = FeedFetcher(maximumBytes: 5_000)
            impatient.timeout = 1
            impatient.totalTimeout = 2
            await #expect { try await impatient.fetch(URL(string: base + "/slow")!) } throws: { error in
                switch error as? FeedFetcher.Failure {
                case .timedOut?, .transport?: true
                default: false
                }
            }
        }
    }

    @Test func everyKindReadsThroughItsConnector() throws {
        let options = FeedReadOptions(institutionID: InstitutionID(trusted: "i"), sourceKey: FeedKind.ical.sourceKey("/agenda.ics"),
                                      defaultCategory: CategoryID(trusted: "music.concert"))
        let read = try FeedKind.ical.read(Data(Self.calendar.utf8), options)
        #expect(read.events.count == 1 && read.rejected.isEmpty)
        #expect(read.events[0].offer.provenance.source.hasPrefix("ical:"))
        #expect(throws: FeedRefusal.self) { try FeedKind.csv.read(Data("a;b\n".utf8), options) }
        #expect(throws: FeedRefusal.self) { try FeedKind.rss.read(Data("not xml".utf8), options) }
        #expect(FeedKind.allCases.allSatisfy { $0.maximumBytes >= 8 << 20 })
        #expect(FeedSync.isComplete(read))
    }
}
