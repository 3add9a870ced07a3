import Foundation
import PasserelleCore
import Testing
@testable import PasserelleConnectors

/// The CSV reader with a declared mapping, on two real files of the ministry and on small files written here.
@Suite("CSV with a column mapping")
struct CSVMappingFeedTests {
    static let institution = InstitutionID(trusted: "inst-t")
    static let festivalsFile = RealData.root.appending(path: "culture-gouv-opendata/festivals-france.csv")
    static let museumsFile = RealData.root.appending(path: "culture-gouv-opendata/liste-officielle-museesdf-20220127-data.csv")

    /// The mapping of the festivals file, as a user writes it (the example of the `CSVMappingImport` article).
    static let festivalsMapping = #"""
        {
          "separator": ";",
          "columns": {
            "id": "Identifiant",
            "title": "Nom du festival",
            "category": "Discipline dominante",
            "venueName": "Nom du festival",
            "venuePostcode": "Code postal (de la commune principale de déroulement)",
            "coordinates": "Géocodage xy"
          },
          "categories": {
            "Musique": "music.festival", "Spectacle vivant": "live-performance.festival", "Livre, littérature": "books.festival",
            "Cinéma, audiovisuel": "cinema.festival", "Pluridisciplinaire": "festivals.multidisciplinary",
            "Arts visuels, arts numériques": "visual-arts"
          }
        }
        """#

    static func mapping(_ json: String) throws -> CSVColumnMapping {
        try JSONDecoder().decode(CSVColumnMapping.self, from: Data(json.utf8))
    }

    static func read(_ data: Data, _ mapping: CSVColumnMapping, defaultCategory: String? = nil) throws(CSVFeed.Refusal) -> FeedRead {
        try CSVFeed.read(data, mapping: mapping, source: CSVFeed.sourceKey("/imports/agenda.csv"), institutionID: institution,
                         defaultCategory: defaultCategory.map(CategoryID.init(trusted:)), retrievedAt: Date(timeIntervalSince1970: 1_800_000_000))
    }

    static func utc(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    @Test("festivals-france.csv with a declared mapping: 7 270 festivals, the 13 repeated ids rejected",
          .enabled(if: RealData.isPresent, RealData.skipMessage))
    func festivals() throws {
        let read = try Self.read(Data(contentsOf: Self.festivalsFile), Self.mapping(Self.festivalsMapping))
        #expect(read.blocks == 7_283)
        #expect(read.events.count == 7_270)
        #expect(read.rejected.map(\.reason.code) == Array(repeating: .duplicateID, count: 13), "FEST__7265 ×10 and FEST_98735_7265 ×5")
        #expect(Set(read.rejected.compactMap(\.recordID)) == ["FEST__7265", "FEST_98735_7265"])
        var byCategory: [String: Int] = [:]
        for event in read.events { byCategory[event.offer.categoryID.rawValue, default: 0] += 1 }
        #expect(byCategory.values.reduce(0, +) == 7_270 && byCategory["books.festival"] != nil && byCategory["visual-arts"] != nil)
        let first = try #require(read.events.first)
        #expect(first.offer.title[.fr] == "Festival occitan Camins de Crabas" && first.offer.categoryID.rawValue == "live-performance.festival")
        #expect(first.venue?.departementCode == "81" && first.venue?.regionCode == "76")
        #expect(first.venue?.coordinates == GeoPoint(latitude: 43.7799765873, longitude: 2.19017910647), "one 'lat, lon' column")
        #expect(first.offer.startsAt == nil && first.occurrences.isEmpty, "no date column: undated offers")
        #expect(first.offer.provenance.recordID == "FEST_81222_5299")
        let duplicate = try #require(read.rejected.first)
        #expect(duplicate.block > 0 && duplicate.line == duplicate.block + 1, "one line per row after the header")
        #expect(duplicate.raw.contains(";FEST__7265;") || duplicate.raw.contains(";FEST_98735_7265;"), "the row's text")
        // Read again: the same ids.
        let again = try Self.read(Data(contentsOf: Self.festivalsFile), Self.mapping(Self.festivalsMapping))
        #expect(again.events.map(\.offer.id) == read.events.map(\.offer.id))
    }

    @Test("the official museum list: byte-order mark, CRLF, latitude and longitude with a decimal comma; one id shared by three",
          .enabled(if: RealData.isPresent, RealData.skipMessage))
    func museums() throws {
        let mapping = try Self.mapping(#"""
            {"separator": ";", "decimal": "comma", "encoding": "UTF-8",
             "columns": {"id": "Identifiant Muséofile", "title": {"fr": "Nom officiel du musée"}, "venueName": "Nom officiel du musée",
                         "venueAddress": "Adresse", "venuePostcode": "Code Postal", "venueCity": "Commune", "latitude": "Latitude",
                         "longitude": "Longitude", "bookingURL": "URL"}}
            """#)
        let read = try Self.read(Data(contentsOf: Self.museumsFile), mapping, defaultCategory: "heritage.museum-visit")
        #expect(read.blocks == 1_221)
        // Three museums of the Confluences in Lyon share one Muséofile id: the first loads, the two others are rejected.
        #expect(read.events.count == 1_219)
        #expect(read.rejected.map { "\($0.block) \($0.line) \($0.recordID ?? "-") \($0.reason.code)" } == ["122 123 M7042 duplicate-id", "128 129 M7042 duplicate-id"])
        let bugey = try #require(read.events.first { $0.offer.provenance.recordID == "M0967" })
        #expect(bugey.venue?.coordinates == GeoPoint(latitude: 45.930633, longitude: 5.727664))
        #expect(bugey.venue?.address == Address(street: "3 rue Centrale", postalCode: "01260", city: "Lochieu"))
        #expect(bugey.venue?.departementCode == "01")
        #expect(bugey.offer.bookingURL?.absoluteString == "https://patrimoines.ain.fr/n/musee-du-bugey-valromey/n:970", "scheme added")
        #expect(read.events.filter { $0.venue?.coordinates != nil }.count > 1_100)
    }

    static let agendaMapping = #"""
        {"separator": ";", "decimal": "comma", "encoding": "windows-1252", "dateFormats": ["dd/MM/yyyy HH:mm", "dd/MM/yyyy"],
         "columns": {"id": "Réf", "title": {"fr": "Titre", "en": "Title"}, "description": "Résumé", "start": "Début", "end": "Fin",
                     "category": "Genre", "venueName": "Lieu", "venueAddress": "Adresse", "venuePostcode": "CP", "venueCity": "Ville",
                     "latitude": "Lat", "longitude": "Lon", "price": "Tarif", "priceMax": "Tarif max", "bookingURL": "Billetterie",
                     "onlineURL": "Diffusion", "languages": "Langues"},
         "categories": {"Théâtre": "live-performance.theatre", "concert": "music.concert", "Exposition": "heritage.exhibition"}}
        """#

    /// A Windows-1252 file, as Excel saves it on a French Windows.
    static func windows1252(_ text: String) -> Data {
        Data(text.unicodeScalars.map { scalar -> UInt8 in
            if scalar.value < 0x100, !(0x80...0x9F).contains(scalar.value) { return UInt8(scalar.value) }
            return UInt8(Clean.windows1252.first { $0.value == scalar }!.key)
        })
    }

    static let agenda = """
        Réf;Titre;Title;Résumé;Début;Fin;Genre;Lieu;Adresse;CP;Ville;Lat;Lon;Tarif;Tarif max;Billetterie;Diffusion;Langues\r
        T1;L’Avare;The Miser;Comédie de Molière;14/03/2026 20:30;14/03/2026 22:30;Théâtre;Théâtre du Capitole;1 place du Capitole;31000;Toulouse;43,6045;1,4440;12,50;30;www.capitole.example/billets;;fr\r
        T2;Concert œcuménique;;;01/04/2026 18:00;;CONCERT;Église Saint-Sernin;;31000;Toulouse;;;gratuit;;;https://live.example/sernin;fr/oc\r
        T3;Date impossible;;;31/02/2026 20:00;;Théâtre;Salle;;;Nantes;;;;;;;\r
        T4;Exposition d’été;;Tout l’été;01/07/2026;31/08/2026;Exposition;Musée;;44000;Nantes;47,2184;-1,5536;5 €;;;;\r
        T5;En ligne seulement;;;02/05/2026 10:00;;concert;;;;;;;;;;https://live.example/only;\r
        T6;Genre inconnu;;;02/05/2026 10:00;;Cirque;Chapiteau;;;Lyon;;;;;;;\r
        ;Sans id;;;02/05/2026 10:00;;concert;Salle;;;Lyon;;;;;;;\r
        T1;Doublon;;;02/05/2026 10:00;;concert;Salle;;;Lyon;;;;;;;\r
        T9;Virgule fausse;;;02/05/2026 10:00;;concert;Salle;;;Lyon;abc;1,2;douze;;;;\r
        Réf;Titre;Title;Résumé;Début;Fin;Genre;Lieu;Adresse;CP;Ville;Lat;Lon;Tarif;Tarif max;Billetterie;Diffusion;Langues\r
        T11;"Guillemets ""cités""; et point-virgule";;;02/05/2026 10:00;;concert;Salle;;;Lyon;;;;;;;\r
        T12;Nulle part;;;02/05/2026 10:00;;concert;;;;;;;;;;;\r

        """

    @Test("a Windows-1252 file with a decimal comma and dd/MM/yyyy dates: each field, each bad row rejected alone")
    func syntheticAgenda() throws {
        let read = try Self.read(Self.windows1252(Self.agenda), Self.mapping(Self.agendaMapping))
        #expect(read.blocks == 12)
        #expect(read.events.map(\.offer.provenance.recordID) == ["T1", "T2", "T4", "T5", "T9", "T11"])
        #expect(read.rejected.map { "\($0.block) \($0.line) \($0.recordID ?? "-") \($0.reason.code)" } == [
            "3 4 T3 invalid-value", "6 7 T6 unknown-category", "7 8 - missing-field", "8 9 T1 duplicate-id", "10 11 Réf repeated-header",
            "12 13 T12 missing-field",
        ])
        #expect(read.rejected[0].raw == "T3;Date impossible;;;31/02/2026 20:00;;Théâtre;Salle;;;Nantes;;;;;;;", "the row's text, decoded")
        let play = read.events[0]
        #expect(play.offer.title[.fr] == "L’Avare" && play.offer.title[.en] == "The Miser", "’ is byte 0x92 in Windows-1252")
        #expect(play.offer.description[.fr] == "Comédie de Molière")
        #expect(play.offer.startsAt == Self.utc("2026-03-14T19:30:00Z"), "20:30 in Paris in March (UTC+1)")
        #expect(play.offer.endsAt == Self.utc("2026-03-14T21:30:00Z"))
        #expect(play.offer.price == PriceRange(minCents: 1_250, maxCents: 3_000))
        #expect(play.offer.bookingURL?.absoluteString == "https://www.capitole.example/billets")
        #expect(play.venue?.coordinates == GeoPoint(latitude: 43.6045, longitude: 1.444))
        #expect(play.venue?.departementCode == "31" && play.venue?.address?.street == "1 place du Capitole")
        #expect(play.offer.access == .onSite && play.offer.languages == ["fr"])
        let concert = read.events[1]
        #expect(concert.offer.title[.fr] == "Concert œcuménique" && concert.offer.categoryID.rawValue == "music.concert", "values matched without case")
        #expect(concert.offer.access == .hybrid && concert.offer.price == .free && concert.offer.languages == ["fr", "oc"])
        let exhibition = read.events[2]
        #expect(exhibition.offer.startsAt == Self.utc("2026-06-30T22:00:00Z"), "a day alone starts at midnight, Paris summer time")
        #expect(exhibition.offer.endsAt == Self.utc("2026-08-31T21:59:59Z"), "and ends at the end of its last day")
        #expect(exhibition.offer.price == PriceRange(minCents: 500, maxCents: 500))
        #expect(read.events[3].offer.access == .online && read.events[3].venue == nil)
        #expect(read.events[4].venue?.coordinates == nil && read.events[4].offer.price == nil)
        #expect(read.warnings.filter { $0.recordID == "T9" }.map(\.reason.code) == [.fieldDropped, .fieldDropped], "coordinates and price left out")
        #expect(read.events[5].offer.title[.fr] == #"Guillemets "cités"; et point-virgule"#)
        // The same file with a default category: the unknown genre loads, with a warning.
        let lenient = try Self.read(Self.windows1252(Self.agenda), Self.mapping(Self.agendaMapping), defaultCategory: "live-performance")
        #expect(lenient.events.contains { $0.offer.provenance.recordID == "T6" && $0.offer.categoryID.rawValue == "live-performance" })
        #expect(lenient.warnings.contains { $0.recordID == "T6" && $0.reason.message.contains("Cirque") })
    }

    @Test("encodings: UTF-8 with or without a byte-order mark, ISO-8859-1; text that is not the declared encoding refused")
    func encodings() throws {
        let csv = "id,titre,ville\nA,Fête de la musique,Besançon\n"
        let mapping = try Self.mapping(#"{"columns": {"id": "id", "title": "titre", "venueCity": "ville"}}"#)
        for data in [Data(csv.utf8), Data([0xEF, 0xBB, 0xBF] + Array(csv.utf8))] {
            let read = try Self.read(data, mapping, defaultCategory: "music")
            #expect(read.events.map { $0.offer.title[.fr] } == ["Fête de la musique"] && read.events.first?.venue?.name == "Besançon")
        }
        var latin1 = mapping
        latin1.encoding = .latin1
        #expect(try Self.read(Self.windows1252(csv), latin1, defaultCategory: "music").events.first?.venue?.address?.city == "Besançon")
        // A UTF-8 file declared Windows-1252: the byte-order mark says otherwise, and wins, with a warning.
        var declared1252 = mapping
        declared1252.encoding = .windows1252
        let marked = try Self.read(Data([0xEF, 0xBB, 0xBF] + Array(csv.utf8)), declared1252, defaultCategory: "music")
        #expect(marked.events.first?.offer.title[.fr] == "Fête de la musique" && marked.warnings.first?.reason.code == .textRepaired)
        #expect(throws: CSVFeed.Refusal.undecodable(encoding: "utf-8", byteOffset: 18, hint: "declare windows-1252 if the file was saved by Excel")) {
            try Self.read(Self.windows1252(csv), mapping)
        }
        #expect(throws: CSVFeed.Refusal.self) { try Self.read(Data([0xFF, 0xFE, 0x69, 0x00]), mapping) }
        #expect(throws: CSVFeed.Refusal.self) { try Self.read(Data([0x81] + Array(csv.utf8)), declared1252) }
        #expect(throws: CSVFeed.Refusal.empty) { try Self.read(Data(), mapping) }
        #expect(throws: CSVFeed.Refusal.tooLarge(bytes: CSVFeed.maximumDocumentBytes + 1)) {
            try Self.read(Data(count: CSVFeed.maximumDocumentBytes + 1), mapping)
        }
    }

    @Test("a mapping naming a column the file lacks is refused with the file's columns; a mapping at odds with itself too")
    func mappingRefusals() throws {
        let csv = Data("id;titre;début\n1;Bal;01/06/2026\n".utf8)
        let missing = try Self.mapping(#"{"separator": ";", "columns": {"id": "id", "title": "Titre", "start": "début", "venueCity": "ville"}}"#)
        #expect(throws: CSVFeed.Refusal.missingColumns(["Titre", "ville"], header: ["id", "titre", "début"])) { try Self.read(csv, missing) }
        #expect(CSVFeed.Refusal.missingColumns(["Titre"], header: ["id", "titre"]).description == "the file has no column 'Titre'; its columns are: 'id', 'titre'")
        let odd = try Self.mapping(#"""
            {"separator": ";", "timeZone": "Europe/Atlantis", "dateFormats": ["dd/MM/yy", "hh:mm dd/MM/yyyy"],
             "columns": {"title": {"fr": "titre", "br": "titl"}, "start": "début", "latitude": "lat"}, "categories": {"Bal": "dance.ball"}}
            """#)
        do {
            _ = try Self.read(csv, odd)
            Issue.record("an inconsistent mapping was accepted")
        } catch {
            guard case .invalidMapping(let problems) = error else { throw error }
            #expect(problems.count == 7, "\(problems)")
            for part in ["Europe/Atlantis", "'yy'", "'hh'", "no date format", "dance.ball", "'br'", "latitude and longitude"] {
                #expect(problems.contains { $0.contains(part) }, "\(part) in \(problems)")
            }
        }
        var badSeparator = missing
        badSeparator.separator = ";;"
        #expect(throws: CSVFeed.Refusal.self) { try Self.read(csv, badSeparator) }
        // Defaults: only columns is required; the title may be one column name; encoding names in any case.
        let minimal = try Self.mapping(#"{"columns": {"title": "titre"}, "encoding": "CP1252"}"#)
        #expect(minimal.separator == "," && minimal.decimal == .point && minimal.encoding == .windows1252 && minimal.timeZone == "Europe/Paris")
        #expect(minimal.columns.title == ["fr": "titre"] && minimal.dateFormats == ["iso8601"])
        #expect(throws: DecodingError.self) { try Self.mapping(#"{"columns": {"title": "t"}, "encoding": "ebcdic"}"#) }
        let roundTrip = try JSONDecoder().decode(CSVColumnMapping.self, from: JSONEncoder().encode(Self.mapping(Self.agendaMapping)))
        #expect(try roundTrip == Self.mapping(Self.agendaMapping))
    }

    @Test("dates and numbers as declared: ISO 8601 with and without offsets, another time zone, thousands separators")
    func datesAndNumbers() throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "America/Martinique")!
        let iso = CSVMappingDateFormat.iso8601.map { try! CSVMappingDateFormat.compile($0).get() }
        func first(_ text: String) -> Date? { iso.lazy.compactMap { $0.date(text, in: calendar) }.first }
        #expect(first("2026-07-14T21:00:00+02:00") == Self.utc("2026-07-14T19:00:00Z"))
        #expect(first("2026-07-14T21:00:00.250Z") == Self.utc("2026-07-14T21:00:00Z"))
        #expect(first("2026-07-14T21:00:00-0400") == Self.utc("2026-07-15T01:00:00Z"))
        #expect(first("2026-07-14 21:00") == Self.utc("2026-07-15T01:00:00Z"), "Martinique is UTC-4")
        #expect(first("2026-07-14") == Self.utc("2026-07-14T04:00:00Z"))
        for bad in ["2026-02-29", "2026-07-14T25:00", "14/07/2026", "2026-07-14T21:00:00+2", "2026-07-14Tabc"] { #expect(first(bad) == nil, "\(bad)") }
        let french = try CSVMappingDateFormat.compile("d/M/yyyy 'à' H'h'mm").get()
        #expect(french.date("5/7/2026 à 9h05", in: calendar) == Self.utc("2026-07-05T13:05:00Z"))
        #expect(CSVMappingNumber.parse("1 234,56", .comma) == 1_234.56 && CSVMappingNumber.parse("1.234,56", .comma) == 1_234.56)
        #expect(CSVMappingNumber.parse("1,234.56", .point) == 1_234.56 && CSVMappingNumber.parse("1,5", .point) == nil)
        #expect(CSVMappingNumber.cents("12,50 €", .comma) == 1_250 && CSVMappingNumber.cents("Gratuit", .comma) == 0)
        #expect(CSVMappingNumber.cents("-3", .point) == nil && CSVMappingNumber.cents("20000", .point) == nil, "negative, or above 10 000 €")
    }

    @Test("seeded mutations of the real festivals file: never a crash, every row accounted for",
          .enabled(if: RealData.isPresent, RealData.skipMessage))
    func fuzz() throws {
        let lines = try String(contentsOf: Self.festivalsFile, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        let head = Array(lines.prefix(1)), body = Array(lines.dropFirst())
        var mapping = try Self.mapping(Self.festivalsMapping)
        var random = SplitMix64(seed: 0xC5F_EED)
        let inserts = Array(";\"\n\r,".utf8) + [0xC3, 0xA9, 0xFF, 0x00, 0xE9, 0x92]
        var refused = 0
        for round in 0..<2_000 {
            let start = random.below(body.count - 20)
            var bytes = Array((head + body[start..<(start + 1 + random.below(12))]).joined(separator: "\n").utf8)
            for _ in 0..<(1 + random.below(4)) {
                let at = random.below(bytes.count)
                switch random.below(4) {
                case 0: bytes[at] = UInt8(random.below(256))
                case 1: bytes.remove(at: at)
                case 2: bytes.insert(inserts[random.below(inserts.count)], at: at)
                default: bytes.insert(contentsOf: bytes[at..<min(bytes.count, at + random.below(40))], at: at)
                }
            }
            mapping.encoding = [.utf8, .windows1252, .latin1][round % 3]
            do {
                let read = try Self.read(Data(bytes), mapping, defaultCategory: round % 2 == 0 ? nil : "festivals")
                #expect(read.events.count + read.rejected.count == read.blocks, "round \(round)")
                for event in read.events { #expect(event.offer.validationIssues().isEmpty && (event.venue?.validationIssues().isEmpty ?? true)) }
            } catch {
                refused += 1
            }
        }
        #expect(refused < 2_000, "\(refused) files refused whole (a damaged header, bytes that are not text)")
    }
}
