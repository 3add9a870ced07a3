import Foundation
import HTTPTypes
import Hummingbird
import PasserelleCore
@testable import PasserelleWeb
import Testing

@Suite("Problem mapping and API keys")
struct ProblemAndKeyTests {
    @Test("each domain code maps to its documented status")
    func mapping() {
        #expect(ProblemMapping.status(for: .invalid) == .unprocessableContent)
        #expect(ProblemMapping.status(for: .notFound) == .notFound)
        #expect(ProblemMapping.status(for: .forbidden) == .forbidden)
        #expect(ProblemMapping.status(for: .conflict) == .conflict)
        #expect(ProblemMapping.status(for: .limitExceeded) == .contentTooLarge)
        #expect(ProblemMapping.status(for: .storage) == .internalServerError)
        #expect(ProblemMapping.status(for: CoreError.Code(rawValue: "brand-new")) == .internalServerError)
    }

    @Test("a storage error keeps its internal message out of the problem")
    func storageMessageHidden() {
        let problem = ProblemMapping.problem(for: CoreError(.storage, "SQLITE_BUSY at /var/lib/passerelle.sqlite"))
        #expect(problem.status == 500)
        #expect(!problem.detail.contains("SQLITE"))
        #expect(problem.type == "urn:passerelle:problem:storage")
    }

    @Test("validation issues travel into the problem's errors")
    func issues() {
        let issue = FieldIssue(field: "title/fr", code: "required", message: "a French value is required")
        let problem = ProblemMapping.problem(for: .invalid([issue]))
        #expect(problem.status == 422)
        #expect(problem.errors == [issue])
    }

    @Test("generated keys have the documented format and hash to their record")
    func keys() throws {
        let institution = InstitutionID(trusted: "inst")
        let (key, record) = APIKeys.generate(for: institution)
        let parts = key.split(separator: "_", maxSplits: 2)
        #expect(parts.count == 3 && parts[0] == "psl" && parts[1].count == 8)
        #expect(parts[2].count == 43, "32 bytes in unpadded base64url")
        #expect(record.id == "psl_" + parts[1])
        #expect(record.institutionID == institution)
        #expect(record.secretHash == APIKeys.hash(key))
        #expect(record.secretHash.count == 64 && !record.secretHash.contains(String(parts[2])))
        #expect(APIKeys.publicID(of: key) == record.id)
        #expect(APIKeys.generate(for: institution).plaintext != key)
    }

    @Test("SHA-256 of a known input")
    func knownHash() {
        #expect(APIKeys.hash("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test("malformed keys have no public id", arguments: ["", "psl_", "psl_zzzzzzzz_x", "abc_12345678_x", "psl_1234567_x", "psl_12345678_"])
    func malformed(key: String) {
        #expect(APIKeys.publicID(of: key) == nil)
    }

    @Test("bearer tokens are read case-insensitively and anything else is refused")
    func bearer() {
        #expect(APIKeyAuthMiddleware.bearerToken("Bearer abc") == "abc")
        #expect(APIKeyAuthMiddleware.bearerToken("bearer  abc ") == "abc")
        #expect(APIKeyAuthMiddleware.bearerToken("Basic abc") == nil)
        #expect(APIKeyAuthMiddleware.bearerToken("Bearer") == nil)
    }
}

@Suite("HTML builder, strings, JSON shapes")
struct HTMLAndStringsTests {
    @Test("text and attribute values are escaped")
    func escaping() {
        var html = HTML()
        html.element("p", [("title", "\"><script>alert(1)</script>")], text: "<b>Tom & Jerry's</b>")
        #expect(html.output == #"<p title="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;">&lt;b&gt;Tom &amp; Jerry&#39;s&lt;/b&gt;</p>"#)
    }

    @Test("nil attributes are omitted, empty ones are boolean")
    func attributes() {
        var html = HTML()
        html.void("input", [("lang", nil), ("disabled", "")])
        #expect(html.output == "<input disabled>")
    }

    @Test("every interface text exists in all six languages and is not empty")
    func completeness() {
        for key in UIKey.allCases {
            for language in Language.allCases {
                let text = UIStrings.table[key]?[language]
                #expect(text != nil && !(text ?? "").isEmpty, "\(key.rawValue) lacks \(language.rawValue)")
            }
        }
    }

    @Test("translations differ from French where a language has its own words")
    func translated() {
        let sameAsFrench = UIKey.allCases.filter { UIStrings.table[$0]?[.de] == UIStrings.table[$0]?[.fr] }
        // Only proper names and international words may be identical across languages.
        #expect(Set(sameAsFrench).isSubset(of: [.siteName, .kindFestival, .kindMuseum, .licence, .source, .address, .accessOnline]))
    }

    @Test("unknown keys are reported with their path, nested and in arrays")
    func unknownKeys() throws {
        let json = try JSONSerialization.jsonObject(with: Data(#"{"name":"x","titel":1,"address":{"city":"P","zip":"1"},"accessibility":["motor"]}"#.utf8))
        #expect(VenueInput.shape.unknownFields(in: json) == ["address/zip", "titel"])
    }

    @Test("dates: date-times with or without fractions, and bare dates for queries")
    func dates() {
        #expect(JSONCoding.parseDateTime("2026-05-01T20:30:00Z") != nil)
        #expect(JSONCoding.parseDateTime("2026-05-01T20:30:00.250+02:00") != nil)
        #expect(JSONCoding.parseDateTime("2026-05-01") == nil)
        #expect(JSONCoding.parseDateOrDateTime("2026-05-01") == Date(timeIntervalSince1970: 1_777_593_600))
        #expect(JSONCoding.parseDateOrDateTime("01/05/2026") == nil)
    }

    @Test("prices are written in cents-exact euros per language")
    func prices() {
        #expect(Formatting.price(cents: 1250, .fr) == "12,50 €")
        #expect(Formatting.price(cents: 1205, .en) == "€12.05")
        #expect(Formatting.price(cents: 0, .de) == "Kostenlos")
        #expect(Formatting.price(cents: -1250, .fr) == "-12,50 €")
        #expect(Formatting.priceRange(nil, .it) == "Prezzo non indicato")
    }
}
