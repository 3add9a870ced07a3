import Foundation
import PasserelleCore
import Testing
@testable import PasserelleConnectors

@Suite("Generated catalogue")
struct GeneratedCatalogueTests {
    @Test func deterministic() {
        #expect(GeneratedCatalogue.make() == GeneratedCatalogue.make())
        #expect(GeneratedCatalogue.make(scale: 3, seed: 7) == GeneratedCatalogue.make(scale: 3, seed: 7))
        #expect(GeneratedCatalogue.make(seed: 1).stocks != GeneratedCatalogue.make(seed: 2).stocks)
        let later = GeneratedCatalogue.referenceDate.addingTimeInterval(400 * 86_400)
        let shifted = GeneratedCatalogue.make(startingAt: later)
        #expect(shifted.stocks.compactMap(\.beginsAt).allSatisfy { $0 > later })
        #expect(shifted.offers.map(\.id) == GeneratedCatalogue.make().offers.map(\.id))
    }

    @Test(arguments: [1, 4])
    func everyEntityIsValidAndEveryIDUnique(scale: Int) {
        let catalogue = GeneratedCatalogue.make(scale: scale)
        #expect(catalogue.institutions.allSatisfy { $0.validationIssues().isEmpty })
        #expect(catalogue.venues.allSatisfy { $0.validationIssues().isEmpty })
        #expect(catalogue.works.allSatisfy { $0.validationIssues().isEmpty })
        #expect(catalogue.offers.allSatisfy { $0.validationIssues().isEmpty })
        #expect(catalogue.stocks.allSatisfy { $0.validationIssues().isEmpty })
        let ids = catalogue.institutions.map(\.id.rawValue) + catalogue.venues.map(\.id.rawValue)
            + catalogue.works.map(\.id.rawValue) + catalogue.offers.map(\.id.rawValue) + catalogue.stocks.map(\.id.rawValue)
        #expect(Set(ids).count == ids.count)
        #expect(ids.allSatisfy { Identifier<Offer>.isValid($0) })
        let offers = Set(catalogue.offers.map(\.id))
        #expect(catalogue.stocks.allSatisfy { offers.contains($0.offerID) })
    }

    @Test func coversEverySectorAndCategoryOnlineAndOnSite() {
        let catalogue = GeneratedCatalogue.make()
        let used = Set(catalogue.offers.map(\.categoryID))
        let categories = Taxonomy.all.filter { !$0.isSector }.map(\.id)
        #expect(categories.allSatisfy(used.contains))
        for sector in Taxonomy.sectors { #expect(Taxonomy.children(of: sector.id).contains { used.contains($0.id) }, "\(sector.id)") }
        #expect(catalogue.offers.contains { $0.access == .online })
        #expect(catalogue.offers.contains { $0.access == .onSite })
        #expect(Set(catalogue.venues.compactMap(\.regionCode)).count >= 10)
        #expect(catalogue.offers.allSatisfy { $0.title.values.count == Language.allCases.count })
        #expect(catalogue.stocks.contains { $0.beginsAt != nil && $0.priceCents > 0 })
        #expect(catalogue.origin.contains("généré"))
    }

    @Test func scaleGrowsOffersAndStocks() {
        let one = GeneratedCatalogue.make(scale: 1), five = GeneratedCatalogue.make(scale: 5)
        #expect(five.offers.count == 5 * one.offers.count)
        #expect(five.stocks.count == 5 * one.stocks.count)
        #expect(one.offers.count == Taxonomy.all.filter { !$0.isSector }.count)
    }
}
