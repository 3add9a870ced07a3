import Foundation
import PasserelleCore
import Testing

@Suite("Strict values: dates, identifiers, texts")
struct StrictValuesTests {
    @Test("RFC 3339 date-times: real calendar dates only, years 0001–9999, offsets applied", arguments: [
        ("2026-05-01T20:30:00Z", 1_777_667_400.0),
        ("2026-05-01t20:30:00z", 1_777_667_400.0),
        ("2026-05-01T22:30:00+02:00", 1_777_667_400.0),
        ("2024-02-29T00:00:00Z", 1_709_164_800.0),
        ("2000-02-29T12:00:00-05:30", 951_845_400.0),
        ("1970-01-01T00:00:00.5Z", 0.5),
        ("0001-01-01T00:00:00Z", -62_135_596_800.0),
        ("9999-12-31T23:59:59Z", 253_402_300_799.0),
    ])
    func validDateTimes(text: String, seconds: Double) throws {
        let date = try #require(RFC3339.dateTime(text))
        #expect(abs(date.timeIntervalSince1970 - seconds) < 1e-6)
    }

    @Test("impossible or out-of-range date-times are refused, never normalised", arguments: [
        "2026-02-30T00:00:00Z", "2025-02-29T00:00:00Z", "1900-02-29T00:00:00Z", "2026-04-31T00:00:00Z", "2026-13-01T00:00:00Z",
        "2026-00-10T00:00:00Z", "2026-01-00T00:00:00Z", "2026-01-01T25:61:61Z", "2026-01-01T24:00:00Z", "2026-01-01T23:59:60Z",
        "10000-01-01T00:00:00Z", "0000-12-31T23:59:59Z", "0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00",
        "2026-01-01T00:00:00", "2026-01-01 00:00:00Z", "2026-01-01T00:00:00+2:00", "2026-01-01T00:00:00+24:00",
        "2026-01-01T00:00:00.Z", "2026-01-01T00:00:00.1234567891Z", " 2026-01-01T00:00:00Z", "2026-1-01T00:00:00Z", "",
    ])
    func invalidDateTimes(text: String) {
        #expect(RFC3339.dateTime(text) == nil, "\(text)")
    }

    @Test("bare dates for queries: midnight UTC of a date that exists")
    func dates() {
        #expect(RFC3339.date("2026-05-01") == Date(timeIntervalSince1970: 1_777_593_600))
        #expect(RFC3339.date("2026-02-30") == nil)
        #expect(RFC3339.date("2026-05-01T00:00:00Z") == nil)
        #expect(RFC3339.isRepresentable(Date(timeIntervalSince1970: 0)))
        #expect(!RFC3339.isRepresentable(Date(timeIntervalSince1970: 253_402_300_800)))
    }

    @Test("identifiers made of dots alone are refused: `.` and `..` are not path segments that name a record")
    func dotIdentifiers() {
        for bad in [".", "..", "...", String(repeating: ".", count: 64)] { #expect(OfferID(bad) == nil, "\(bad)") }
        for good in ["a.b", ".hidden", "v1.2", "..a", "museofile-M0123"] { #expect(OfferID(good) != nil, "\(good)") }
        let pattern = try? Regex(Identifier<Offer>.pattern)
        #expect(pattern != nil)
        if let pattern {
            #expect(".."  .wholeMatch(of: pattern) == nil)
            #expect("a.b".wholeMatch(of: pattern) != nil)
        }
    }

    @Test("texts: C0/C1 control characters and DEL are refused; tab and newlines are kept")
    func controlCharacters() {
        for bad in ["Tosca\u{0}", "\u{1B}[31mRouge", "a\u{7F}", "b\u{85}c", "\u{8}"] {
            var validator = Validator()
            validator.text(bad, "name", max: 100)
            #expect(validator.issues.map(\.code) == ["control-character"], "\(bad.debugDescription)")
        }
        var fine = Validator()
        fine.text("Acte I\n\tScène 2\r\n", "name", max: 100)
        #expect(fine.isValid)
    }

    @Test("a present translation must say something: whitespace-only values are refused, in every language")
    func blankTranslations() {
        let offer = Offer(
            institutionID: InstitutionID(trusted: "i"), venueID: VenueID(trusted: "v"),
            title: LocalizedText([.fr: "   ", .en: "\n\t"]), categoryID: CategoryID(trusted: "heritage.museum-visit"), access: .onSite
        )
        let issues = offer.validationIssues()
        #expect(issues.contains { $0.field == "title/fr" && $0.code == "required" })
        #expect(issues.contains { $0.field == "title/en" && $0.code == "required" })
    }

    @Test("API keys: state from revocation and expiry; last use recorded at most every 15 minutes")
    func keyStates() {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        var key = APIKeyRecord(id: "psl_00000000", institutionID: InstitutionID(trusted: "i"), secretHash: String(repeating: "a", count: 64), createdAt: now)
        #expect(key.state(at: now) == .active)
        key.expiresAt = now.addingTimeInterval(60)
        #expect(key.state(at: now.addingTimeInterval(59)) == .active)
        #expect(key.state(at: now.addingTimeInterval(60)) == .expired)
        key.revokedAt = now
        #expect(key.state(at: now) == .revoked)
        #expect(key.needsUseRecorded(at: now))
        key.lastUsedAt = now
        #expect(!key.needsUseRecorded(at: now.addingTimeInterval(14 * 60)))
        #expect(key.needsUseRecorded(at: now.addingTimeInterval(15 * 60)))
        key.label = String(repeating: "x", count: 101)
        #expect(key.validationIssues().map(\.field) == ["label"])
    }
}
