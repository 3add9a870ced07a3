import PasserelleCore
import Foundation
import Testing

@Suite struct IdentifierTests {
    @Test func identifiersAreShortAndURLSafe() {
        #expect(OfferID("museofile-M0123") != nil)
        #expect(OfferID("FEST_81222_5299") != nil)
        #expect(OfferID("") == nil)
        #expect(OfferID("has space") == nil)
        #expect(OfferID("é") == nil)
        #expect(OfferID("a/b") == nil)
        #expect(OfferID(String(repeating: "a", count: 64)) != nil)
        #expect(OfferID(String(repeating: "a", count: 65)) == nil)
        #expect(OfferID(OfferID.random().rawValue) != nil)
    }

    @Test func decodingRejectsAnInvalidIdentifier() {
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(VenueID.self, from: Data(#""../etc""#.utf8)) }
    }

    @Test(arguments: ["732829320", "356000000", "552100554"])
    func validSIRENs(_ siren: String) { #expect(Identifiers.isValidSIREN(siren)) }

    @Test(arguments: ["732829321", "12345678", "abcdefghi", "1234567890"])
    func invalidSIRENs(_ siren: String) { #expect(!Identifiers.isValidSIREN(siren)) }

    @Test func isbnAndEAN() {
        #expect(Identifiers.isValidISBN("978-2-07-036822-8"))
        #expect(Identifiers.isValidISBN("2-07-036822-X"))
        #expect(!Identifiers.isValidISBN("2-07-036822-9"))
        #expect(Identifiers.isValidISBN("0-306-40615-2"))
        #expect(Identifiers.isValidISBN("080442957X"))
        #expect(!Identifiers.isValidISBN("978-2-07-036822-9"))
        #expect(Identifiers.isValidEAN13("4006381333931"))
        #expect(!Identifiers.isValidEAN13("4006381333932"))
    }

    @Test func heritageAndTerritoryCodes() {
        #expect(Identifiers.isMuseofile("M0123"))
        #expect(!Identifiers.isMuseofile("M012"))
        #expect(Identifiers.isMerimeeOrPalissy("PA00088823"))
        #expect(!Identifiers.isMerimeeOrPalissy("pa00088823"))
        #expect(Identifiers.isCommuneCode("2A004"))
        #expect(Identifiers.isCommuneCode("97411"))
        #expect(!Identifiers.isCommuneCode("2C004"))
        #expect(Identifiers.isFilmVisa("152345"))
        #expect(!Identifiers.isFilmVisa("0"))
    }
}
