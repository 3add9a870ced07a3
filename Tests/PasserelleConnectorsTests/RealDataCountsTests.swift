import Foundation
import PasserelleCore
import Testing
@testable import PasserelleConnectors

/// Exact outcomes of the loader on the real files.
///
/// The expected numbers were derived independently of the Swift code, with Python's `csv` and `json` modules
/// on the files in /work/shared/realdata (Nov 2026 copy):
/// - Muséofile: `len(json.load(f))` = 1225, 1225 distinct `identifiant`, no blank `nom_officiel`, coordinates
///   all numeric or null → 1225 loaded, 0 rejected. Warnings: 2 rows whose postal code's département differs
///   from the `departement` name (M0890 "Alpes-Maritimes"/62060, M0969 "Ain"/10100), 2 `url` values that are
///   no address ("en cours de réalisation", "html#.YFtE-ZvjLZ4"), 1 `atout` over 5 000 characters (M5051).
/// - Festivals: `csv.reader(delimiter=';')` gives 7283 data rows; ids with spaces removed: one is not
///   `FEST_…` ("#REF!", line 880); `FEST__7265` occurs 10 times and `FEST_98735_7265` 5 times, so 9 + 4 = 13
///   later occurrences are duplicates → 7269 loaded, 14 rejected. All 6 "Discipline dominante" values map.
///   Territory: re-implementing the majority rule over (id commune, postal code padded to 5, département name)
///   in Python, 77 loaded rows have at least one field outvoted (one warning each) and 13 have no département.
/// - CNC cinemas: 2054 data rows; exactly one has a non-INSEE `code_postal` and it is the second header
///   ["NomEtab","DEPCOM","COMMUNE","DE"] (line 2); no (commune, folded name) pair repeats → 2053 / 1.
/// - #CultureChezNous: 1112 rows, 1112 distinct ids, every link `https?://\S+` → 1112 / 0; 651 distinct
///   organisation names once case, accents and punctuation are folded → 651 institutions.
/// - Joconde: 4274 rows, every `Code_Museofile` is a Muséofile id; (museum, inventory) repeats once
///   (M0986 "1968.3.281", lines 2547 and 2548) → 4273 / 1, linked to 123 distinct museums.
@Suite("Real data: exact counts", .enabled(if: RealData.isPresent, RealData.skipMessage))
struct RealDataCountsTests {
    @Test func museofile() throws {
        let report = try RealData.report("museofile/musees-de-france-base-museofile.json")
        #expect(report.fileError == nil)
        #expect(report.loaded == 1225)
        #expect(report.rejected.isEmpty)
        #expect(codes(report.warnings) == ["conflicting-fields": 2, "field-dropped": 2, "field-shortened": 1])
        #expect(report.warnings.contains { $0.recordID == "M5051" && $0.reason.code == .fieldShortened })
        #expect(report.warnings.contains { $0.recordID == "M0969" && $0.reason.message.contains("10100") })
    }

    @Test func festivals() throws {
        let report = try RealData.report("culture-gouv-opendata/festivals-france.csv")
        #expect(report.fileError == nil)
        #expect(report.loaded == 7269)
        #expect(codes(report.rejected) == ["invalid-value": 1, "duplicate-id": 13])
        let invalid = try #require(report.rejected.first { $0.reason.code == .invalidValue })
        #expect(invalid.line == 880)
        #expect(invalid.reason.message == "invalid id '#REF!'")
        let duplicates = report.rejected.filter { $0.reason.code == .duplicateID }
        #expect(duplicates.map(\.line) == [1552, 1721, 2083, 2098, 2869, 2906, 4183, 4247, 4326, 4724, 4952, 5300, 5467])
        #expect(Dictionary(grouping: duplicates, by: { $0.recordID ?? "" }).mapValues(\.count)
                == ["FEST__7265": 9, "FEST_98735_7265": 4])
        #expect(duplicates.first?.reason.message == "duplicate id FEST__7265")
        #expect(report.warnings.count == 77)
        #expect(report.warnings.allSatisfy { $0.reason.code == .conflictingFields })
        let festivals = try RealData.catalogue.get().venues.filter { $0.kind == .festival }
        #expect(festivals.filter { $0.departementCode == nil }.count == 13)
        // Towns come from the cinemas file's communes: a festival in such a commune is named, none is guessed.
        let named = festivals.filter { $0.address?.city != nil }
        #expect(named.count > festivals.count / 2, "\(named.count) of \(festivals.count) named")
        var cinemaTowns: [String: String] = [:]
        for cinema in try RealData.catalogue.get().venues where cinema.kind == .cinema {
            if let code = cinema.communeCode, let city = cinema.address?.city, cinemaTowns[code] == nil { cinemaTowns[code] = city }
        }
        #expect(named.allSatisfy { $0.communeCode.flatMap { cinemaTowns[$0] } == $0.address?.city })
        #expect(try RealData.catalogue.get().notes.contains { $0.hasPrefix("festivals: town named for \(named.count) of ") })
    }

    @Test func cinemas() throws {
        let report = try RealData.report("culture-gouv-opendata/cinemas-actifs-cnc.csv")
        #expect(report.fileError == nil)
        #expect(report.loaded == 2053)
        #expect(report.rejected.count == 1)
        let header = try #require(report.rejected.first)
        #expect(header.line == 2)
        #expect(header.reason.code == .repeatedHeader)
        #expect(header.reason.message == "repeated header line")
        // 419 lines of the CNC file are double-encoded ("PathÃ© Les Fauvettes"): each is repaired and counted.
        let repaired = report.warnings.filter { $0.reason.code == .textRepaired }
        #expect(repaired.count == 419)
        #expect(repaired.contains { $0.reason.message.contains("'PathÃ© Les Fauvettes' → 'Pathé Les Fauvettes'") })
        let cinemas = try RealData.catalogue.get().venues.filter { $0.kind == .cinema }
        #expect(cinemas.count == 2053)
        #expect(!cinemas.contains { $0.name.contains("Ã") || ($0.address?.city ?? "").contains("Ã") }, "no double-encoded name is left")
        #expect(cinemas.contains { $0.name == "Pathé Les Fauvettes" && $0.address?.city == "Paris 13e Arrondissement" })
    }

    @Test func cultureChezNous() throws {
        let report = try RealData.report("culture-gouv-opendata/culturecheznous.csv")
        #expect(report.fileError == nil)
        #expect(report.loaded == 1112)
        #expect(report.rejected.isEmpty)
        let catalogue = try RealData.catalogue.get()
        #expect(catalogue.institutions.filter { $0.id.rawValue.hasPrefix("ccn-org-") }.count == 651)
        #expect(catalogue.offers.filter { $0.access == .online }.count == 1112)
    }

    @Test func joconde() throws {
        let report = try RealData.report("joconde/BaseJoconde-Costumes-19e-20e.csv")
        #expect(report.fileError == nil)
        #expect(report.loaded == 4273)
        let duplicate = try #require(report.rejected.first)
        #expect(report.rejected.count == 1)
        #expect(duplicate.line == 2548)
        #expect(duplicate.recordID == "M0986 1968.3.281")
        #expect(duplicate.reason.code == .duplicateID)
    }

    @Test func catalogueTotals() throws {
        let catalogue = try RealData.catalogue.get()
        // 1225 museums + 1 festivals source + 1 CNC source + 651 organisations.
        #expect(catalogue.counts.institutions == 1225 + 1 + 1 + 651)
        #expect(catalogue.counts.venues == 1225 + 7269 + 2053)
        #expect(catalogue.counts.offers == 1225 + 7269 + 2053 + 1112)
        #expect(catalogue.counts.works == 4273)
        #expect(catalogue.reports.map(\.file) == DemoDataLoader.files)
        for report in catalogue.reports { #expect(report.rejected.allSatisfy { $0.file == report.file }) }
    }

    private func codes(_ issues: [RowIssue]) -> [String: Int] {
        Dictionary(grouping: issues, by: { $0.reason.code.rawValue }).mapValues(\.count)
    }
}
