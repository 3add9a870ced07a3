import PasserelleCore
import Foundation
import Testing

@Suite struct LanguageTests {
    @Test func fallbackGoesToFrenchThenEnglish() {
        #expect(Language.pl.fallbackOrder() == [.pl, .fr, .en, .de, .es, .it])
        #expect(Language.fr.fallbackOrder() == [.fr, .en, .de, .es, .it, .pl])
        #expect(Language.en.fallbackOrder().prefix(2) == [.en, .fr])
    }

    @Test(arguments: [
        ("de-DE,de;q=0.9,en;q=0.8", Language.de),
        ("en-GB;q=0.5, it;q=0.9", .it),
        ("ja, pl;q=0.1", .pl),
        ("ja, zh", .fr),
        ("", .fr),
        ("es;q=0, en;q=0.2", .en),
        ("*", .fr),
    ])
    func acceptLanguageNegotiation(header: String, expected: Language) {
        #expect(Language.negotiate(acceptLanguage: header) == expected)
    }

    @Test func localizedTextResolvesAlongTheFallbackOrder() {
        let text = LocalizedText([.fr: "Visite", .en: "Visit"])
        #expect(text.resolved(for: .en) == "Visit")
        #expect(text.resolved(for: .de) == "Visite")
        #expect(text.resolvedLanguage(for: .de) == .fr)
        #expect(LocalizedText([.en: "Only English"]).resolved(for: .it) == "Only English")
        #expect(LocalizedText().resolved(for: .fr) == nil)
    }

    @Test func localizedTextRoundTripsAsAPlainObjectAndRejectsUnknownLanguages() throws {
        let text = LocalizedText([.fr: "Bonjour", .pl: "Dzień dobry"])
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let data = try encoder.encode(text)
        #expect(String(decoding: data, as: UTF8.self) == #"{"fr":"Bonjour","pl":"Dzień dobry"}"#)
        #expect(try JSONDecoder().decode(LocalizedText.self, from: data) == text)
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(LocalizedText.self, from: Data(#"{"xx":"?"}"#.utf8))
        }
    }

    @Test func emptyValuesAreNotKept() {
        var text = LocalizedText([.fr: "", .en: "Hi"])
        #expect(text[.fr] == nil)
        text[.en] = ""
        #expect(text.isEmpty)
    }
}
