import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import PasserelleCore
import PasserelleStorage
@testable import PasserelleWeb
import Testing

/// The OAI-PMH 2.0 repository at /oai through the router: each verb, each error, sets, from/until, deleted records,
/// GET and POST. lxml (against the official XSD) and sickle read the same answers in scripts/interop/check_oai.py.
@Suite("OAI-PMH repository")
struct OAIPMHTests {
    static func at(_ text: String) -> Date { RFC3339.dateTime(text)! }
    static let bookTime = at("2026-01-10T10:00:00Z")
    static let filmTime = at("2026-02-10T10:00:00Z")
    static let goneTime = at("2026-03-10T10:00:00Z")
    static let book = "oai:127.0.0.1:work/oai-book"

    /// A book of A (with a title that needs escaping), a film of B, a withdrawn work of A, each changed at its own time;
    /// the fixture's work-a was saved now.
    @Sendable static func seed(_ fixture: Fixture) async throws {
        try await fixture.store.write { tx in
            try await tx.save([Work(
                id: WorkID(trusted: "oai-book"), institutionID: fixture.a.id,
                title: LocalizedText([.fr: "Les <Misérables> & « co »\u{1}", .en: "The Wretched"]), creators: ["Victor Hugo"],
                categoryID: CategoryID(trusted: "books.print"), languages: ["fr"], identifiers: WorkIdentifiers(isbn: "9782070409228"),
                description: LocalizedText([.fr: "Roman"]), provenance: Provenance(source: "api", license: "Licence Ouverte 2.0"))],
                changedAt: bookTime)
            try await tx.save([Work(
                id: WorkID(trusted: "oai-film"), institutionID: fixture.b.id, title: LocalizedText([.fr: "Le Voyage dans la Lune"]),
                categoryID: CategoryID(trusted: "cinema.online"))], changedAt: filmTime)
            try await tx.save([Work(
                id: WorkID(trusted: "oai-gone"), institutionID: fixture.a.id, title: LocalizedText([.fr: "Retirée"]),
                categoryID: CategoryID(trusted: "heritage.collection-object"), status: .withdrawn)], changedAt: goneTime)
        }
    }

    static func using(_ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        try await Fixture.using(seed: seed) { fixture in try await fixture.test(body) }
    }

    @Test("Identify: base URL, granularity, earliest datestamp, persistent deletions; text/xml UTF-8, documented")
    func identify() async throws {
        try await Self.using { client in
            let (response, tree) = try await OAIClient.get(client, "verb=Identify")
            #expect(response.status == .ok && response.headers[.contentType] == "text/xml; charset=utf-8")
            Conformance.expect(.get, "/oai", response)
            #expect(tree.name == "OAI-PMH" && tree.attributes["xmlns"] == "http://www.openarchives.org/OAI/2.0/")
            #expect(tree.first("request")?.attributes == ["verb": "Identify"] && tree.first("request")?.text == "http://127.0.0.1:8080/oai")
            let identify = try #require(tree.first("Identify"))
            #expect(identify.texts("baseURL") == ["http://127.0.0.1:8080/oai"] && identify.texts("protocolVersion") == ["2.0"])
            #expect(identify.texts("granularity") == ["YYYY-MM-DDThh:mm:ssZ"] && identify.texts("deletedRecord") == ["persistent"])
            #expect(identify.texts("earliestDatestamp") == ["2026-01-10T10:00:00Z"])
            #expect(identify.texts("adminEmail") == ["admin@127.0.0.1"])
        }
    }

    @Test("ListMetadataFormats: oai_dc, for the repository or one item; an unknown or foreign identifier is idDoesNotExist")
    func listMetadataFormats() async throws {
        try await Self.using { client in
            for query in ["verb=ListMetadataFormats", "verb=ListMetadataFormats&identifier=\(Self.book)"] {
                let (_, tree) = try await OAIClient.get(client, query)
                #expect(tree.texts("metadataPrefix") == ["oai_dc"], "\(query)")
                #expect(tree.texts("metadataNamespace") == ["http://www.openarchives.org/OAI/2.0/oai_dc/"])
            }
            for identifier in ["oai:127.0.0.1:work/nowhere", "oai:elsewhere.example:work/oai-book", "oai-book"] {
                #expect(try await OAIClient.error(client, "verb=ListMetadataFormats&identifier=\(identifier)") == "idDoesNotExist")
            }
        }
    }

    @Test("ListSets: the domain hierarchy from the taxonomy and one set per institution holding works")
    func listSets() async throws {
        try await Self.using { client in
            let (_, tree) = try await OAIClient.get(client, "verb=ListSets")
            let specs = tree.texts("setSpec")
            for spec in ["domain", "domain:books", "domain:books:print", "domain:cinema:online", "institution", "institution:inst-a", "institution:inst-b"] {
                #expect(specs.contains(spec), "\(spec)")
            }
            #expect(specs.count == Taxonomy.all.count + 4 && Set(specs).count == specs.count)
            let a = tree.all("set").first { $0.texts("setSpec") == ["institution:inst-a"] }
            #expect(a?.texts("setName") == ["Musée A"])
            #expect(tree.first("resumptionToken") == nil, "one page: no token")
        }
    }

    @Test("ListIdentifiers: headers by change time, their sets, a withdrawn work as deleted; filtered by set")
    func listIdentifiers() async throws {
        try await Self.using { client in
            let (_, tree) = try await OAIClient.get(client, "verb=ListIdentifiers&metadataPrefix=oai_dc")
            let headers = tree.all("header")
            #expect(headers.map { $0.texts("identifier").first ?? "" } == [
                Self.book, "oai:127.0.0.1:work/oai-film", "oai:127.0.0.1:work/oai-gone", "oai:127.0.0.1:work/work-a",
            ])
            #expect(headers[0].texts("datestamp") == ["2026-01-10T10:00:00Z"])
            #expect(headers[0].texts("setSpec") == ["institution:inst-a", "domain:books", "domain:books:print"])
            #expect(headers[2].attributes["status"] == "deleted" && headers[0].attributes["status"] == nil)
            #expect(tree.first("metadata") == nil)

            let sets: [(String, [String])] = [
                ("institution:inst-b", ["oai-film"]), ("domain:cinema", ["oai-film"]), ("domain:books:print", ["oai-book"]),
                ("domain:heritage", ["oai-gone", "work-a"]), ("institution", ["oai-book", "oai-film", "oai-gone", "work-a"]),
            ]
            for (set, expected) in sets {
                let (_, filtered) = try await OAIClient.get(client, "verb=ListIdentifiers&metadataPrefix=oai_dc&set=\(set)")
                #expect(filtered.texts("identifier").map { $0.replacingOccurrences(of: "oai:127.0.0.1:work/", with: "") } == expected, "\(set)")
            }
            #expect(try await OAIClient.error(client, "verb=ListIdentifiers&metadataPrefix=oai_dc&set=domain:nothing") == "noRecordsMatch")
            #expect(try await OAIClient.error(client, "verb=ListIdentifiers&metadataPrefix=oai_dc&set=institution:inst-c") == "noRecordsMatch")
            #expect(try await OAIClient.error(client, "verb=ListIdentifiers&metadataPrefix=oai_dc&set=domain::books") == "badArgument")
        }
    }

    @Test("ListRecords: simple Dublin Core per language, escaped, with publisher, page, ISBN, licence and DCMI type")
    func listRecords() async throws {
        try await Self.using { client in
            let (response, tree) = try await OAIClient.get(client, "verb=ListRecords&metadataPrefix=oai_dc")
            #expect(response.text.contains("Les &lt;Misérables&gt; &amp; « co »</dc:title>"), "escaped, the control character dropped")
            let records = tree.all("record")
            #expect(records.count == 4)
            let dc = try #require(records[0].first("oai_dc:dc"))
            #expect(dc.all("dc:title").map { $0.attributes["xml:lang"] ?? "" } == ["fr", "en"])
            #expect(dc.texts("dc:title") == ["Les <Misérables> & « co »", "The Wretched"])
            #expect(dc.texts("dc:creator") == ["Victor Hugo"] && dc.texts("dc:publisher") == ["Musée A"])
            #expect(dc.texts("dc:type") == ["Text", "Livre imprimé", "Printed book"] && dc.texts("dc:language") == ["fr"])
            #expect(dc.texts("dc:identifier") == ["http://127.0.0.1:8080/works/oai-book", "urn:isbn:9782070409228"])
            #expect(dc.texts("dc:rights") == ["Licence Ouverte 2.0"] && dc.texts("dc:description") == ["Roman"])
            #expect(records[1].first("dc:publisher")?.text == "Cinéma B" && records[1].first("dc:type")?.text == "MovingImage")
            #expect(records[2].first("header")?.attributes["status"] == "deleted" && records[2].first("metadata") == nil)
        }
    }

    @Test("GetRecord: one record, a deleted one without metadata; idDoesNotExist, cannotDisseminateFormat, badArgument")
    func getRecord() async throws {
        try await Self.using { client in
            let (_, tree) = try await OAIClient.get(client, "verb=GetRecord&metadataPrefix=oai_dc&identifier=\(Self.book)")
            #expect(tree.all("record").count == 1 && tree.first("dc:title")?.attributes["xml:lang"] == "fr")
            #expect(tree.first("request")?.attributes["identifier"] == Self.book)
            let (_, gone) = try await OAIClient.get(client, "verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:127.0.0.1:work/oai-gone")
            #expect(gone.first("header")?.attributes["status"] == "deleted" && gone.first("metadata") == nil)
            #expect(try await OAIClient.error(client, "verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:127.0.0.1:work/none") == "idDoesNotExist")
            #expect(try await OAIClient.error(client, "verb=GetRecord&metadataPrefix=marc21&identifier=\(Self.book)") == "cannotDisseminateFormat")
            #expect(try await OAIClient.error(client, "verb=GetRecord&metadataPrefix=oai_dc") == "badArgument")
            #expect(try await OAIClient.error(client, "verb=GetRecord&identifier=\(Self.book)") == "badArgument")
        }
    }

    @Test("from and until: inclusive, by day or by second, one granularity, from not after until")
    func dateBounds() async throws {
        try await Self.using { client async throws in
            let ids = { @Sendable (bounds: String) async throws -> [String] in try await Self.ids(client, bounds) }
            #expect(try await ids("from=2026-02-01&until=2026-02-28") == ["oai-film"])
            #expect(try await ids("from=2026-01-10T10:00:00Z&until=2026-01-10T10:00:00Z") == ["oai-book"], "both bounds inclusive")
            #expect(try await ids("until=2026-02-10") == ["oai-book", "oai-film"])
            #expect(try await ids("from=2026-03-10T10:00:01Z").count == 1, "only work-a, saved now")
            #expect(try await OAIClient.error(client, "verb=ListIdentifiers&metadataPrefix=oai_dc&until=2026-01-09") == "noRecordsMatch")
            for bad in ["from=2026-02-01&until=2026-03-01T00:00:00Z", "from=2026-03-01&until=2026-02-01", "from=2026-13-01",
                        "from=2026-01-10T10:00:00.5Z", "from=2026-01-10T10:00:00%2B01:00", "until=2026-01-10t10:00:00z", "from=yesterday"] {
                #expect(try await OAIClient.error(client, "verb=ListRecords&metadataPrefix=oai_dc&" + bad) == "badArgument", "\(bad)")
            }
        }
    }

    /// The work ids ListIdentifiers gives within `bounds`.
    static func ids(_ client: any TestClientProtocol, _ bounds: String) async throws -> [String] {
        let (_, tree) = try await OAIClient.get(client, "verb=ListIdentifiers&metadataPrefix=oai_dc&" + bounds)
        #expect(tree.first("error") == nil, "\(bounds): \(tree.first("error")?.text ?? "")")
        return tree.texts("identifier").map { String($0.split(separator: "/").last ?? "") }
    }

    @Test("badVerb and badArgument: HTTP 200, the request element without attributes; other errors echo the request")
    func argumentErrors() async throws {
        try await Self.using { client in
            let cases: [(String, String)] = [
                ("", "badVerb"), ("verb=Explain", "badVerb"), ("verb=Identify&verb=Identify", "badVerb"),
                ("verb=Identify&metadataPrefix=oai_dc", "badArgument"), ("verb=ListRecords", "badArgument"),
                ("verb=ListRecords&metadataPrefix=oai_dc&metadataPrefix=oai_dc", "badArgument"),
                ("verb=ListRecords&metadataPrefix=", "badArgument"), ("verb=ListIdentifiers&metadataPrefix=oai_dc&resumptionToken=x", "badArgument"),
                ("verb=ListSets&set=domain", "badArgument"), ("verb=Identify&x=%FF", "badArgument"),
                ("verb=ListRecords&metadataPrefix=mods", "cannotDisseminateFormat"),
            ]
            for (query, code) in cases {
                let (response, tree) = try await OAIClient.get(client, query)
                #expect(response.status == .ok && tree.first("error")?.attributes["code"] == code, "\(query)")
                let echoed = tree.first("request")?.attributes ?? [:]
                #expect(code.hasPrefix("bad") ? echoed.isEmpty : echoed["verb"] == "ListRecords", "\(query): \(echoed)")
                Conformance.expect(.get, "/oai", response)
            }
        }
    }

    @Test("badResumptionToken: garbage, a tampered token, a token of another verb, forged ones")
    func badTokens() async throws {
        try await Fixture.using(seed: OAIHarvestTests.seed) { fixture in
            try await fixture.test { client in
                let (_, first) = try await OAIClient.get(client, "verb=ListIdentifiers&metadataPrefix=oai_dc")
                let token = try #require(first.first("resumptionToken")?.text)
                let tampered = String(token.dropLast()) + (token.last == "A" ? "B" : "A")
                // Forged with the (public) checksum: another format, an id that is no id, a count that would overflow.
                let forged = [
                    OAIResumptionToken(verb: "ListRecords", metadataPrefix: "marc21", afterTime: 0, afterID: "h-work-001", sent: 0),
                    OAIResumptionToken(verb: "ListRecords", metadataPrefix: "oai_dc", afterTime: 0, afterID: "../x", sent: 0),
                    OAIResumptionToken(verb: "ListRecords", metadataPrefix: "oai_dc", afterTime: 0, afterID: "h-work-001", sent: Int.max),
                ].map { ("ListRecords", $0.text) }
                for (verb, text) in [("ListIdentifiers", "garbage"), ("ListIdentifiers", tampered), ("ListRecords", token), ("ListSets", token)] + forged {
                    #expect(try await OAIClient.error(client, "verb=\(verb)&resumptionToken=\(text)") == "badResumptionToken", "\(verb) \(text)")
                }
            }
        }
    }

    @Test("POST with a form answers as GET does; another media type is a 415, a body over 8 KiB a 413; an unchanged answer revalidates to 304")
    func postAndETag() async throws {
        try await Self.using { client in
            let form: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
            let posted = try await client.send(.post, "/oai", headers: form, raw: "verb=GetRecord&metadataPrefix=oai_dc&identifier=" + Self.book)
            Conformance.expect(.post, "/oai", posted)
            let tree = try XMLTree.parse(posted.text)
            #expect(posted.status == .ok && tree.first("dc:creator")?.text == "Victor Hugo")
            let json = try await client.send(.post, "/oai", headers: [.contentType: "application/json"], raw: "{}")
            #expect(json.status == .unsupportedMediaType)
            Conformance.expect(.post, "/oai", json)
            let long = try await client.send(.post, "/oai", headers: form, raw: "verb=Identify&x=" + String(repeating: "a", count: OAIArguments.maximumBytes))
            #expect(long.status == .contentTooLarge)
            Conformance.expect(.post, "/oai", long)

            let (first, _) = try await OAIClient.get(client, "verb=ListSets")
            let tag = try #require(first.headers[.eTag])
            let again = try await client.send(.get, "/oai?verb=ListSets", headers: [.ifNoneMatch: tag])
            #expect(again.status == .notModified)
        }
    }
}

/// Requests to /oai with their parsed answer.
enum OAIClient {
    static func get(_ client: any TestClientProtocol, _ query: String) async throws -> (TestResponse, XMLTree) {
        let response = try await client.send(.get, "/oai?" + query)
        #expect(response.status == .ok, "\(query)")
        return (response, try XMLTree.parse(response.text))
    }

    /// The error code the answer carries (nil when it carries none).
    static func error(_ client: any TestClientProtocol, _ query: String) async throws -> String? {
        try await get(client, query).1.first("error")?.attributes["code"]
    }
}
