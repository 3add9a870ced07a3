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
        let json = try StrictJSONParser.parse(Data(#"{"name":"x","titel":1,"address":{"city":"P","zip":"1"},"accessibility":["motor"]}"#.utf8))
        #expect(VenueInput.shape.issues(in: json).map(\.field) == ["address/zip", "titel"])
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
        #expect(Formatting.price(cents: 1250, .fr) == "12,50\u{00A0}€")
        #expect(Formatting.price(cents: 1205, .en) == "€12.05")
        #expect(Formatting.price(cents: 0, .de) == "Kostenlos")
        #expect(Formatting.price(cents: -1250, .fr) == "-12,50\u{00A0}€")
        #expect(Formatting.priceRange(nil, .it) == "Prezzo non indicato")
        #expect(Formatting.priceRange(PriceRange(minCents: 0, maxCents: 1500), .fr) == "0,00\u{00A0}€ – 15,00\u{00A0}€")
        #expect(Formatting.priceRange(.free, .pl) == "Bezpłatnie")
        // Thousands grouped as each language writes them, the sign never on a line of its own.
        #expect(Formatting.price(cents: 150_000, .en) == "€1,500.00")
        #expect(Formatting.price(cents: 150_000, .fr).hasPrefix("1\u{202F}500,00") && Formatting.price(cents: 150_000, .de) == "1.500,00\u{00A0}€")
    }
}

@Suite("Stylesheet contrast")
struct ContrastTests {
    /// WCAG 2.1 relative luminance of `#rrggbb`.
    static func luminance(_ hex: String) -> Double {
        let value = Int(hex.dropFirst(), radix: 16) ?? 0
        let channels = [(value >> 16) & 0xFF, (value >> 8) & 0xFF, value & 0xFF].map { Double($0) / 255 }
        let linear = channels.map { $0 <= 0.03928 ? $0 / 12.92 : pow(($0 + 0.055) / 1.055, 2.4) }
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    }

    static func contrast(_ a: String, _ b: String) -> Double {
        let (x, y) = (luminance(a), luminance(b))
        return (max(x, y) + 0.05) / (min(x, y) + 0.05)
    }

    typealias C = Stylesheet.Colour

    @Test("text pairs reach 4.5:1 and interface borders 3:1 (WCAG 2.1 AA 1.4.3 and 1.4.11)")
    func ratios() {
        #expect(Self.contrast("#000000", "#ffffff") > 20.9, "the formula itself")
        for (foreground, background) in [(C.text, C.background), (C.link, C.background), (C.text, C.focusBackground),
                                         (C.link, C.focusBackground), (C.text, C.noticeBackground), (C.link, C.noticeBackground),
                                         (C.text, C.okBackground), (C.link, C.okBackground), (C.text, C.refuseBackground), (C.link, C.refuseBackground)] {
            #expect(Self.contrast(foreground, background) >= 4.5, "\(foreground) on \(background)")
        }
        for border in [C.rule, C.noticeBorder, C.text, C.okBorder, C.refuseBorder] {
            #expect(Self.contrast(border, C.background) >= 3, "\(border)")
        }
        #expect(Self.contrast(C.okBorder, C.okBackground) >= 3 && Self.contrast(C.refuseBorder, C.refuseBackground) >= 3)
        #expect(Self.contrast(C.text, C.focusBackground) >= 3, "the focus outline stands out from the focused background")
    }

    @Test("the stylesheet uses only the named colours and stays under 4 KB")
    func palette() {
        let used = Set(Stylesheet.css.matches(of: /#[0-9a-f]{6}/).map { String($0.output) })
        #expect(used == [C.text, C.background, C.link, C.rule, C.noticeBorder, C.noticeBackground, C.focusBackground,
                         C.okBorder, C.okBackground, C.refuseBorder, C.refuseBackground])
        #expect(Stylesheet.css.utf8.count < 4_096)
    }
}

@Suite("Home page: coming up")
struct UpcomingOffersTests {
    @Test("dated offers of the coming weeks come before undated ones; past the last date, the ranking's own order")
    func upcomingPrefersDatedOffers() async throws {
        try await Fixture.using(seed: ReadAPITests.seed) { fixture in
            // The seed's plays start daily from this instant; its films are undated.
            let base = Date(timeIntervalSince1970: 1_790_000_000)
            let (soon, dated) = try await PageRoutes.upcoming(fixture.store, now: base)
            #expect(dated)
            #expect(soon.count == PageRoutes.listedOffers)
            #expect(soon.allSatisfy { offer in offer.startsAt != nil && (offer.endsAt ?? offer.startsAt!) >= base })
            let later = try await PageRoutes.upcoming(fixture.store, now: base.addingTimeInterval(365 * 86_400))
            #expect(!later.offers.isEmpty && !later.dated, "with nothing dated ahead, the list still shows offers, as such")
        }
    }
}
