import Foundation
import PasserelleCore
import Testing
@testable import PasserelleConnectors

/// The OpenAgenda reader on the real Paris export (100 events) and on API v2 documents written here.
@Suite("OpenAgenda events")
struct OpenAgendaFeedTests {
    static let institution = InstitutionID(trusted: "inst-t")
    static let paris = RealData.root.appending(path: "openagenda/evenements-publics-openagenda-paris-100.json")
    static let fallback = CategoryID(trusted: "festivals.multidisciplinary")

    static func read(_ data: Data, defaultCategory: CategoryID? = nil, at seconds: Double = 1_800_000_000) throws -> FeedRead {
        try OpenAgendaFeed.read(data, source: OpenAgendaFeed.sourceKey("https://example.org/paris.json"), institutionID: institution,
                                defaultCategory: defaultCategory, retrievedAt: Date(timeIntervalSince1970: seconds))
    }

    static func utc(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    /// The export's records, to change one and read it again.
    static func parisRecords() throws -> [[String: Any]] {
        let root = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: paris)) as? [String: Any])
        return try #require(root["records"] as? [[String: Any]])
    }

    static func document(_ records: [[String: Any]]) throws -> Data {
        try JSONSerialization.data(withJSONObject: ["nhits": records.count, "records": records])
    }

    @Test("the Paris export: 22 events categorised by their keywords, 78 rejected for want of a category; all 100 with a default",
          .enabled(if: RealData.isPresent, RealData.skipMessage))
    func parisExport() throws {
        let data = try Data(contentsOf: Self.paris)
        let strict = try Self.read(data)
        #expect(strict.blocks == 100)
        #expect(strict.events.count == 22)
        #expect(strict.rejected.count == 78)
        #expect(Set(strict.rejected.map(\.reason.code)) == [.unknownCategory], "the only rejection is the missing category")
        #expect(strict.rejected.filter { $0.reason.message.contains("it has none") }.count == 44, "44 of them have no keyword at all")
        let first = try #require(strict.rejected.first)
        #expect(first.block == 1 && first.line == 13 && first.recordID == "74620224", "position, line of its '{' and uid")
        #expect(first.raw.contains("Budget participatif"), "the record's text is kept")
        var byCategory: [String: Int] = [:]
        for event in strict.events { byCategory[event.offer.categoryID.rawValue, default: 0] += 1 }
        #expect(byCategory == [
            "cinema.screening": 5, "music.concert": 4, "heritage.exhibition": 2, "live-performance.theatre": 2, "cinema": 1,
            "practices.talk": 1, "festivals.multidisciplinary": 1, "heritage.guided-tour": 1, "heritage": 1, "heritage.museum-visit": 1,
            "books.literary-event": 1, "digital.video-game": 1, "visual-arts.photography": 1,
        ])

        let all = try Self.read(data, defaultCategory: Self.fallback)
        #expect(all.events.count == 100 && all.rejected.isEmpty, "\(all.rejected)")
        #expect(all.events.allSatisfy { $0.offer.provenance.source.hasPrefix("openagenda:") && $0.offer.id.rawValue.hasPrefix("openagenda-") })
        #expect(all.events.allSatisfy { $0.offer.title[.fr] != nil && $0.offer.status == .active }, "the export has no cancelled event")
        #expect(all.events.filter { $0.offer.access == .online }.map { $0.offer.provenance.recordID } == ["36935047", "59549085"])
        #expect(all.events.filter { $0.venue != nil }.count == 98)
        #expect(all.events.filter { !$0.occurrences.isEmpty }.count == 45, "45 events have several timings")
        #expect(all.events.map(\.occurrences.count).max() == 176)
        #expect(all.events.filter { $0.venue?.departementCode == "75" }.count == 83)
        #expect(all.events.compactMap(\.venue).allSatisfy { $0.regionCode != nil && $0.coordinates != nil })
        #expect(all.events.filter { $0.offer.price?.isFree == true }.count == 49, "gratuit, entrée libre, accès libre")
        #expect(all.events.filter { $0.offer.price.map { !$0.isFree } == true }.count == 6)
        // The export's titles are French only; other languages' labels (status, attendance mode) are not offer texts.
        #expect(all.events.allSatisfy { $0.offer.title.values.keys.sorted { $0.rawValue < $1.rawValue } == [.fr] })
    }

    @Test("timings in the export: every begin an occurrence, each offset read (+01:00, +02:00 across the DST change)",
          .enabled(if: RealData.isPresent, RealData.skipMessage))
    func parisTimings() throws {
        let read = try Self.read(Data(contentsOf: Self.paris), defaultCategory: Self.fallback)
        func event(_ uid: String) throws -> MappedEvent { try #require(read.events.first { $0.offer.provenance.recordID == uid }) }
        // 17 daily timings, 06:00–07:00 Paris summer time (+02:00).
        let vote = try event("74620224")
        #expect(vote.occurrences.count == 17)
        #expect(vote.offer.startsAt == Self.utc("2019-09-06T04:00:00Z") && vote.occurrences.first == Self.utc("2019-09-06T04:00:00Z"))
        #expect(vote.occurrences.last == Self.utc("2019-09-22T04:00:00Z"))
        #expect(vote.offer.endsAt == Self.utc("2019-09-22T05:00:00Z"))
        // One timing in winter time (+01:00): a single date, no occurrences list.
        let film = try event("26801249")
        #expect(film.occurrences.isEmpty)
        #expect(film.offer.startsAt == Self.utc("2020-03-12T17:30:00Z") && film.offer.endsAt == Self.utc("2020-03-12T19:00:00Z"))
        // 176 timings on both sides of 29 March 2020: 08:00 is 07:00 UTC the day before, 06:00 UTC that day.
        let garden = try event("53411006")
        #expect(garden.occurrences.count == 176)
        #expect(garden.occurrences.contains(Self.utc("2020-03-28T07:00:00Z")))
        #expect(garden.occurrences.contains(Self.utc("2020-03-29T06:00:00Z")))
        #expect(garden.occurrences.first == Self.utc("2020-01-06T07:00:00Z") && garden.occurrences.last == Self.utc("2020-06-29T06:00:00Z"))
        #expect(garden.offer.endsAt == Self.utc("2020-06-29T06:30:00Z"))
        // An end at midnight written before its begin (20:00 → 00:00 the same day) is left out, with a warning.
        let concert = try event("52438825")
        #expect(concert.offer.startsAt == Self.utc("2014-05-31T18:00:00Z") && concert.offer.endsAt == nil)
        #expect(read.warnings.contains { $0.recordID == "52438825" && $0.reason.code == .fieldDropped })
        #expect(concert.offer.price == PriceRange(minCents: 500, maxCents: 500), "'5 €'")
        #expect(concert.offer.categoryID.rawValue == "music.concert")
    }

    @Test("the export's places, links and accessibility", .enabled(if: RealData.isPresent, RealData.skipMessage))
    func parisPlaces() throws {
        let read = try Self.read(Data(contentsOf: Self.paris), defaultCategory: Self.fallback)
        func event(_ uid: String) throws -> MappedEvent { try #require(read.events.first { $0.offer.provenance.recordID == uid }) }
        let vote = try event("74620224")
        let venue = try #require(vote.venue)
        #expect(venue.name == "Maison de la vie associative et citoyenne du 14e")
        #expect(venue.address == Address(street: "22 rue Deparcieux", postalCode: "75014", city: "Paris"))
        #expect(venue.communeCode == "75056" && venue.departementCode == "75" && venue.regionCode == "11")
        #expect(venue.coordinates == GeoPoint(latitude: 48.835598, longitude: 2.325843), "location_coordinates is [lat, lon]")
        #expect(vote.offer.bookingURL?.absoluteString == "http://www.budgetparticipatif.paris", "the registration link")
        // No postcode field: the one in the address ("PARIS 75018") is used, and the address has no street left.
        let trip = try event("72079749")
        #expect(trip.venue?.address == Address(street: nil, postalCode: "75018", city: "Paris"))
        #expect(trip.offer.price == PriceRange(minCents: 9_075, maxCents: 60_500), "'de 90.75 € à 605.00 € …'")
        #expect(trip.offer.categoryID.rawValue == "heritage.museum-visit", "keyword 'Musées'")
        // Online: no venue, the online access link.
        let online = try event("36935047")
        #expect(online.offer.access == .online && online.venue == nil && online.offer.venueID == nil)
        #expect(online.offer.onlineURL?.absoluteString == "https://billetterie.imarabe.org/selection/timeslotpass?productId=102101904959")
        // pi;hi;mi;vi: psychic → cognitive, the three others as they are.
        #expect(try event("51131037").venue?.accessibility == [.cognitive, .hearing, .motor, .visual])
        #expect(try event("36935047").venue == nil)
        #expect(try event("62171099").venue?.departementCode == "78", "Chatou, 78400")
    }

    @Test("a cancelled event is withdrawn, a postponed one too (with a warning), a moved-online one online; the ids stay",
          .enabled(if: RealData.isPresent, RealData.skipMessage))
    func statusesAndStableIDs() throws {
        var records = Array(try Self.parisRecords().prefix(4))
        func setStatus(_ index: Int, _ status: String) {
            var fields = records[index]["fields"] as! [String: Any]
            fields["status"] = status
            records[index]["fields"] = fields
        }
        setStatus(0, #"{"id": 6, "label": {"fr": "Annulé", "en": "Cancelled"}}"#)
        setStatus(1, #"{"id": 4, "label": {"fr": "Reporté"}}"#)
        setStatus(2, #"{"id": 3, "label": {"fr": "Déplacé en ligne"}}"#)
        setStatus(3, "Annulé")
        let read = try Self.read(Self.document(records), defaultCategory: Self.fallback)
        #expect(read.events.map(\.offer.status) == [.withdrawn, .withdrawn, .active, .withdrawn])
        #expect(read.warnings.contains { $0.block == 2 && $0.reason.code == .eventPostponed })
        #expect(read.events[2].offer.access == .online && read.events[2].venue == nil)
        #expect(read.events[2].offer.onlineURL?.absoluteString.hasPrefix("https://openagenda.com/") == true, "its OpenAgenda page")

        let data = try Data(contentsOf: Self.paris)
        let once = try Self.read(data, defaultCategory: Self.fallback, at: 1_800_000_000)
        let again = try Self.read(data, defaultCategory: Self.fallback, at: 1_900_000_000)
        #expect(once.events.map(\.offer.id) == again.events.map(\.offer.id))
        #expect(once.events.map(\.venue?.id) == again.events.map(\.venue?.id))
        #expect(Set(once.events.map(\.offer.id)).count == 100)
        let other = try OpenAgendaFeed.read(data, source: OpenAgendaFeed.sourceKey("https://example.org/paris.json"),
                                            institutionID: InstitutionID(trusted: "inst-u"), defaultCategory: Self.fallback)
        #expect(Set(other.events.map(\.offer.id)).isDisjoint(with: once.events.map(\.offer.id)), "another institution, other ids")
    }

    @Test("the API v2 shape: multilingual texts, timings in Z, +0200 and Paris time, a nested location, flags")
    func apiV2() throws {
        let read = try Self.read(Data(#"""
            {"total": 3, "events": [
              {"uid": 101, "title": {"fr": "Concert du soir", "en": "Evening concert", "br": "Sonadeg", "de": "Abendkonzert"},
               "description": {"fr": "Court", "en": "Short"}, "longDescription": {"fr": "<p>Un <strong>long</strong> texte &amp; plus</p>"},
               "keywords": {"en": ["music"], "fr": ["Orchestre", "Concert"]}, "conditions": {"fr": "Tarif : 12,50 € ; gratuit pour les moins de 12 ans"},
               "timings": [{"begin": "2026-07-14T19:00:00.000Z", "end": "2026-07-14T21:00:00.000Z"},
                           {"begin": "2026-07-15T21:00:00+0200", "end": "2026-07-15T23:00:00+0200"},
                           {"begin": "2026-07-16T21:00", "end": "2026-07-16T23:00"}],
               "status": 1, "attendanceMode": 3, "onlineAccessLink": "https://live.example/concert",
               "accessibility": {"hi": true, "mi": false, "vi": true},
               "registration": [{"type": "phone", "value": "01 02 03 04 05"}, {"type": "link", "value": "https://billets.example/concert"}],
               "location": {"uid": 9, "name": "Théâtre du Capitole", "address": "1 place du Capitole, 31000 Toulouse", "postalCode": "31000",
                            "city": "Toulouse", "countryCode": "FR", "latitude": 43.6045, "longitude": 1.444}},
              {"uid": 102, "title": {"en": "Only in English"}, "keywords": {"fr": ["exposition"]},
               "timings": [{"begin": "2026-01-10T10:00:00+01:00", "end": "2026-01-10T18:00:00+01:00"}], "status": 6,
               "location": {"name": "Galerie", "city": "Lyon", "postalCode": "69001"}},
              {"uid": 103, "title": {"fr": "Sans date"}, "keywords": {"fr": ["danse"]}, "timings": [], "location": {"name": "Salle", "city": "Nantes"}}
            ]}
            """#.utf8))
        #expect(read.rejected.map(\.reason.code) == [.missingField] && read.rejected.first?.recordID == "103")
        let concert = try #require(read.events.first)
        #expect(concert.offer.title[.fr] == "Concert du soir" && concert.offer.title[.en] == "Evening concert" && concert.offer.title[.de] == "Abendkonzert")
        #expect(concert.offer.title.values.count == 3, "Breton is not one of the six languages")
        #expect(concert.offer.description[.fr] == "Court Un long texte & plus")
        #expect(concert.offer.description[.en] == "Short")
        #expect(concert.offer.categoryID.rawValue == "music.concert", "French keywords first: 'Orchestre' maps to nothing, 'Concert' does")
        #expect(concert.occurrences == [Self.utc("2026-07-14T19:00:00Z"), Self.utc("2026-07-15T19:00:00Z"), Self.utc("2026-07-16T19:00:00Z")])
        #expect(concert.offer.endsAt == Self.utc("2026-07-16T21:00:00Z"))
        #expect(concert.offer.access == .hybrid && concert.offer.onlineURL?.absoluteString == "https://live.example/concert")
        #expect(concert.offer.bookingURL?.absoluteString == "https://billets.example/concert")
        #expect(concert.offer.price == PriceRange(minCents: 0, maxCents: 1_250))
        #expect(concert.venue?.accessibility == [.hearing, .visual])
        #expect(concert.venue?.address == Address(street: "1 place du Capitole", postalCode: "31000", city: "Toulouse"))
        #expect(concert.venue?.departementCode == "31" && concert.venue?.regionCode == "76")
        let show = read.events[1]
        #expect(show.offer.title[.fr] == "Only in English" && show.offer.title[.en] == "Only in English", "a title without French is also French")
        #expect(show.offer.status == .withdrawn && show.offer.categoryID.rawValue == "heritage.exhibition")
        #expect(show.occurrences.isEmpty && show.offer.startsAt == Self.utc("2026-01-10T09:00:00Z"))
    }

    @Test("documents refused whole, bad records rejected one by one")
    func refusalsAndRejections() throws {
        #expect(throws: OpenAgendaFeed.Refusal.notUTF8) { try Self.read(Data([0x7B, 0xFF, 0x7D])) }
        #expect(throws: OpenAgendaFeed.Refusal.tooLarge(bytes: OpenAgendaFeed.maximumDocumentBytes + 1)) {
            try Self.read(Data(count: OpenAgendaFeed.maximumDocumentBytes + 1))
        }
        #expect(throws: OpenAgendaFeed.Refusal.self) { try Self.read(Data("{\"records\": [".utf8)) }
        #expect(throws: OpenAgendaFeed.Refusal.self) { try Self.read(Data(#"{"identifiant": "M0001", "nom": "musée"}"#.utf8)) }
        #expect(throws: OpenAgendaFeed.Refusal.self) { try Self.read(Data(#"[{"identifiant": "M0001"}]"#.utf8)) }
        let long = String(repeating: "x", count: OpenAgendaFeed.maximumFieldLength + 1)
        let read = try Self.read(Data("""
            [
             {"uid": "1", "title_fr": "Bon", "keywords_fr": "cinéma", "timings": "[{\\"begin\\": \\"2026-05-01T20:00:00+02:00\\"}]", "location_name": "Salle", "location_city": "Paris"},
             "not an object",
             {"uid": "3", "title_fr": "Sans lieu", "keywords_fr": "cinéma", "timings": "[{\\"begin\\": \\"2026-05-01T20:00:00+02:00\\"}]"},
             {"uid": "4", "title_fr": "Date fausse", "keywords_fr": "cinéma", "timings": "[{\\"begin\\": \\"2026-02-30T20:00:00+01:00\\"}]", "location_city": "Paris"},
             {"uid": "5", "title_fr": "Timings cassés", "keywords_fr": "cinéma", "timings": "[{begin", "location_city": "Paris"},
             {"uid": "1", "title_fr": "Doublon", "keywords_fr": "cinéma", "timings": "[{\\"begin\\": \\"2026-05-01T20:00:00+02:00\\"}]", "location_city": "Paris"},
             {"uid": "7", "title_fr": "\(long)"},
             {"uid": "8", "title_fr": "Sport", "keywords_fr": "marathon", "timings": "[{\\"begin\\": \\"2026-05-01T20:00:00+02:00\\"}]", "location_city": "Paris"},
             {"uid": "9", "title_fr": "Repli", "keywords_fr": "atelier", "firstdate_begin": "2026-05-01T18:00:00+00:00", "lastdate_end": "2026-05-01T20:00:00+00:00", "location_city": "Paris"}
            ]
            """.utf8))
        #expect(read.events.map { $0.offer.title[.fr] } == ["Bon", "Repli"])
        #expect(read.rejected.map { "\($0.block) \($0.line) \($0.reason.code)" } == [
            "2 3 malformed-row", "3 4 missing-field", "4 5 invalid-value", "5 6 invalid-value", "6 7 duplicate-id", "7 8 field-too-long",
            "8 9 unknown-category",
        ])
        #expect(read.rejected[3].reason.message.contains("timings are not JSON"))
        let fallback = read.events[1]
        #expect(fallback.offer.startsAt == Self.utc("2026-05-01T18:00:00Z") && fallback.offer.endsAt == Self.utc("2026-05-01T20:00:00Z"),
                "without timings, the export's first and last dates (written in UTC, +00:00)")
        #expect(read.rejected.allSatisfy { $0.raw.count <= RejectedRecord.maximumRawLength })
        #expect(OpenAgendaFeed.sourceKey("/a/agenda.json").hasPrefix("openagenda:"))
    }

    @Test("seeded mutations of real records: never a crash, every record accounted for",
          .enabled(if: RealData.isPresent, RealData.skipMessage))
    func fuzz() throws {
        // The long descriptions are cut: the real-file tests read them whole; here the structure is what is shaken.
        let records = try Self.parisRecords().map { record in
            var record = record, fields = record["fields"] as? [String: Any] ?? [:]
            fields["longdescription_fr"] = (fields["longdescription_fr"] as? String).map { String($0.prefix(300)) }
            record["fields"] = fields
            return record
        }
        var random = SplitMix64(seed: 0x0A6E_4DA5)
        let junk: [Any] = [NSNull(), 0, -1, 1e300, "", "[", "{\"begin\": 5}", "[{\"begin\": \"2026-13-45T99:99\"}]", [1, 2], ["fr": 5], true,
                           String(repeating: "é", count: 3_000), "2026-05-01T20:00:00+14:00", #"{"id": "six"}"#, [["type": "link", "value": 3]]]
        var documents = 0, refused = 0
        for round in 0..<1_000 {
            var chosen = (0..<2).map { _ in records[random.below(records.count)] }
            // Every round changes four values inside the records (types, timings, statuses); every other one also
            // damages the bytes: about 6 000 mutations in all.
            for _ in 0..<4 {
                let index = random.below(chosen.count)
                var fields = chosen[index]["fields"] as? [String: Any] ?? [:]
                let keys = fields.keys.sorted()
                fields[keys[random.below(keys.count)]] = random.below(4) == 0 ? nil : junk[random.below(junk.count)]
                chosen[index]["fields"] = fields
            }
            var data = try Self.document(chosen)
            if round % 2 == 1 {
                var bytes = [UInt8](data)
                for _ in 0..<(1 + random.below(6)) {
                    let at = random.below(bytes.count)
                    switch random.below(4) {
                    case 0: bytes[at] = UInt8(random.below(256))
                    case 1: bytes.remove(at: at)
                    case 2: bytes.insert(Array("{}[]\",:\\".utf8)[random.below(8)], at: at)
                    default: bytes.removeSubrange(at..<min(bytes.count, at + random.below(200)))
                    }
                }
                data = Data(bytes)
            }
            documents += 1
            do {
                let read = try Self.read(data, defaultCategory: round % 3 == 0 ? nil : Self.fallback)
                #expect(read.events.count + read.rejected.count == read.blocks, "round \(round): every record loads or is rejected")
                for event in read.events {
                    #expect(event.offer.validationIssues().isEmpty && (event.venue?.validationIssues().isEmpty ?? true), "round \(round)")
                    #expect(event.occurrences.count <= Stock.maximumPerOffer)
                }
            } catch {
                refused += 1
            }
        }
        #expect(documents == 1_000 && refused < documents, "\(refused) documents refused whole")
    }
}
