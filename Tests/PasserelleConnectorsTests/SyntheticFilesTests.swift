import Foundation
import PasserelleCore
import Testing
@testable import PasserelleConnectors

/// The loader on small files written by the test: each messy case and each rejection reason, by name.
@Suite("Loader on small synthetic files")
struct SyntheticFilesTests {
    /// A fresh real-data-shaped folder holding only the given files.
    private func folder(_ files: [String: String]) throws -> URL {
        let root = FileManager.default.temporaryDirectory.appending(path: "passerelle-connectors-\(UUID().uuidString)")
        for (path, content) in files {
            let url = root.appending(path: path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(content.utf8).write(to: url)
        }
        return root
    }

    private static let museums = """
        [{"identifiant": "M0001", "nom_officiel": "musée un", "adresse": "1 rue A", "code_postal": "6000", "ville": "Nice",
          "region": "Provence-Alpes-Côte d'Azur", "departement": "Alpes-Maritimes", "url": "www.un.fr", "atout": "Beau",
          "date_de_mise_a_jour": "2024-01-22", "coordonnees": {"lat": "43,70", "lon": 7.26}},
         {"identifiant": "M0002", "nom_officiel": "  ", "ville": "Nice", "departement": "Alpes-Maritimes", "coordonnees": null},
         {"identifiant": "M0001", "nom_officiel": "doublon", "ville": "Nice", "departement": "Alpes-Maritimes"},
         {"identifiant": "M0003", "nom_officiel": "musée trois", "ville": "Ajaccio", "code_postal": "20000",
          "departement": "Corse-du-Sud", "region": "Corse", "coordonnees": {"lat": 95.0, "lon": 8.7}},
         {"identifiant": "M0004", "nom_officiel": "musée quatre", "ville": "Ajaccio", "code_postal": "20000",
          "departement": "Corse-du-Sud", "coordonnees": {"lat": 41.9, "lon": 8.7}},
         "not an object"]
        """

    @Test func missingRootThrowsNamingThePath() {
        let root = URL(filePath: "/nonexistent/realdata-\(UUID().uuidString)")
        #expect(throws: ConnectorError.self) { try DemoDataLoader.load(realdataRoot: root) }
        do {
            _ = try DemoDataLoader.load(realdataRoot: root)
        } catch {
            #expect(error.code == .missingSource)
            #expect(error.message.contains(root.path))
        }
    }

    @Test func missingRootFallsBackToTheGeneratedCatalogueAndSaysSo() {
        let root = URL(filePath: "/nonexistent/realdata-\(UUID().uuidString)")
        let catalogue = DemoDataLoader.loadOrGenerate(realdataRoot: root)
        #expect(catalogue.origin.hasPrefix("Catalogue généré"))
        #expect(catalogue.origin.contains(root.path))
        #expect(catalogue.offers == GeneratedCatalogue.make().offers)
    }

    @Test func missingFilesAreReportedAndTheRestLoads() throws {
        let root = try folder(["museofile/musees-de-france-base-museofile.json": Self.museums])
        let catalogue = try DemoDataLoader.load(realdataRoot: root)
        #expect(catalogue.reports.count == 5)
        let missing = catalogue.reports.filter { $0.fileError != nil }
        #expect(missing.map(\.file) == Array(DemoDataLoader.files.dropFirst()))
        #expect(missing.allSatisfy { $0.fileError!.hasPrefix("missing file ") && $0.fileError!.contains($0.file) })
        #expect(catalogue.institutions.map(\.id.rawValue) == ["museofile-M0001", "museofile-M0004"])
    }

    @Test func museofileRowsEachGetAnOutcome() throws {
        let root = try folder(["museofile/musees-de-france-base-museofile.json": Self.museums])
        let report = try #require(try DemoDataLoader.load(realdataRoot: root).reports.first)
        #expect(report.loaded == 2)
        #expect(report.rejected.map(\.line) == [2, 3, 4, 6])
        #expect(report.rejected.map(\.reason.message) == [
            "missing name", "duplicate id M0001", "coordinates out of range: '95.0, 8.7'", "expected a JSON object",
        ])
        let catalogue = try DemoDataLoader.load(realdataRoot: root)
        let nice = try #require(catalogue.venues.first)
        #expect(nice.coordinates == GeoPoint(latitude: 43.70, longitude: 7.26))
        #expect(nice.address?.postalCode == "06000")
        #expect(nice.regionCode == "93")
        #expect(catalogue.offers.first?.updatedAt == Dates.day("2024-01-22"))
        // Corsica: the postal code says nothing, the département name says 2A.
        #expect(catalogue.venues.last?.departementCode == "2A")
        #expect(catalogue.venues.last?.regionCode == "94")
    }

    @Test func festivalsWithBOMCRLFAndEveryRejection() throws {
        let header = "Nom du festival;Région principale de déroulement;Département principal de déroulement;"
            + "Code postal (de la commune principale de déroulement);Année de création du festival;Discipline dominante;"
            + "Période principale de déroulement du festival;Identifiant;Géocodage xy"
        let rows = [
            "Jazz;Occitanie;Tarn;81120;2001;Musique;Saison;FEST_81222_1;43.77, 2.19",
            "Sans coordonnées;Provence-Alpes-Côte d'Azur;;;;Pluridisciplinaire;;FEST__2;",
            "Mauvais xy;Occitanie;Tarn;81120;;Musique;;FEST_81222_3;abc",
            "Doublon;Occitanie;Tarn;81120;;Musique;;FEST_81222_1;43.77, 2.19",
            ";Occitanie;Tarn;81120;;Musique;;FEST_81222_4;",
            "Cirque;Occitanie;Tarn;81120;;Cirque;;FEST_81222_5;",
            "Ref;Occitanie;Aude;66100;;Musique;;#REF!;",
            "\"Trop;de;champs\";x;Tarn;81120;;Musique;;FEST_81222_6;;extra",
            "Code à 4 chiffres;Provence-Alpes-Côte d'Azur;Var;6400;;Livre, littérature;;FEST__7;",
        ]
        let content = "\u{FEFF}" + ([header] + rows).joined(separator: "\r\n") + "\r\n"
        let root = try folder(["culture-gouv-opendata/festivals-france.csv": content])
        let catalogue = try DemoDataLoader.load(realdataRoot: root)
        let report = try #require(catalogue.reports.first { $0.file == FestivalsImporter.relativePath })
        #expect(report.fileError == nil)
        #expect(report.loaded == 3)
        #expect(report.rejected.map(\.line) == [4, 5, 6, 7, 8, 9])
        #expect(report.rejected.map(\.reason.code) == [.invalidValue, .duplicateID, .missingField, .unknownCategory, .invalidValue, .malformedRow])
        #expect(report.rejected[0].reason.message == "unreadable coordinates: 'abc'")
        #expect(report.rejected[1].reason.message == "duplicate id FEST_81222_1")
        #expect(report.rejected[3].reason.message == "unknown discipline 'Cirque'")
        #expect(report.rejected[5].reason.message == "expected 9 fields, found 10")
        let noCoordinates = try #require(catalogue.venues.first { $0.id.rawValue == "festival-FEST__2" })
        #expect(noCoordinates.coordinates == nil)
        #expect(noCoordinates.departementCode == nil)
        #expect(noCoordinates.regionCode == "93")
        // 6400 is 06400 with its leading zero lost: Alpes-Maritimes, outvoting the "Var" column.
        let padded = try #require(catalogue.venues.first { $0.id.rawValue == "festival-FEST__7" })
        #expect(padded.departementCode == "06")
        #expect(report.warnings.map(\.line) == [10])
        #expect(catalogue.institutions.map(\.id.rawValue) == ["source-festivals"])
    }

    @Test func worksOfUnknownMuseumsAreRejectedWithTheirCode() throws {
        let joconde = """
            Code_Museofile,Numero_inventaire,Titre,Denomination_1,Auteur,Description
            M0001,2018.2.1,,Voile de mariée,anonyme;LANTE Louis Marie,"Dentelle, point d'Alençon"
            M9999,12,Robe,Robe,,
            M0001,,Sans numéro,Col,,
            M0001,3 ; 45 (Ancien n° inventaire),,,,
            """
        let root = try folder([
            "museofile/musees-de-france-base-museofile.json": Self.museums, "joconde/BaseJoconde-Costumes-19e-20e.csv": joconde,
        ])
        let catalogue = try DemoDataLoader.load(realdataRoot: root)
        let report = try #require(catalogue.reports.first { $0.file == JocondeImporter.relativePath })
        #expect(report.loaded == 1)
        #expect(report.rejected.map(\.reason.message) == ["unknown museum M9999", "missing inventory number", "missing title"])
        #expect(report.rejected.map(\.line) == [3, 4, 5])
        let work = try #require(catalogue.works.first)
        #expect(work.institutionID.rawValue == "museofile-M0001")
        #expect(work.creators == ["LANTE Louis Marie"])
        #expect(work.title[.fr] == "Voile de mariée")
        #expect(work.description[.fr] == "Dentelle, point d'Alençon")
        #expect(work.identifiers.museofile == "M0001")
    }

    @Test func cinemasAndOnlineResources() throws {
        let cinemas = "Nom_cinema;code_postal;commune;code_departement\nNomEtab;DEPCOM;COMMUNE;DE\n"
            + " UGC NORMANDIE ;75108;Paris 8e Arrondissement;75\nSANS CODE;7510;Paris;75\n"
            + "UGC Normandie;75108;Paris;75\nL'ALBA;2A004;Ajaccio;20\n"
        let online = """
            Identifiant (ID),Nom de l'organisme,Lien vers la ressource,Titre de la ressource,"Activité proposée (apprendre, se divertir, s’informer,...)",Types de ressources proposées,Thématiques
            1,Musée du Louvre,https://collections.louvre.fr/,Collections,"Expos, musées","Images, collections numérisées, bases de données",Musées
            2,musée du louvre ,www.louvre.fr/podcast,Podcast,Approfondir ses connaissances,"Audio, radio, podcasts","Histoire,
            Peinture"
            3,Autre,pas une adresse,Titre,Jeux,Jeux,
            1,Musée du Louvre,https://collections.louvre.fr/,Collections,"Expos, musées",,
            4,Radio X,https://radio.example/,Émission,Approfondir ses connaissances,,
            """
        let root = try folder([
            "culture-gouv-opendata/cinemas-actifs-cnc.csv": cinemas, "culture-gouv-opendata/culturecheznous.csv": online,
        ])
        let catalogue = try DemoDataLoader.load(realdataRoot: root)
        let cnc = try #require(catalogue.reports.first { $0.file == CinemasImporter.relativePath })
        #expect(cnc.loaded == 2)
        #expect(cnc.rejected.map(\.reason.code) == [.repeatedHeader, .invalidValue, .duplicateID])
        #expect(cnc.warnings.map(\.reason.code) == [.conflictingFields])
        let ccn = try #require(catalogue.reports.first { $0.file == CultureChezNousImporter.relativePath })
        #expect(ccn.loaded == 3)
        #expect(ccn.rejected.map(\.reason.message) == ["invalid link 'pas une adresse'", "duplicate id 1"])
        // Record 2 spans lines 3–4, so the next records start on lines 5 and 6.
        #expect(ccn.rejected.map(\.line) == [5, 6])
        let offers = catalogue.offers.filter { $0.access == .online }
        #expect(offers.map(\.categoryID.rawValue) == ["heritage.online-collection", "media.podcast", "digital.online-resource"])
        // "Musée du Louvre" and "musée du louvre " are one institution.
        #expect(Set(offers.prefix(2).map(\.institutionID)).count == 1)
        #expect(offers[1].description[.fr] == "Thématiques : Histoire, Peinture.")
    }
}
