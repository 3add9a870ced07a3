import Foundation
import PasserelleCore
import Testing
@testable import PasserelleConnectors

/// The OAI-PMH reader on sickle's samples (every verb, every error code, deleted records, tokens, a broken file)
/// and on real BnF Gallica pages, the mapping to works, and hostile documents. The harvester is in
/// `OAIHarvesterTests`.
@Suite("OAI-PMH harvest")
struct OAIPMHFeedTests {
    static let institution = InstitutionID(trusted: "inst-bnf")
    static let retrievedAt = Date(timeIntervalSince1970: 1_800_000_000)
    static let sickle = RealData.root.appending(path: "sickle-oai-samples/sample_data")
    static let gallica = RealData.root.appending(path: "oai-pmh-bnf-gallica")
    static let base = URL(string: "http://oai.bnf.fr/oai2/OAIHandler")!
    static let source = OAIPMHFeed.sourceKey(base.absoluteString)
    static let needsSickle = RealData.folder("sickle-oai-samples/sample_data")
    static let needsGallica = RealData.folder("oai-pmh-bnf-gallica")

    static func file(_ folder: URL, _ name: String) throws -> Data { try Data(contentsOf: folder.appending(path: name)) }
    static func sickleFile(_ name: String) throws -> OAIResponse { try OAIResponse.parse(try file(sickle, name)) }
    static func gallicaFile(_ name: String) throws -> OAIResponse { try OAIResponse.parse(try file(gallica, name)) }

    static func read(_ data: Data, defaultCategory: CategoryID? = nil) throws -> FeedRead {
        try OAIPMHFeed.read(data, source: source, institutionID: institution, defaultCategory: defaultCategory, retrievedAt: retrievedAt)
    }

    static func refusal(_ text: String) -> OAIResponse.Refusal? {
        do {
            _ = try OAIResponse.parse(Data(text.utf8))
            return nil
        } catch {
            return error
        }
    }

    // MARK: - sickle's samples

    @Test("Identify, ListSets, ListMetadataFormats: the repository, its 131 sets and 5 formats", Self.needsSickle)
    func sickleDescriptions() throws {
        let identify = try Self.sickleFile("Identify.xml")
        #expect(identify.verb == .identify)
        #expect(identify.identify?.repositoryName == "A Test Repository")
        #expect(identify.identify?.baseURL == "http://test.example.com/oai")
        #expect(identify.identify?.adminEmails == ["john.doe@example.com"])
        #expect(identify.identify?.deletedRecord == "persistent")
        #expect(identify.identify?.granularity == .day)
        #expect(identify.responseDate?.text == "2013-02-27T10:01:15Z")
        let sets = try Self.sickleFile("ListSets.xml")
        #expect(sets.verb == .listSets)
        #expect(sets.sets.count == 131)
        #expect(sets.sets.first == OAISet(spec: "bi", name: "All BI publications (already published)"))
        #expect(sets.sets.last?.spec == "workingPaperFtxt")
        let formats = try Self.sickleFile("ListMetadataFormats.xml")
        #expect(formats.verb == .listMetadataFormats)
        #expect(formats.metadataFormats.count == 5)
        #expect(formats.metadataFormats.map(\.prefix).contains("oai_dc"))
        #expect(formats.metadataFormats.first { $0.prefix == "oai_dc" }?.namespace == "http://www.openarchives.org/OAI/2.0/oai_dc/")
    }

    @Test("ListIdentifiers, ListRecords, GetRecord: headers, deleted records, every DC element, tokens", Self.needsSickle)
    func sickleRecords() throws {
        let identifiers = try Self.sickleFile("ListIdentifiers.xml")
        #expect(identifiers.verb == .listIdentifiers)
        #expect(identifiers.headers.map(\.identifier) == ["oai:test.example.com::1585310", "oai:test.example.com::1585576"])
        #expect(identifiers.headers.map(\.isDeleted) == [false, true])
        #expect(identifiers.resumptionToken == OAIResumptionToken(value: "ListIdentifiers2.xml", completeListSize: 4, cursor: 0, expirationDate: nil))
        #expect(try Self.sickleFile("ListIdentifiers2.xml").resumptionToken == nil)

        let records = try Self.sickleFile("ListRecords.xml")
        #expect(records.verb == .listRecords)
        #expect(records.records.count == 2)
        #expect(records.requestArguments == ["metadataPrefix": "oai_dc", "verb": "ListRecords"])
        let deleted = records.records[0]
        #expect(deleted.header.isDeleted && deleted.dublinCore == nil)
        #expect(deleted.header.identifier == "oai:test.example.com:1585310")
        #expect(deleted.header.datestamp?.granularity == .seconds)
        #expect(deleted.header.datestamp?.date == Date(timeIntervalSince1970: 1_311_006_660))
        let dc = try #require(records.records[1].dublinCore)
        #expect(dc.values(.creator) == Array(repeating: "John Doe", count: 4))
        #expect(dc.values(.type) == ["info:eu-repo/semantics/article", "doc-type:article", "text"])
        #expect(dc.values(.publisher) == ["Sample Publisher"])
        #expect(dc[.description].first?.language == "eng")
        #expect(dc[.description].first?.value.hasPrefix("Lorem ipsum dolor sit amet, consectetur adipisicing elit, sed do eiusmod tempor") == true)
        #expect(records.resumptionToken?.value == "ListRecords2.xml")
        #expect(records.resumptionToken?.completeListSize == 8)
        #expect(try Self.sickleFile("ListRecords3.xml").resumptionToken?.value == "ListRecords4.xml")
        let missing = try Self.sickleFile("ListRecords4.xml")
        #expect(missing.records.count == 2 && missing.records[0].header.identifier.isEmpty && missing.resumptionToken == nil)

        let one = try Self.sickleFile("GetRecord.xml")
        #expect(one.verb == .getRecord && one.records.count == 1)
        #expect(one.requestArguments["identifier"] == "oai:test.example.com:1996652")
        #expect(try Self.sickleFile("GetRecord_utf8test.xml").records.first?.dublinCore?.values(.creator) == ["某人"])
    }

    @Test("every error code is a typed value; the broken file is refused as not XML", Self.needsSickle)
    func sickleErrors() throws {
        let expected: [(String, OAIErrorCode, OAIVerb?)] = [
            ("badArgument.xml", .badArgument, .listRecords), ("badResumptionToken.xml", .badResumptionToken, .listSets),
            ("cannotDisseminateFormat.xml", .cannotDisseminateFormat, .getRecord), ("idDoesNotExist.xml", .idDoesNotExist, .listMetadataFormats),
            ("noRecordsMatch.xml", .noRecordsMatch, .listIdentifiers), ("noSetHierarchy.xml", .noSetHierarchy, .listSets),
            ("undefinedError.xml", .other("undefinedError"), .listRecords),
        ]
        for (name, code, verb) in expected {
            let response = try Self.sickleFile(name)
            #expect(response.errors.map(\.code) == [code], "\(name)")
            #expect(response.verb == verb, "\(name)")
            #expect(response.records.isEmpty && response.interruption == nil, "\(name)")
        }
        #expect(try Self.sickleFile("badResumptionToken.xml").errors.first?.message == "This resumptionToken is invalid")
        #expect(try Self.sickleFile("noSetHierarchy.xml").errors.first?.message == "This repository does not support sets")
        #expect(try Self.sickleFile("idDoesNotExist.xml").errors.first?.message.hasSuffix("but it maps to no known item") == true)
        // The codes the samples lack, and the round trip of the names.
        for raw in ["badVerb", "noMetadataFormats"] { #expect(OAIErrorCode(rawValue: raw).rawValue == raw) }
        #expect(OAIErrorCode(rawValue: "badVerb") == .badVerb && OAIErrorCode(rawValue: "noMetadataFormats") == .noMetadataFormats)
        let broken = try Self.file(Self.sickle, "ListRecordsBroken.xml")
        #expect(throws: OAIResponse.Refusal.self) { try OAIResponse.parse(broken) }
        if case .notXML = Self.refusal(String(decoding: broken, as: UTF8.self)) {} else { Issue.record("the broken file is not refused as not XML") }
        // As a document read to works: noRecordsMatch is empty, another error one rejected entry.
        #expect(try Self.read(Self.file(Self.sickle, "noRecordsMatch.xml")).rejected.isEmpty)
        #expect(try Self.read(Self.file(Self.sickle, "badArgument.xml")).rejected.map(\.reason.code) == [.oaiError])
    }

    @Test("sickle's records to works: the deleted one withdrawn, the one without an identifier rejected", Self.needsSickle)
    func sickleWorks() throws {
        let read = try Self.read(Self.file(Self.sickle, "ListRecords.xml"))
        #expect(read.works.map(\.status) == [.withdrawn, .active])
        let work = read.works[1]
        #expect(work.title[.fr] == "Sample Title" && work.creators == ["John Doe"] && work.languages == ["en"])
        #expect(work.categoryID.rawValue == "media.press")   // info:eu-repo/semantics/article
        #expect(work.identifiers.external["url"] == "http://test.example.com/publication/1585322")
        #expect(work.description[.fr]?.hasSuffix("Date : 2010\nÉditeur : Sample Publisher\nSource : Sample Source") == true)
        #expect(read.works[0].id.rawValue.hasPrefix("oai-"))
        let missing = try Self.read(Self.file(Self.sickle, "ListRecords4.xml"))
        #expect(missing.rejected.map(\.reason.code) == [.oaiNoIdentifier] && missing.works.count == 1)
    }

    // MARK: - Gallica

    @Test("Gallica's Identify, ListSets and ListIdentifiers, values with their pretty-printing white space collapsed", Self.needsGallica)
    func gallicaDescriptions() throws {
        let identify = try Self.gallicaFile("OAIIdentify.xml")
        #expect(identify.identify?.repositoryName == "Entrepôt OAI-PMH numéro 1 de la Bibliothèque nationale de France : collections numériques")
        #expect(identify.identify?.baseURL == "http://oai.bnf.fr/oai2/OAIHandler")
        #expect(identify.identify?.earliestDatestamp == "2010-06-09" && identify.identify?.deletedRecord == "transient")
        #expect(identify.identify?.granularity == .day && identify.identify?.compressions == ["gzip", "deflate"])
        #expect(identify.requestURL == "http://oai.bnf.fr/oai2/OAIHandler")
        let sets = try Self.gallicaFile("OAIListSets.xml")
        #expect(sets.sets.count == 100)
        #expect(sets.sets.first { $0.spec == "banqueimages:cartes" }?.name == "Banque d'images : cartes géographiques, atlas et globes")
        #expect(sets.resumptionToken?.value == "1274861233188!100!208" && sets.resumptionToken?.completeListSize == 208)
        let identifiers = try Self.gallicaFile("OAIListIdentifiers.xml")
        #expect(identifiers.headers.count == 100)
        #expect(identifiers.headers[0].identifier == "oai:bnf.fr:gallica/ark:/12148/bpt6k852111")
        #expect(identifiers.headers[0].setSpecs == ["gallica:9:91", "gallica:monographies"])
        #expect(identifiers.headers[0].datestamp?.granularity == .day)
        let token = try #require(identifiers.resumptionToken)
        #expect(token.value == "1!2!2758354!158!100!980266!oai_dc" && token.completeListSize == 980_266 && token.cursor == 0)
        #expect(token.expirationDate?.text == "2010-05-26T08:44:18Z")
    }

    @Test("Gallica's ListRecords: 100 records with a token, then the last page of 14 with an empty one", Self.needsGallica)
    func gallicaRecords() throws {
        let first = try Self.gallicaFile("OAIListRecords.xml")
        #expect(first.records.count == 100 && first.recordCount == 100 && first.interruption == nil)
        #expect(first.requestArguments["set"] == "gallica")
        #expect(first.resumptionToken?.value == "2!2!2758354!158!100!980266!oai_dc")
        #expect(first.records.allSatisfy { !$0.header.isDeleted && $0.dublinCore != nil })
        #expect(first.records.reduce(0) { $0 + ($1.dublinCore?[.type].count ?? 0) } == 369)
        let ercole = try #require(first.records[26].dublinCore)
        #expect(ercole[.title].map(\.language) == ["ita", "fre"])
        let last = try Self.gallicaFile("OAIListRecords2.xml")
        #expect(last.records.count == 14)
        let token = try #require(last.resumptionToken)
        #expect(token.endsList && token.cursor == 800 && token.completeListSize == 814)
        #expect(last.requestArguments["resumptionToken"] == "229!2448454!2459420!2459392!800!814!oai_dc")
        // Streaming: the same records handed over one by one, none kept.
        var streamed: [String] = []
        let counted = try OAIResponse.parse(Self.file(Self.gallica, "OAIListRecords.xml")) { streamed.append($0.header.identifier) }
        #expect(counted.records.isEmpty && counted.recordCount == 100)
        #expect(streamed == first.records.map(\.header.identifier))
    }
}

extension OAIPMHFeedTests {
    @Test("Gallica's records to works: books, press, images, a sound recording; the one without dc:type needs a default", Self.needsGallica)
    func gallicaWorks() throws {
        let data = try Self.file(Self.gallica, "OAIListRecords.xml")
        let read = try Self.read(data)
        #expect(read.blocks == 100 && read.works.count == 99 && read.warnings.isEmpty)
        #expect(read.rejected.map(\.reason.code) == [.unknownCategory])
        #expect(read.rejected.first?.recordID == "oai:bnf.fr:gallica/ark:/12148/bpt6k395523h")
        #expect(read.rejected.first?.raw.contains("bpt6k395523h") == true)
        let categories = Dictionary(grouping: read.works, by: \.categoryID.rawValue).mapValues(\.count)
        #expect(categories == ["books.print": 63, "media.press": 17, "heritage.collection-object": 17, "heritage.archives": 1, "music.recording": 1])
        #expect(read.works.filter { $0.languages.contains("frm") }.count == 5)
        let belzoni = read.works[0]
        #expect(belzoni.title[.fr]?.hasPrefix("Voyages en Égypte et en Nubie... suivis d'un voyage") == true)
        #expect(belzoni.creators == ["Belzoni, Giovanni Battista (1778-1823)"])
        let lamarle = read.works[2]
        #expect(lamarle.identifiers.external["ark"] == "ark:/12148/bpt6k836271")
        #expect(lamarle.identifiers.external["url"] == "http://gallica.bnf.fr/ark:/12148/bpt6k836271")
        #expect(lamarle.identifiers.external["oai"] == "oai:bnf.fr:gallica/ark:/12148/bpt6k836271")
        #expect(read.works.allSatisfy { $0.status == .active && $0.provenance.source == Self.source })
        // No value keeps the pages' pretty-printing: no line break inside a title, no doubled space.
        #expect(read.works.allSatisfy { !($0.title[.fr] ?? "").contains("\n") && !($0.title[.fr] ?? "").contains("  ") })
        let typed = try Self.read(data, defaultCategory: CategoryID(trusted: "heritage.collection-object"))
        #expect(typed.works.count == 100 && typed.rejected.isEmpty)
    }
}

extension OAIPMHFeedTests {
    static let envelope = #"<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><responseDate>2024-01-01T00:00:00Z</responseDate><request verb="ListRecords">http://x/oai</request>"#

    @Test("hostile or wrong documents are refused with a reason, a page cut short keeps the records before the break")
    func hostile() throws {
        #expect(Self.refusal(#"<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa">]><OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"/>"#) == .entityDeclarations)
        #expect(Self.refusal(#"<rss version="2.0"><channel/></rss>"#) == .notOAIPMH(root: "rss"))
        #expect(Self.refusal(#"<OAI-PMH xmlns="urn:other"/>"#) == .notOAIPMH(root: "OAI-PMH"))
        if case .notXML = Self.refusal("{\"json\": true}") {} else { Issue.record("JSON is not refused as not XML") }
        let record = #"<record><header><identifier>oai:x:1</identifier><datestamp>2024-01-01</datestamp></header><metadata><oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Un</dc:title><dc:type>text</dc:type></oai_dc:dc></metadata></record>"#
        let cut = Self.envelope + "<ListRecords>\n" + record + "\n<record><header><identifier>oai:x:2</ident"
        let read = try Self.read(Data(cut.utf8))
        #expect(read.works.map(\.title[.fr]) == ["Un"])
        #expect(read.rejected.map(\.reason.code) == [.malformedXML])
        let deep = Self.envelope + String(repeating: "<a>", count: 100) + String(repeating: "</a>", count: 100) + "</OAI-PMH>"
        #expect(try OAIResponse.parse(Data(deep.utf8)).interruption?.kind == .limit)
        let other = Self.envelope + #"<ListRecords><record><header><identifier>oai:x:3</identifier><datestamp>2024-01-01</datestamp></header><metadata><mods xmlns="http://www.loc.gov/mods/v3"/></metadata></record></ListRecords></OAI-PMH>"#
        #expect(try Self.read(Data(other.utf8)).rejected.map(\.reason.code) == [.oaiUnsupportedFormat])
    }
}

extension OAIPMHFeedTests {
    @Test("1 000 seeded mutations of sickle's and Gallica's pages: each read or refused, never a crash, every work valid",
          Self.needsSickle, Self.needsGallica)
    func mutations() throws {
        let pages = try ["OAIListRecords.xml", "OAIListRecords2.xml", "OAIListIdentifiers.xml"].map { try [UInt8](Self.file(Self.gallica, $0)) }
            + ["ListRecords.xml", "ListRecords4.xml", "GetRecord.xml", "badArgument.xml"].map { try [UInt8](Self.file(Self.sickle, $0)) }
        var random = SplitMix64(seed: 20_261_204)  // the same damage at every run
        var (reads, refusals, works) = (0, 0, 0)
        for round in 0..<1_000 {
            var bytes = pages[round % pages.count]
            SeededDamage.damage(&bytes, &random)
            do {
                let read = try Self.read(Data(bytes), defaultCategory: CategoryID(trusted: "books.print"))
                reads += 1
                works += read.works.count
                for work in read.works { #expect(work.validationIssues().isEmpty, "round \(round)") }
                #expect(read.rejected.allSatisfy { $0.raw.count <= RejectedRecord.maximumRawLength }, "round \(round)")
            } catch {
                refusals += 1
            }
        }
        #expect(reads + refusals == 1_000)
        #expect(reads > 500 && works > 5_000, "most damage leaves a readable page: \(reads) read, \(refusals) refused, \(works) works")
    }
}

extension OAIPMHFeedTests {
    static let europeana = RealData.root.appending(path: "europeana-edm/getRecord-90402-BK_1978_399.edm.xml")

    @Test("an EDM record (Europeana's real Rijksmuseum purse) read from its provider proxy and aggregation into a work",
          RealData.folder("europeana-edm"))
    func edmRecord() throws {
        var rdf = try String(contentsOf: Self.europeana, encoding: .utf8)
        if let declaration = rdf.range(of: "?>") { rdf = String(rdf[declaration.upperBound...]) }
        let page = #"<?xml version="1.0" encoding="UTF-8"?><OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><responseDate>2024-01-01T00:00:00Z</responseDate><request verb="GetRecord" metadataPrefix="edm">http://x/oai</request><GetRecord><record><header><identifier>oai:europeana:90402/BK_1978_399</identifier><datestamp>2024-01-01</datestamp></header><metadata>"#
            + rdf + "</metadata></record></GetRecord></OAI-PMH>"
        let response = try OAIResponse.parse(Data(page.utf8))
        let record = try #require(response.records.first)
        #expect(record.schema == .edm && record.otherFormat == nil && response.interruption == nil)
        let dc = try #require(record.dublinCore)
        #expect(dc.values(.title).first?.hasPrefix("Beurs van beschilderd creme-wit fluweel") == true)
        #expect(dc[.title].first?.language == "nl")
        #expect(dc.values(.type).contains("IMAGE") && dc.values(.type).contains("beurs"))
        #expect(dc.values(.identifier).contains("BK-1978-399"))
        #expect(dc.values(.identifier).contains("http://hdl.handle.net/10934/RM0001.COLLECT.12801"))
        #expect(dc.values(.rights).contains("http://creativecommons.org/publicdomain/mark/1.0/"))
        // A value both proxies repeat is kept once.
        #expect(dc.values(.type).filter { $0 == "IMAGE" }.count == 1)
        let read = try Self.read(Data(page.utf8))
        let work = try #require(read.works.first)
        #expect(read.rejected.isEmpty && work.categoryID.rawValue == "heritage.collection-object")   // edm:type IMAGE
        #expect(work.title[.fr]?.hasPrefix("Beurs van beschilderd") == true)   // no title in the six languages: the first one
        #expect(work.identifiers.external["url"] == "http://hdl.handle.net/10934/RM0001.COLLECT.12801")
        #expect(work.provenance.license == "http://creativecommons.org/publicdomain/mark/1.0/")
    }
}
