import Foundation
import PasserelleCore
import Testing
@testable import PasserelleConnectors

/// What must hold for every entity built from the real files: links, unique ids, validity, taxonomy.
@Suite("Real data: integrity", .enabled(if: RealData.isPresent, RealData.skipMessage))
struct RealDataIntegrityTests {
    @Test func worksLinkToLoadedMuseumInstitutions() throws {
        let catalogue = try RealData.catalogue.get()
        let institutions = Set(catalogue.institutions.map(\.id))
        #expect(!catalogue.works.isEmpty)
        for work in catalogue.works {
            #expect(institutions.contains(work.institutionID), "\(work.id) → \(work.institutionID)")
            #expect(work.institutionID.rawValue == "museofile-" + (work.identifiers.museofile ?? "?"))
            #expect(work.categoryID.rawValue == "heritage.collection-object")
        }
        #expect(Set(catalogue.works.map(\.institutionID)).count == 123)
    }

    @Test func idsAreUniqueAcrossTheWholeCatalogue() throws {
        let catalogue = try RealData.catalogue.get()
        let ids = catalogue.institutions.map(\.id.rawValue) + catalogue.venues.map(\.id.rawValue)
            + catalogue.works.map(\.id.rawValue) + catalogue.offers.map(\.id.rawValue) + catalogue.stocks.map(\.id.rawValue)
        let repeated = Dictionary(grouping: ids, by: { $0 }).filter { $0.value.count > 1 }.keys.sorted()
        #expect(repeated.isEmpty, "repeated ids: \(repeated.prefix(10))")
        #expect(ids.allSatisfy { Identifier<Offer>.isValid($0) })
    }

    @Test func everyEntityPassesCoreValidation() throws {
        let catalogue = try RealData.catalogue.get()
        let failures = catalogue.institutions.filter { !$0.validationIssues().isEmpty }.map(\.id.rawValue)
            + catalogue.venues.filter { !$0.validationIssues().isEmpty }.map(\.id.rawValue)
            + catalogue.works.filter { !$0.validationIssues().isEmpty }.map(\.id.rawValue)
            + catalogue.offers.filter { !$0.validationIssues().isEmpty }.map(\.id.rawValue)
        #expect(failures.isEmpty, "invalid: \(failures.prefix(10))")
    }

    @Test func everyReferenceAndCategoryResolves() throws {
        let catalogue = try RealData.catalogue.get()
        let institutions = Set(catalogue.institutions.map(\.id))
        let venues = Set(catalogue.venues.map(\.id))
        for offer in catalogue.offers {
            #expect(Taxonomy.category(offer.categoryID) != nil, "\(offer.id): \(offer.categoryID)")
            #expect(institutions.contains(offer.institutionID))
            if let venueID = offer.venueID { #expect(venues.contains(venueID)) }
        }
        for venue in catalogue.venues { #expect(institutions.contains(venue.institutionID)) }
        let festivalCategories = Set(catalogue.offers.filter { $0.id.rawValue.hasPrefix("festival-") }.map(\.categoryID.rawValue))
        #expect(festivalCategories == [
            "music.festival", "live-performance.festival", "books.festival", "cinema.festival",
            "festivals.multidisciplinary", "visual-arts",
        ])
    }

    @Test func specificRecordsAreMappedAsTheSourceSays() throws {
        let catalogue = try RealData.catalogue.get()
        let lyon = try #require(catalogue.venues.first { $0.id.rawValue == "museofile-M1128-site" })
        #expect(lyon.kind == .museum)
        #expect(lyon.departementCode == "69")
        #expect(lyon.regionCode == "84")
        #expect(lyon.address?.postalCode == "69009")
        #expect(lyon.website?.absoluteString == "https://museepompiers.com/")
        // "Réunion" (no article) in the file still maps to 974; "DROM" is not a région, the département's is used.
        let reunion = try #require(catalogue.venues.first { $0.id.rawValue == "museofile-M7014-site" })
        #expect(reunion.departementCode == "974")
        #expect(reunion.regionCode == "04")
        // A library of the Muséofile base, and a CEDEX postal code cut to its five digits.
        #expect(catalogue.venues.first { $0.id.rawValue == "museofile-B9001-site" }?.kind == .library)
        #expect(catalogue.venues.first { $0.id.rawValue == "museofile-M0592-site" }?.address?.postalCode == "81003")
        // Leading slash before "www" repaired.
        #expect(catalogue.institutions.first { $0.id.rawValue == "museofile-M0239" }?.website?.absoluteString == "https://www.lecompa.fr/")

        let festival = try #require(catalogue.venues.first { $0.id.rawValue == "festival-FEST_81222_5299" })
        #expect(festival.communeCode == "81222")
        #expect(festival.departementCode == "81")
        #expect(festival.regionCode == "76")
        #expect(festival.coordinates == GeoPoint(latitude: 43.7799765873, longitude: 2.19017910647))
        // Line 4375 has a stray space inside its id ("FEST_ 54431_5133").
        #expect(catalogue.venues.contains { $0.id.rawValue == "festival-FEST_54431_5133" })

        let cinema = try #require(catalogue.venues.first { $0.id.rawValue == "cnc-75108-ugc-normandie" })
        #expect(cinema.kind == .cinema)
        #expect(cinema.communeCode == "75108")
        #expect(cinema.departementCode == "75")

        let online = try #require(catalogue.offers.first { $0.id.rawValue == "ccn-859" })
        #expect(online.access == .online)
        #expect(online.onlineURL?.absoluteString == "https://bibliotheque-numerique.inha.fr/")
        #expect(online.categoryID.rawValue == "heritage.online-collection")
        #expect(online.title[.fr] == "Bibliothèque numérique")

        let uniform = try #require(catalogue.works.first { $0.identifiers.external["inventaire"] == "OA 10426" })
        #expect(uniform.institutionID.rawValue == "museofile-M0324")
        #expect(uniform.title[.fr] == "Uniforme de Napoléon")
        #expect(uniform.provenance.license == "Licence Ouverte 2.0")
    }

    @Test func loadingTwiceGivesTheSameCatalogue() throws {
        let first = try RealData.catalogue.get()
        let second = try DemoDataLoader.load(realdataRoot: RealData.root)
        #expect(first.offers.map(\.id) == second.offers.map(\.id))
        #expect(first == second)
    }
}
