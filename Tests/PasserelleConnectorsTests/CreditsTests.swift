import Testing
@testable import PasserelleConnectors

@Suite("Credits")
struct CreditsTests {
    @Test func everySourceFileIsCreditedUnderItsLicence() {
        #expect(DemoDataLoader.credits.count == DemoDataLoader.files.count)
        #expect(DemoDataLoader.credits.allSatisfy { $0.licence.hasPrefix("Licence Ouverte 2.0") && !$0.publisher.isEmpty })
    }
}
