import Foundation
import PasserelleCore
import Testing
@testable import PasserelleConnectors

/// The harvester against an in-memory repository that serves sickle's and Gallica's real pages by resumption
/// token: the list followed to its end, the arguments of an incremental harvest, every OAI-PMH error, retries with
/// back-off (the waits recorded, not slept), a stalled repository, a page that never parses.
@Suite("OAI-PMH harvester")
struct OAIHarvesterTests {
    static let base = URL(string: "http://oai.example.org/oai")!
    static let institution = InstitutionID(trusted: "inst-bnf")

    /// Answers each request with `respond(number, query)` (1-based, the query decoded) and keeps the queries.
    actor Repository {
        private(set) var queries: [[String: String]] = []
        let respond: @Sendable (Int, [String: String]) async throws -> OAITransportResponse

        init(_ respond: @escaping @Sendable (Int, [String: String]) async throws -> OAITransportResponse) { self.respond = respond }

        func fetch(_ url: URL) async throws -> OAITransportResponse {
            let items = URLComponents(url: url, resolvingAgainstBaseURL: false)?.queryItems ?? []
            let query = Dictionary(items.map { ($0.name, $0.value ?? "") }) { first, _ in first }
            queries.append(query)
            return try await respond(queries.count, query)
        }
    }

    /// The waits the harvester asked for, returned at once.
    actor Waits {
        private(set) var all: [Duration] = []
        func wait(_ duration: Duration) { all.append(duration) }
    }

    struct Unreachable: Error {}

    static func page(_ folder: URL, _ name: String) throws -> OAITransportResponse {
        OAITransportResponse(body: try Data(contentsOf: folder.appending(path: name)))
    }

    static func sickle(_ name: String) throws -> OAITransportResponse { try page(OAIPMHFeedTests.sickle, name) }
    static func gallica(_ name: String) throws -> OAITransportResponse { try page(OAIPMHFeedTests.gallica, name) }

    /// Sickle's four ListRecords pages, each token naming the next file.
    static let sickleList: @Sendable (Int, [String: String]) throws -> OAITransportResponse = { _, query in
        try sickle(query["resumptionToken"] ?? "ListRecords.xml")
    }

    /// Gallica's first page and its last one, the token of the first leading to the last; any other token is unknown.
    static let gallicaList: @Sendable (Int, [String: String]) throws -> OAITransportResponse = { _, query in
        switch query["resumptionToken"] {
        case nil: try gallica("OAIListRecords.xml")
        case "2!2!2758354!158!100!980266!oai_dc": try gallica("OAIListRecords2.xml")
        default: try sickle("badResumptionToken.xml")
        }
    }

    static func harvester(_ repository: Repository, _ waits: Waits = Waits(), request: OAIHarvester.Request = .init(),
                          limits: OAIHarvester.Limits = .init()) -> OAIHarvester {
        OAIHarvester(baseURL: base, request: request, limits: limits, fetch: { try await repository.fetch($0) },
                     sleep: { await waits.wait($0) })
    }

    static func read(_ harvester: OAIHarvester, defaultCategory: CategoryID? = nil) async -> OAIHarvest {
        await harvester.read(institutionID: institution, source: OAIPMHFeed.sourceKey(base.absoluteString), defaultCategory: defaultCategory,
                             retrievedAt: Date(timeIntervalSince1970: 1_800_000_000))
    }

    // MARK: - Lists followed to their end

    @Test("Gallica: the first page's token leads to the last page; 114 records, 114 works, the list complete", OAIPMHFeedTests.needsGallica)
    func gallicaHarvest() async throws {
        let repository = Repository(Self.gallicaList)
        let harvest = await Self.read(Self.harvester(repository, request: .init(set: "gallica")),
                                      defaultCategory: CategoryID(trusted: "heritage.collection-object"))
        #expect(harvest.summary.isComplete && harvest.summary.failure == nil)
        #expect(harvest.summary.pages == 2 && harvest.summary.records == 114 && harvest.summary.deleted == 0)
        #expect(harvest.read.works.count == 114 && harvest.read.blocks == 114 && harvest.read.rejected.isEmpty)
        #expect(Set(harvest.read.works.map(\.id)).count == 114)
        #expect(harvest.summary.completeListSize == 814 && harvest.summary.resumptionToken == nil)
        #expect(harvest.summary.responseDate?.text == "2010-05-26T07:23:04Z")
        let queries = await repository.queries
        #expect(queries == [["verb": "ListRecords", "metadataPrefix": "oai_dc", "set": "gallica"],
                            ["verb": "ListRecords", "resumptionToken": "2!2!2758354!158!100!980266!oai_dc"]])
    }

    @Test("sickle: four pages by token, a deleted record on each reported as a withdrawal, the unidentified one rejected", OAIPMHFeedTests.needsSickle)
    func sickleHarvest() async throws {
        let repository = Repository(Self.sickleList)
        let harvest = await Self.read(Self.harvester(repository), defaultCategory: CategoryID(trusted: "books.print"))
        #expect(harvest.summary.isComplete)
        #expect(harvest.summary.pages == 4 && harvest.summary.records == 8 && harvest.summary.deleted == 4)
        #expect(harvest.summary.completeListSize == 8)
        let tokens = await repository.queries
        #expect(tokens.compactMap { $0["resumptionToken"] } == ["ListRecords2.xml", "ListRecords3.xml", "ListRecords4.xml"])
        #expect(harvest.read.rejected.map(\.reason.code) == [.oaiNoIdentifier])
        // Pages 1 to 3 repeat the same two records: each is kept once, its later reading noted.
        #expect(harvest.read.works.map(\.provenance.recordID) == ["oai:test.example.com:1585310", "oai:test.example.com:1585322"])
        #expect(harvest.read.works.map(\.status) == [.withdrawn, .active])
        #expect(harvest.read.warnings.filter { $0.reason.code == .duplicateID }.count == 5)
        // The latest datestamp is where the next incremental harvest starts.
        #expect(harvest.summary.lastDatestamp?.text == "2011-07-18T16:31:00Z")
    }

    @Test("page by page: each page's works handed over before the next request, blocks numbered in the whole harvest", OAIPMHFeedTests.needsSickle)
    func pageByPage() async throws {
        let repository = Repository(Self.sickleList)
        var pages: [(works: Int, rejectedBlocks: [Int], requestsSoFar: Int)] = []
        let summary = await Self.harvester(repository).read(institutionID: Self.institution, source: "oai:test",
                                                            defaultCategory: CategoryID(trusted: "books.print")) { read, page in
            pages.append((read.works.count, read.rejected.map(\.block), await repository.queries.count))
            #expect(page.number == pages.count)
        }
        #expect(summary.isComplete && summary.records == 8)
        #expect(pages.map(\.works) == [2, 2, 2, 1] && pages.map(\.rejectedBlocks) == [[], [], [], [7]])
        #expect(pages.map(\.requestsSoFar) == [1, 2, 3, 4])
    }

    @Test("from, until, set and the format go on the first request only; noRecordsMatch is an empty, complete harvest", OAIPMHFeedTests.needsSickle)
    func incrementalArguments() async throws {
        let repository = Repository { _, _ in try Self.sickle("noRecordsMatch.xml") }
        let request = OAIHarvester.Request(metadataPrefix: "oai_dc", from: OAIDatestamp("2024-03-01"), until: OAIDatestamp("2024-03-31T23:59:59Z"),
                                           set: "gallica:monographies")
        let harvest = await Self.read(Self.harvester(repository, request: request))
        #expect(harvest.summary.isComplete && harvest.summary.records == 0 && harvest.summary.pages == 1)
        #expect(harvest.read.works.isEmpty && harvest.read.rejected.isEmpty)
        let queries = await repository.queries
        #expect(queries == [["verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2024-03-01",
                            "until": "2024-03-31T23:59:59Z", "set": "gallica:monographies"]])
        let harvester = Self.harvester(repository, request: request)
        #expect(harvester.url(resumptionToken: "a b&c").absoluteString == "http://oai.example.org/oai?verb=ListRecords&resumptionToken=a%20b%26c")
    }

    // MARK: - Errors

    @Test("every OAI-PMH error ends the harvest at once with its code, the pages before kept", OAIPMHFeedTests.needsSickle)
    func errorCodes() async throws {
        let cases: [(String, OAIHarvestFailure.Kind)] = [
            ("badResumptionToken.xml", .badResumptionToken), ("badArgument.xml", .oaiError(.badArgument)),
            ("cannotDisseminateFormat.xml", .oaiError(.cannotDisseminateFormat)), ("idDoesNotExist.xml", .oaiError(.idDoesNotExist)),
            ("noSetHierarchy.xml", .oaiError(.noSetHierarchy)), ("undefinedError.xml", .oaiError(.other("undefinedError"))),
        ]
        for (file, kind) in cases {
            let repository = Repository { number, _ in try Self.sickle(number == 1 ? "ListRecords.xml" : file) }
            let waits = Waits()
            let harvest = await Self.read(Self.harvester(repository, waits), defaultCategory: CategoryID(trusted: "books.print"))
            let failure = try #require(harvest.summary.failure, "\(file)")
            #expect(failure.kind == kind && failure.page == 2 && failure.attempts == 1, "\(file)")
            #expect(failure.description.contains("OAI-PMH error"), "\(file)")
            #expect(harvest.summary.pages == 1 && harvest.read.works.count == 2, "\(file)")
            // Where a stopped harvest could resume: the token of the last page read.
            #expect(harvest.summary.resumptionToken == "ListRecords2.xml", "\(file)")
            let waited = await waits.all
            let requests = await repository.queries.count
            #expect(waited.isEmpty && requests == 2, "\(file)")
        }
    }

    @Test("a broken page is asked again, then ends the harvest as malformed, never a crash", OAIPMHFeedTests.needsSickle)
    func brokenPage() async throws {
        let repository = Repository { _, _ in try Self.sickle("ListRecordsBroken.xml") }
        var limits = OAIHarvester.Limits()
        limits.maximumAttempts = 3
        let waits = Waits()
        let harvest = await Self.read(Self.harvester(repository, waits, limits: limits))
        let failure = try #require(harvest.summary.failure)
        #expect(failure.kind == .malformedResponse && failure.attempts == 3 && failure.message.contains("not XML"))
        let waited = await waits.all
        #expect(waited == [.seconds(2), .seconds(4)])
        #expect(harvest.read.works.isEmpty && harvest.summary.pages == 0)
    }

    @Test("HTTP 404 and a transport refusal end at once; a token sent back unchanged ends the harvest instead of looping", OAIPMHFeedTests.needsSickle)
    func statusAndLoop() async throws {
        let missing = Repository { _, _ in OAITransportResponse(status: 404, body: Data()) }
        let notFound = await Self.read(Self.harvester(missing))
        #expect(notFound.summary.failure?.kind == .httpStatus(404) && notFound.summary.failure?.attempts == 1)
        let refused = Repository { _, _ in throw OAITransportRefusal("the page has more than 16777216 bytes") }
        let tooLarge = await Self.read(Self.harvester(refused))
        #expect(tooLarge.summary.failure?.kind == .refused && tooLarge.summary.failure?.attempts == 1)
        let looping = Repository { _, _ in try Self.sickle("ListRecords2.xml") }
        let loop = await Self.read(Self.harvester(looping), defaultCategory: CategoryID(trusted: "books.print"))
        #expect(loop.summary.failure?.kind == .malformedResponse && loop.summary.failure?.message.contains("never end") == true)
        #expect(loop.summary.pages == 2 && loop.read.works.count == 2)   // the same two records read twice, kept once
    }

    // MARK: - Retries and stalls

    @Test("503 with Retry-After is waited for as asked (capped), two failures then a page are retried with a doubling back-off", OAIPMHFeedTests.needsGallica)
    func retries() async throws {
        let busy = Repository { number, query in
            if number == 1 { return OAITransportResponse(status: 503, headers: ["retry-after": "7"], body: Data("busy".utf8)) }
            if number == 2 { return OAITransportResponse(status: 503, headers: ["Retry-After": "86400"], body: Data()) }
            return try Self.gallicaList(number, query)
        }
        let waits = Waits()
        let harvest = await Self.read(Self.harvester(busy, waits), defaultCategory: CategoryID(trusted: "heritage.collection-object"))
        #expect(harvest.summary.isComplete && harvest.summary.retries == 2 && harvest.read.works.count == 114)
        let waited = await waits.all
        #expect(waited == [.seconds(7), .seconds(600)])

        let flaky = Repository { number, query in
            if number == 1 { throw Unreachable() }
            if number == 2 { return OAITransportResponse(status: 500, body: Data()) }
            return try Self.gallicaList(number, query)
        }
        let backoff = Waits()
        let recovered = await Self.read(Self.harvester(flaky, backoff), defaultCategory: CategoryID(trusted: "heritage.collection-object"))
        #expect(recovered.summary.isComplete && recovered.summary.retries == 2 && recovered.read.works.count == 114)
        let backedOff = await backoff.all
        #expect(backedOff == [.seconds(2), .seconds(4)])
    }

    @Test("a repository always failing is asked maximumAttempts times, the waits bounded by maximumBackoff")
    func boundedRetries() async throws {
        let down = Repository { _, _ in OAITransportResponse(status: 502, body: Data()) }
        var limits = OAIHarvester.Limits()
        limits.maximumAttempts = 6
        limits.maximumBackoff = .seconds(10)
        let waits = Waits()
        let harvest = await Self.read(Self.harvester(down, waits, limits: limits))
        #expect(harvest.summary.failure?.kind == .httpStatus(502) && harvest.summary.failure?.attempts == 6)
        #expect(harvest.summary.failure?.description.contains("failed after 6 attempts") == true)
        let waited = await waits.all
        #expect(waited == [.seconds(2), .seconds(4), .seconds(8), .seconds(10), .seconds(10)])
        let requests = await down.queries.count
        #expect(requests == 6)
    }

    @Test("a repository that stalls past the timeout ends the harvest with a clear error; the pages before are kept", OAIPMHFeedTests.needsGallica)
    func stalled() async throws {
        let stalling = Repository { number, query in
            if number == 1 { return try Self.gallicaList(number, query) }
            try await Task.sleep(for: .seconds(300))
            return try Self.gallicaList(number, query)
        }
        var limits = OAIHarvester.Limits()
        limits.requestTimeout = .milliseconds(200)
        limits.maximumAttempts = 2
        let started = ContinuousClock.now
        let harvest = await Self.read(Self.harvester(stalling, limits: limits), defaultCategory: CategoryID(trusted: "heritage.collection-object"))
        // Far under the stall even on a loaded machine (the timeout's wake-up waits for a free thread).
        #expect(ContinuousClock.now - started < .seconds(150))
        let failure = try #require(harvest.summary.failure)
        #expect(failure.kind == .timedOut && failure.page == 2 && failure.attempts == 2)
        #expect(failure.message.contains("did not answer within 0.2 seconds"))
        #expect(harvest.read.works.count == 100 && harvest.summary.pages == 1 && !harvest.summary.isComplete)
        #expect(harvest.summary.resumptionToken == "2!2!2758354!158!100!980266!oai_dc")
    }
}
