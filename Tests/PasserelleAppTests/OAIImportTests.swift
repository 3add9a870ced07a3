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

/// Gallica's real OAI-PMH pages in the shared real data.
private let gallicaPages = DemoDataLoader.defaultRoot().appending(path: "oai-pmh-bnf-gallica", directoryHint: .isDirectory)

/// An OAI-PMH harvest over a real loopback server serving Gallica's real pages: the token followed to the last
/// page, every record a stored work, a second harvest changing nothing, a deleted record withdrawing its work
/// (its content kept), a repository failing part way keeping the pages written.
@Suite(.enabled(if: FileManager.default.fileExists(atPath: gallicaPages.path), "real-data folder missing: \(gallicaPages.path) (set PASSERELLE_REALDATA)"))
struct OAIImportTests {
    static let gallica = gallicaPages
    static let institution = InstitutionID(trusted: "bnf")
    static let firstToken = "2!2!2758354!158!100!980266!oai_dc"
    static let deletedIdentifier = "oai:bnf.fr:gallica/ark:/12148/bpt6k852111"

    /// What the loopback repository answers: Gallica's two pages, or a page deleting one record, or a failure.
    enum Mode: Sendable { case gallica, deletion, failingSecondPage }

    actor Server {
        var mode = Mode.gallica
        private(set) var queries: [String] = []
        func set(_ mode: Mode) { self.mode = mode }
        func record(_ query: String) { queries.append(query) }
    }

    static func page(_ name: String) throws -> Response {
        let data = try Data(contentsOf: gallica.appending(path: name))
        return Response(status: .ok, headers: [.contentType: "text/xml"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static let deletion = """
        <?xml version="1.0" encoding="UTF-8"?>
        <OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><responseDate>2026-12-01T10:00:00Z</responseDate>
        <request verb="ListRecords" metadataPrefix="oai_dc">http://127.0.0.1/oai</request><ListRecords>
        <record><header status="deleted"><identifier>\(deletedIdentifier)</identifier><datestamp>2026-11-30</datestamp></header></record>
        </ListRecords></OAI-PMH>
        """

    static func router(_ server: Server) -> Router<BasicRequestContext> {
        let router = Router()
        router.get("/oai") { request, _ in
            await server.record(request.uri.query ?? "")
            let token = request.uri.queryParameters.get("resumptionToken")
            switch await server.mode {
            case .deletion:
                return Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: deletion)))
            case .failingSecondPage where token != nil:
                return Response(status: .notFound)
            case .gallica, .failingSecondPage:
                return try page(token == firstToken ? "OAIListRecords2.xml" : "OAIListRecords.xml")
            }
        }
        return router
    }

    /// A fresh store with the institution, shut down after `body` whatever it does (a store left open crashes).
    static func withStore(_ body: (SQLStore) async throws -> Void) async throws {
        let store = try await SQLStore.open(.sqliteMemory, logger: Logger(label: "test"))
        do {
            try await store.migrate()
            try await store.write { try await $0.save(Institution(id: Self.institution, name: "Bibliothèque nationale de France")) }
            try await body(store)
        } catch {
            try? await store.shutdown()
            throw error
        }
        try await store.shutdown()
    }

    static func harvest(_ base: String, _ store: SQLStore) async throws -> OAIImport.Outcome {
        let target = OAIImport.Target(baseURL: URL(string: base + "/oai")!, institutionID: institution,
                                      defaultCategory: CategoryID(trusted: "heritage.collection-object"))
        return try await OAIImport.harvest(target, into: store, sleep: { _ in })
    }

    @Test func harvestsEveryPageThenChangesNothingThenWithdrawsADeletedRecord() async throws {
        let server = Server()
        let app = Application(router: Self.router(server), configuration: .init(address: .hostname("127.0.0.1", port: 0)), logger: Logger(label: "oai"))
        try await app.test(.live) { client in
            let base = "http://127.0.0.1:\(try #require(client.port))"
            try await Self.withStore { store in
                let first = try await Self.harvest(base, store)
                #expect(first.summary.isComplete && first.summary.pages == 2 && first.summary.records == 114)
                #expect(first.worksRead == 114 && first.sync.worksCreated == 114 && first.read.rejected.isEmpty && first.read.works.isEmpty)
                let queries = await server.queries
                #expect(queries.count == 2 && queries[0].contains("metadataPrefix=oai_dc") && queries[1].contains("resumptionToken="))
                let query = WorkQuery(institutionID: Self.institution)
                let pages = try await store.read { tx in
                    [try await tx.works(query, page: try PageRequest(page: 1, size: 100)), try await tx.works(query, page: try PageRequest(page: 2, size: 100))]
                }
                let stored = pages.flatMap(\.items)
                #expect(stored.count == 114)

                let again = try await Self.harvest(base, store)
                #expect(again.summary.isComplete && again.sync.worksCreated == 0 && again.sync.worksUpdated == 0)

                await server.set(.deletion)
                let deleted = try await Self.harvest(base, store)
                #expect(deleted.summary.deleted == 1 && deleted.sync.worksWithdrawn == 1)
                let id = try #require(stored.first { $0.provenance.recordID == Self.deletedIdentifier }?.id)
                let withdrawn = try #require(try await store.read { try await $0.work(id) })
                #expect(withdrawn.status == .withdrawn && withdrawn.title[.fr]?.hasPrefix("Voyages en Égypte") == true)
                let twice = try await Self.harvest(base, store)
                #expect(twice.sync.worksWithdrawn == 0, "a work already withdrawn is left as it is")
            }
        }
    }

    @Test func aRepositoryFailingPartWayKeepsThePagesWrittenAndSaysWhere() async throws {
        let server = Server()
        await server.set(.failingSecondPage)
        let app = Application(router: Self.router(server), configuration: .init(address: .hostname("127.0.0.1", port: 0)), logger: Logger(label: "oai"))
        try await app.test(.live) { client in
            let base = "http://127.0.0.1:\(try #require(client.port))"
            try await Self.withStore { store in
                let outcome = try await Self.harvest(base, store)
                let failure = try #require(outcome.summary.failure)
                #expect(failure.kind == .httpStatus(404) && failure.page == 2 && OAIImport.reasonCode(failure.kind) == "http-404")
                #expect(outcome.sync.worksCreated == 100 && outcome.summary.resumptionToken == Self.firstToken)
                let report = try JSONSerialization.jsonObject(with: ImportReportJSON.encode(read: outcome.read, sync: outcome.sync, source: base,
                                                                                              kind: "oai", dryRun: false, harvest: outcome.summary))
                let harvest = try #require((report as? [String: Any])?["harvest"] as? [String: Any])
                #expect(harvest["complete"] as? Bool == false && (harvest["failure"] as? [String: Any])?["reason"] as? String == "http-404")
                await #expect(throws: FeedSync.Failure.unknownInstitution(InstitutionID(trusted: "nobody"))) {
                    try await OAIImport.harvest(OAIImport.Target(baseURL: URL(string: base + "/oai")!, institutionID: InstitutionID(trusted: "nobody")),
                                                into: store)
                }
            }
        }
    }
}
