import Foundation
import PasserelleCore
import Testing
@testable import PasserelleConnectors

/// The JSON-LD reader on real pages (extruct's samples, with their expected extraction) and on constructed ones.
@Suite("JSON-LD events")
struct JSONLDFeedTests {
    static let institution = InstitutionID(trusted: "inst-t")

    static func read(_ text: String, defaultCategory: String? = nil) throws -> FeedRead {
        try JSONLDFeed.read(Data(text.utf8), source: "jsonld:test", institutionID: institution,
                            defaultCategory: defaultCategory.map(CategoryID.init(trusted:)), retrievedAt: Date(timeIntervalSince1970: 1_800_000_000))
    }

    static func page(_ blocks: String...) -> String {
        "<!doctype html><html><head>" + blocks.map { "<script type=\"application/ld+json\">\($0)</script>" }.joined(separator: "\n") + "</head></html>"
    }

    /// Canonical text of a JSON value, to compare two parses.
    static func canonical(_ value: Any) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .fragmentsAllowed]), as: UTF8.self)
    }

    static let samples = RealData.root.appending(path: "extruct-samples")

    @Test("every extruct page with an expected extraction: the same values, malformed ones mended",
          .enabled(if: RealData.isPresent, RealData.skipMessage))
    func extructPages() throws {
        var compared = 0
        for folder in ["songkick", "custom.invalid", "schema.org.invalid"] {
            let directory = Self.samples.appending(path: folder)
            for name in try FileManager.default.contentsOfDirectory(atPath: directory.path) where name.hasSuffix(".html") {
                let expectedURL = directory.appending(path: String(name.dropLast(5)) + ".jsonld")
                guard FileManager.default.fileExists(atPath: expectedURL.path) else { continue }
                let page = try String(contentsOf: directory.appending(path: name), encoding: .utf8)
                var values: [Any] = []
                for block in JSONLDBlocks.blocks(in: page) where !block.text.allSatisfy(\.isWhitespace) {
                    do {
                        let value = try LenientJSON.parse(block.text).value
                        if let array = value as? [Any] { values += array } else if value is [String: Any] { values.append(value) }
                    } catch {
                        Issue.record("\(folder)/\(name) block \(block.position): \(error)")
                    }
                }
                var expected = try LenientJSON.parse(String(contentsOf: expectedURL, encoding: .utf8)).value
                // Some expectations list each block's value under "items"; the others list the objects themselves.
                if let items = (expected as? [String: Any])?["items"] as? [Any] {
                    expected = items.flatMap { ($0 as? [Any]) ?? [$0] }
                }
                let ours = try Self.canonical(values), theirs = try Self.canonical(expected)
                #expect(ours == theirs, "\(folder)/\(name): \(ours.prefix(300)) ≠ \(theirs.prefix(300))")
                compared += 1
            }
        }
        #expect(compared == 11, "pages compared: 4 songkick, 5 custom.invalid, 2 schema.org.invalid")
    }

    @Test("songkick pages: every MusicEvent becomes an offer at its venue, with its coordinates",
          .enabled(if: RealData.isPresent, RealData.skipMessage))
    func songkick() throws {
        let directory = Self.samples.appending(path: "songkick")
        let maximo = try String(contentsOf: directory.appending(path: "Maxïmo Park Gigography, Tour History & Past Concerts.html"), encoding: .utf8)
        let read = try Self.read(maximo)
        #expect(read.blocks == 49 && read.events.count == 49 && read.rejected.isEmpty)
        #expect(read.events.allSatisfy { $0.offer.access == .onSite && $0.venue != nil && $0.offer.startsAt != nil })
        let owl = try Self.read(String(contentsOf: directory.appending(path: "elysianfields.html"), encoding: .utf8))
        let first = try #require(owl.events.first)
        #expect(first.offer.title[.fr] == "Elysian Fields")
        #expect(first.offer.categoryID.rawValue == "music.concert")
        #expect(first.venue?.name == "The Owl Music Parlor")
        #expect(first.venue?.address?.postalCode == nil, "a US ZIP code is not a French postcode")
        #expect(first.venue?.departementCode == nil)
        #expect(first.venue?.coordinates.map { abs($0.latitude - 40.660109) < 1e-6 } == true)
    }

    @Test("status, attendance mode, virtual location, prices and dates")
    func fields() throws {
        let read = try Self.read(Self.page("""
            {"@context": "https://schema.org", "@graph": [
              {"@type": "TheaterEvent", "@id": "https://theatre.example/tartuffe", "name": "Tartuffe", "startDate": "2026-03-14T20:30",
               "endDate": "2026-03-14T22:30:00+01:00", "eventStatus": "https://schema.org/EventCancelled",
               "location": {"@type": "Place", "name": "Théâtre du Capitole", "address": {"@type": "PostalAddress", "streetAddress": "1 place du Capitole",
                            "postalCode": "31000", "addressLocality": "Toulouse", "addressCountry": "FR"}, "geo": {"latitude": "43.6045", "longitude": 1.4440}},
               "offers": [{"@type": "Offer", "price": "12,50", "priceCurrency": "EUR", "url": "https://theatre.example/billets"},
                          {"@type": "Offer", "price": 30, "priceCurrency": "EUR"}]},
              {"@type": ["Event", "EducationEvent"], "name": [{"@language": "fr", "@value": "Atelier en ligne"}, {"@language": "en", "@value": "Online workshop"}],
               "startDate": "2026-04-01", "eventAttendanceMode": "https://schema.org/OnlineEventAttendanceMode",
               "location": {"@type": "VirtualLocation", "url": "https://visio.example/atelier"}, "offers": {"price": "10", "priceCurrency": "USD"}}
            ]}
            """))
        #expect(read.rejected.isEmpty, "\(read.rejected)")
        let play = try #require(read.events.first { $0.offer.title[.fr] == "Tartuffe" })
        #expect(play.offer.status == .withdrawn, "a cancelled event is not an active offer")
        #expect(play.offer.price == PriceRange(minCents: 1_250, maxCents: 3_000))
        #expect(play.offer.bookingURL?.absoluteString == "https://theatre.example/billets")
        // 20:30 in Paris in March is 19:30 UTC; the end has its own offset.
        #expect(play.offer.startsAt == ISO8601DateFormatter().date(from: "2026-03-14T19:30:00Z"))
        #expect(play.offer.endsAt == ISO8601DateFormatter().date(from: "2026-03-14T21:30:00Z"))
        #expect(play.venue?.departementCode == "31" && play.venue?.regionCode == "76" && play.venue?.address?.postalCode == "31000")
        let workshop = try #require(read.events.first { $0.offer.categoryID.rawValue == "practices.course" })
        #expect(workshop.offer.access == .online && workshop.venue == nil)
        #expect(workshop.offer.onlineURL?.absoluteString == "https://visio.example/atelier")
        #expect(workshop.offer.title[.en] == "Online workshop")
        #expect(workshop.offer.price == nil)
        #expect(read.warnings.contains { $0.reason.code == .fieldDropped && $0.reason.message.contains("USD") })
    }

    @Test("bad records are rejected with a reason and their text; the rest of the page still loads")
    func rejections() throws {
        let read = try Self.read(Self.page(
            #"{"@type": "MusicEvent", "name": "Sans date", "location": "Salle des fêtes"}"#,
            #"{"@type": "Event", "name": "Générique", "startDate": "2026-05-01", "location": "Place du marché"}"#,
            #"{"@type": "SportsEvent", "name": "Match", "startDate": "2026-05-01", "location": "Stade"}"#,
            #"{"@type": "MusicEvent", "name": "Date fausse", "startDate": "2026-02-30", "location": "Salle"}"#,
            #"{"@type": "MusicEvent", "name": "Tronqué", "startDate": "2026-05-01""#,
            #"{"@type": "MusicEvent", "name": "Bon", "startDate": "2026-05-01", "location": "Salle", }"#,
            String(repeating: "[", count: 70) + String(repeating: "]", count: 70)
        ))
        #expect(read.events.map { $0.offer.title[.fr] } == ["Bon"], "the trailing comma is mended")
        let reasons = read.rejected.map { "\($0.block) \($0.reason.code.rawValue)" }
        #expect(reasons == ["1 missing-field", "2 unknown-category", "3 unknown-category", "4 invalid-value", "5 malformed-row", "7 malformed-row"])
        #expect(read.rejected[0].raw.contains("Sans date"), "the record's text is kept")
        #expect(read.rejected[4].raw.contains("Tronqué"), "a block that cannot be read is kept whole")
        #expect(read.rejected[5].reason.message.contains("deeper than 64"))
        #expect(read.warnings.contains { $0.block == 6 && $0.reason.code == .textRepaired })
        // With a default category, a plain Event loads, at a venue known by its name.
        let generic = try Self.read(Self.page(#"{"@type": "Event", "name": "Générique", "startDate": "2026-05-01", "location": "Place du marché"}"#),
                                    defaultCategory: "festivals.multidisciplinary")
        #expect(generic.events.first?.venue?.name == "Place du marché", "a location given as text is a venue known by its name")
    }

    @Test("the exact category a Passerelle publishes (additionalType) is read back before the schema.org type's")
    func additionalTypeCategory() throws {
        let read = try Self.read(Self.page(
            #"{"@type": "Event", "additionalType": "urn:passerelle:category:heritage.guided-tour", "name": "Visite", "startDate": "2026-05-01", "location": "Musée"}"#,
            #"{"@type": "MusicEvent", "additionalType": ["https://example.org/x", "urn:passerelle:category:music.festival"], "name": "Fête", "startDate": "2026-05-01", "location": "Parc"}"#,
            #"{"@type": "Event", "additionalType": "urn:passerelle:category:no.such-category", "name": "Inconnue", "startDate": "2026-05-01", "location": "Salle"}"#
        ))
        #expect(read.events.map(\.offer.categoryID.rawValue) == ["heritage.guided-tour", "music.festival"])
        #expect(read.rejected.map(\.reason.code) == [.unknownCategory], "a category the taxonomy does not have names none")
        #expect(SchemaOrgVocabulary.additionalType(for: CategoryID(trusted: "heritage.guided-tour")) == "urn:passerelle:category:heritage.guided-tour")
    }

    @Test("ItemLists, a JSON-LD file, duplicates, and documents refused whole")
    func documents() throws {
        let list = try Self.read(#"""
            {"@type": "ItemList", "itemListElement": [
              {"@type": "ListItem", "position": 1, "item": {"@type": "ScreeningEvent", "name": "Film", "startDate": "2026-06-01T21:00", "location": "Cinéma"}},
              {"@type": "ListItem", "position": 2, "item": {"@type": "ScreeningEvent", "name": "Film", "startDate": "2026-06-01T21:00", "location": "Cinéma"}},
              {"@type": "ListItem", "position": 3, "url": "https://example.org/other"}]}
            """#)
        #expect(list.events.count == 1 && list.events[0].offer.categoryID.rawValue == "cinema.screening")
        #expect(list.rejected.map(\.reason.code) == [.duplicateID])
        #expect(list.otherNodes == 1)
        #expect(throws: JSONLDFeed.Refusal.notUTF8) {
            try JSONLDFeed.read(Data([0x3C, 0xFF, 0xFE]), source: "s", institutionID: Self.institution, defaultCategory: nil)
        }
        #expect(throws: JSONLDFeed.Refusal.tooLarge(bytes: JSONLDFeed.maximumDocumentBytes + 1)) {
            try JSONLDFeed.read(Data(count: JSONLDFeed.maximumDocumentBytes + 1), source: "s", institutionID: Self.institution, defaultCategory: nil)
        }
        // The same event read again gets the same id; another source gives another.
        let again = try Self.read(Self.page(#"{"@type": "ScreeningEvent", "name": "Film", "startDate": "2026-06-01T21:00", "location": "Cinéma"}"#))
        #expect(again.events.first?.offer.id == list.events.first?.offer.id)
        // Script tags in any case, with parameters or single quotes; other scripts skipped; lines counted.
        let blocks = JSONLDBlocks.blocks(in: "<p>\n</p>\n<SCRIPT TYPE='application/ld+json; charset=utf-8'>{}</SCRIPT>\n<script>var x = 1;</script>\n<script type=application/ld+json>[]</script>")
        #expect(blocks.map(\.text) == ["{}", "[]"])
        #expect(blocks.map(\.line) == [3, 5])
        #expect(JSONLDFeed.sourceKey("/data/agenda.html") != JSONLDFeed.sourceKey("/other/agenda.html"))
        #expect(!JSONLDBlocks.isJSONLD(#"<script data-type="x" type="text/javascript""#))
        #expect(JSONLDBlocks.isJSONLD(#"<script id="event-type" type="application/ld+json""#))
        // One show, one event per date, all with the show's url and no @id: one offer per date.
        let dates = try Self.read(Self.page(
            #"{"@type": "TheaterEvent", "name": "Ondine", "url": "https://t.example/ondine", "startDate": "2026-05-01T20:00", "location": "Salle"}"#,
            #"{"@type": "TheaterEvent", "name": "Ondine", "url": "https://t.example/ondine", "startDate": "2026-05-02T20:00", "location": "Salle"}"#))
        #expect(dates.events.count == 2 && dates.rejected.isEmpty)
        // Two institutions importing the same page get records of their own.
        let other = try JSONLDFeed.read(Data(Self.page(#"{"@type": "ScreeningEvent", "name": "Film", "startDate": "2026-06-01T21:00", "location": "Cinéma"}"#).utf8),
                                        source: "jsonld:test", institutionID: InstitutionID(trusted: "inst-u"), defaultCategory: nil)
        #expect(other.events.first?.offer.id != again.events.first?.offer.id)
        #expect(other.events.first?.venue?.id != again.events.first?.venue?.id)
        #expect(JSONLDFeed.sourceKey(String(repeating: "x/", count: 100) + "page.html").count <= 64)
    }

    @Test("ISO 8601 dates: offsets in every form, fractions, Paris time without one; impossible dates refused")
    func dates() {
        let utc = { (text: String) in ISO8601DateFormatter().date(from: text) }
        let cases: [(String, Date?)] = [
            ("2015-10-31T19:30:00-0400", utc("2015-10-31T23:30:00Z")), ("2017-06-12T20:00:00+01:00", utc("2017-06-12T19:00:00Z")),
            ("2026-07-14T21:00:00.250Z", utc("2026-07-14T21:00:00Z")?.addingTimeInterval(0)), ("2026-07-14T21:00", utc("2026-07-14T19:00:00Z")),
            ("2026-01-10", utc("2026-01-09T23:00:00Z")), (" 2026-01-10 ", utc("2026-01-09T23:00:00Z")),
        ]
        for (text, expected) in cases { #expect(SchemaOrgEventMapper.date(text) == expected, "\(text)") }
        for bad in ["2026-02-30", "2026-13-01", "2026-01-01T25:00", "2026-01-01T20:00+5", "2026-01-01T20:00Zulu", "01/02/2026", "2026-1-1", ""] {
            #expect(SchemaOrgEventMapper.date(bad) == nil, "\(bad)")
        }
    }
}
