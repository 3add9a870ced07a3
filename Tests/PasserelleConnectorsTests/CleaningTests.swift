import Foundation
import PasserelleCore
import Testing
@testable import PasserelleConnectors

@Suite("Cleaning real-world values")
struct CleaningTests {
    @Test func whitespaceIsTrimmedAndCollapsed() {
        #expect(Clean.text("  Musée  du\tLouvre \n") == "Musée du Louvre")
        #expect(Clean.text("Musée\u{00A0}d’Orsay") == "Musée d’Orsay")
        #expect(Clean.text("déjà propre") == "déjà propre")
        #expect(Clean.text(" ") == "")
        #expect(Clean.text(nil) == "")
        #expect(Clean.optional("\u{2003}") == nil)
        #expect(" a b ".trimmingWhiteSpace() == "a b")
        #expect("\u{00A0}été\u{3000}".trimmingWhiteSpace() == "été")
        #expect("x".trimmingWhiteSpace() == "x")
        #expect("".trimmingWhiteSpace() == "")
    }

    /// Seen in the Joconde and Muséofile files: U+0092, U+009C, U+0093/U+0094 (Windows-1252 read as Latin-1), U+0004.
    @Test func controlCharactersAreRepairedOrDropped() {
        #expect(Clean.text("l\u{92}\u{9C}uvre d\u{92}art") == "l’œuvre d’art")
        #expect(Clean.text("\u{93}Costume\u{94}\u{4}") == "“Costume”")
        #expect(Clean.text("Robe\u{90} de bal\u{0}") == "Robe de bal")
        #expect(Clean.text("ligne 1\nligne\t2") == "ligne 1 ligne 2")
        #expect(Clean.text("déjà propre") == "déjà propre")
    }

    @Test func decimalsWithPointOrComma() {
        #expect(Clean.decimal("45,930633") == 45.930633)
        #expect(Clean.decimal(" 5.727664 ") == 5.727664)
        #expect(Clean.decimal("") == nil)
        #expect(Clean.decimal("abc") == nil)
    }

    @Test func latitudeLongitudePairs() throws {
        #expect(try Clean.latitudeLongitude("43.7799765873, 2.19017910647").get() == GeoPoint(latitude: 43.7799765873, longitude: 2.19017910647))
        #expect(try Clean.latitudeLongitude("45,79; 4,80").get() == GeoPoint(latitude: 45.79, longitude: 4.80))
        #expect(try Clean.latitudeLongitude("45.79,4.80").get() == GeoPoint(latitude: 45.79, longitude: 4.80))
        #expect(try Clean.latitudeLongitude("  ").get() == nil)
        #expect(throws: CoordinateError.self) { try Clean.latitudeLongitude("abc").get() }
        switch Clean.latitudeLongitude("123.0, 2.0") {
        case .success: Issue.record("latitude 123 must be refused")
        case .failure(let problem): #expect(problem.message == "coordinates out of range: '123.0, 2.0'")
        }
    }

    @Test func postalCodes() {
        #expect(Clean.postalCode("6400") == "06400")
        #expect(Clean.postalCode("81003 cedex") == "81003")
        #expect(Clean.postalCode("75355 Paris 07 SP") == "75355")
        #expect(Clean.postalCode("") == nil)
        #expect(Clean.postalCode("123") == nil)
    }

    @Test func webAddresses() {
        #expect(Clean.webURL("museepompiers.com/")?.absoluteString == "https://museepompiers.com/")
        #expect(Clean.webURL("/www.lecompa.fr/")?.absoluteString == "https://www.lecompa.fr/")
        #expect(Clean.webURL("http://example.org/a")?.absoluteString == "http://example.org/a")
        #expect(Clean.webURL("en cours de réalisation") == nil)
        #expect(Clean.webURL("html#.YFtE-ZvjLZ4") == nil)
        #expect(Clean.webURL(nil) == nil)
    }

    @Test func textShortenedAtAWordBoundary() throws {
        #expect(Clean.shortened("court", to: 10) == nil)
        let cut = try #require(Clean.shortened("un deux trois quatre", to: 10))
        #expect(cut == "un deux…")
        #expect(cut.count <= 10)
    }

    @Test func stableIDsAreSafeBoundedAndDistinct() {
        #expect(StableID.make("joconde-M0694-", "56.8.31") == "joconde-M0694-56.8.31")
        let spaced = StableID.make("joconde-M0324-", "OA 10426")
        #expect(spaced.hasPrefix("joconde-M0324-OA_10426-") && spaced.utf8.count == "joconde-M0324-OA_10426-".utf8.count + 8)
        #expect(spaced != StableID.make("joconde-M0324-", "OA_10426"))
        #expect(StableID.make("joconde-M0324-", "OA_10426") == "joconde-M0324-OA_10426")
        let long = String(repeating: "inventaire très long ", count: 10)
        let a = StableID.make("joconde-M0994-", long + "1")
        let b = StableID.make("joconde-M0994-", long + "2")
        #expect(a != b)
        #expect(a.utf8.count == 64)
        #expect(Identifier<Work>.isValid(a) && Identifier<Work>.isValid(b))
        #expect(StableID.make("x-", "€") != StableID.make("x-", "£"))
        #expect(StableID.slug("CINÉMA L'Étoile") == "cinema-l-etoile")
        // FNV-1a 64 of "a", a published test vector: the hash does not depend on the process.
        #expect(StableID.fnv1a64("a") == 0xaf63_dc4c_8601_ec8c)
    }

    @Test func territoryNamesAndMajority() {
        #expect(Territory.departement(named: "Réunion")?.id == "974")
        #expect(Territory.departement(named: "Métropole de Lyon")?.id == "69")
        #expect(Territory.departement(named: "seine-saint-denis")?.id == "93")
        #expect(Territory.departement(named: "En ligne") == nil)
        let paris = Departement.code("75"), essonne = Departement.code("91")
        #expect(Territory.majority([essonne, paris, paris]) == paris)
        #expect(Territory.majority([nil, essonne, paris]) == essonne)
        #expect(Territory.majority([nil, nil, nil]) == nil)
    }

    @Test func doubleEncodedTextIsRepairedAndCleanTextIsLeftAlone() {
        #expect(Clean.undoubleEncoding("AmbÃ©rieu-en-Bugey") == "Ambérieu-en-Bugey")
        #expect(Clean.undoubleEncoding("CinÃ©ma Le FranÃ§ais, cÅ\u{201C}ur") == "Cinéma Le Français, cœur", "Windows-1252 bytes (0x9C → œ) too")
        #expect(Clean.undoubleEncoding("Ã‰cran") == "Écran")
        #expect(Clean.undoubleEncoding("Ambérieu-en-Bugey") == nil, "a correct é (byte E9 alone) is not UTF-8: unchanged")
        #expect(Clean.undoubleEncoding("Le Ã") == nil, "a lone Ã is not a sequence")
        #expect(Clean.undoubleEncoding("Łódź Ã©") == nil, "a character outside Windows-1252 means the text was not double-encoded")
        #expect(Clean.undoubleEncoding("Plain ASCII") == nil)
    }
}
