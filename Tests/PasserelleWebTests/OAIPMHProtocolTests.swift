import Foundation
import PasserelleCore
@testable import PasserelleWeb
import Testing

/// The pure parts of the OAI-PMH repository, without a store: tokens, dates, sets, argument rules, escaping.
@Suite("OAI-PMH protocol rules")
struct OAIPMHProtocolTests {
    @Test("a resumption token round-trips; a tampered, truncated, oversized or foreign one is refused")
    func tokenRoundTrip() throws {
        let token = OAIResumptionToken(
            verb: "ListRecords", metadataPrefix: "oai_dc", set: "domain:books", from: 10.5, before: 99, afterTime: 815_000_000.123_456_7,
            afterID: "work-é", sent: 200)
        let text = token.text
        #expect(OAIResumptionToken.decode(text) == token)
        #expect(text.unicodeScalars.allSatisfy { CharacterSet.alphanumerics.contains($0) && $0.isASCII || "-_.".unicodeScalars.contains($0) })
        var changed = token
        changed.sent = 0
        let forged = String(changed.text.split(separator: ".")[0]) + "." + String(text.split(separator: ".")[1])
        #expect(OAIResumptionToken.decode(forged) == nil, "a payload with another's checksum")
        #expect(OAIResumptionToken.decode(String(text.dropLast(2))) == nil)
        #expect(OAIResumptionToken.decode(text + ".x") == nil && OAIResumptionToken.decode("") == nil)
        #expect(OAIResumptionToken.decode(String(repeating: "A", count: OAIResumptionToken.maximumLength + 1)) == nil)
        // The checksum is no secret: a forged token with a count that would overflow the next page's is refused.
        changed.sent = Int.max
        #expect(OAIResumptionToken.decode(changed.text) == nil)
        changed.sent = -1
        #expect(OAIResumptionToken.decode(changed.text) == nil)
    }

    @Test("datestamps: seconds rounded down, days and seconds parsed to the instants they cover")
    func datestamps() throws {
        #expect(OAIDatestamp.format(Date(timeIntervalSince1970: 1_767_261_600.9)) == "2026-01-01T10:00:00Z")
        let day = try #require(OAIDatestamp.parse("2026-01-01"))
        #expect(day.granularity == .day && day.end.timeIntervalSince(day.start) == 86_400)
        let second = try #require(OAIDatestamp.parse("2026-01-01T10:00:00Z"))
        #expect(second.granularity == .second && second.start == Date(timeIntervalSince1970: 1_767_261_600))
        for bad in ["2026-1-01", "2026-02-30", "2026-01-01T10:00Z", "2026-01-01T10:00:00", "2026-01-01 10:00:00Z", "2026-01-01T24:00:00Z"] {
            #expect(OAIDatestamp.parse(bad) == nil, "\(bad)")
        }
    }

    @Test("sets: the two roots, institutions, sectors and categories; unknown and malformed specs told apart")
    func sets() {
        #expect(OAISet.lookup("domain:books:print") == .set(.domain(CategoryID(trusted: "books.print"))))
        #expect(OAISet.lookup("domain:books") == .set(.domain(CategoryID(trusted: "books"))))
        #expect(OAISet.lookup("institution:inst-a") == .set(.institution(InstitutionID(trusted: "inst-a"))))
        #expect(OAISet.lookup("institution") == .set(.institutions) && OAISet.lookup("domain") == .set(.domains))
        for unknown in ["domain:books.print", "domain:print", "domain:books:print:x", "collection", "institution:a:b"] {
            #expect(OAISet.lookup(unknown) == .unknown, "\(unknown)")
        }
        for malformed in ["domain::books", "domain:", ":domain", "domain:livres et lecture", "domain:é"] {
            #expect(OAISet.lookup(malformed) == .malformed, "\(malformed)")
        }
        for category in Taxonomy.all { #expect(OAISet.lookup(OAISet.domain(category.id).spec) == .set(.domain(category.id))) }
    }

    @Test("argument rules: one verb, only its arguments, none repeated or empty, resumptionToken alone")
    func argumentRules() throws {
        func code(_ query: String) -> String? {
            do {
                _ = try OAIRequest.parse(try OAIArguments.parse(query))
                return nil
            } catch {
                return error.code.rawValue
            }
        }
        #expect(code("verb=ListRecords&metadataPrefix=oai_dc&set=domain&from=2026-01-01&until=2026-02-01") == nil)
        #expect(code("verb=ListRecords&resumptionToken=abc") == nil, "the token is checked later, against the repository")
        #expect(code("verb=ListRecords&resumptionToken=abc&set=domain") == "badArgument")
        #expect(code("metadataPrefix=oai_dc") == "badVerb" && code("verb=getrecord") == "badVerb")
        #expect(code("verb=GetRecord&identifier=x&metadataPrefix=oai_dc&identifier=y") == "badArgument")
        #expect(code("verb=Identify&verb=ListSets") == "badVerb")
        #expect(code("verb=ListSets&resumptionToken=") == "badArgument")
        #expect(code("verb=Identify&%=1") == "badArgument", "an escape that does not decode")
        #expect(code(String(repeating: "a", count: OAIArguments.maximumBytes + 1)) == "badArgument")
        let parsed = try OAIArguments.parse("verb=GetRecord&identifier=oai%3Ah%3Awork%2Fa+b")
        #expect(parsed.map(\.value) == ["GetRecord", "oai:h:work/a b"])
    }

    @Test("XML text: markup escaped, characters XML 1.0 forbids dropped, others kept")
    func escaping() {
        #expect(XMLText.escape("a<b>&\"'\u{0}\u{8}\u{B}\u{1F}\t\n\u{FFFE}\u{FFFF}é😀") == "a&lt;b&gt;&amp;&quot;&apos;\t\né😀")
        var xml = XMLWriter()
        xml.element("dc:title", [("xml:lang", "fr"), ("skipped", nil)], text: "<x>")
        #expect(xml.output.hasSuffix("<dc:title xml:lang=\"fr\">&lt;x&gt;</dc:title>\n"))
    }

    @Test("every category has a DCMI type: its own or its sector's")
    func dcmiTypes() {
        let vocabulary: Set<String> = ["Collection", "Dataset", "Event", "Image", "InteractiveResource", "MovingImage", "PhysicalObject",
                                       "Service", "Software", "Sound", "StillImage", "Text"]
        for category in Taxonomy.all { #expect(vocabulary.contains(OAIDublinCore.dcmiType(category.id)), "\(category.id)") }
        #expect(OAIDublinCore.dcmiType(CategoryID(trusted: "music.concert")) == "Event" && OAIDublinCore.dcmiType(CategoryID(trusted: "music")) == "Sound")
    }
}
