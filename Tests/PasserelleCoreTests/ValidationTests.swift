import PasserelleCore
import Foundation
import Testing

@Suite struct ValidationTests {
    let owner = InstitutionID(trusted: "inst-a")
    let theatre = CategoryID(trusted: "live-performance.theatre")

    func fields(_ issues: [FieldIssue]) -> Set<String> { Set(issues.map(\.field)) }

    @Test func aValidOnSiteOfferHasNoIssues() {
        let offer = Offer(
            institutionID: owner, venueID: VenueID(trusted: "v1"), title: "Cyrano", categoryID: theatre, access: .onSite,
            price: PriceRange(minCents: 1000, maxCents: 2500), startsAt: Date(timeIntervalSince1970: 0),
            endsAt: Date(timeIntervalSince1970: 3600), languages: ["fr"]
        )
        #expect(offer.validationIssues().isEmpty)
    }

    @Test func offerIssuesNameEveryFaultyField() {
        let offer = Offer(
            institutionID: owner, title: LocalizedText([.en: "English only"]), categoryID: CategoryID(trusted: "nope"),
            access: .hybrid, onlineURL: URL(string: "ftp://example.org/x"), price: PriceRange(minCents: 500, maxCents: 100),
            startsAt: Date(timeIntervalSince1970: 100), endsAt: Date(timeIntervalSince1970: 0), languages: ["FR"]
        )
        let issues = offer.validationIssues()
        #expect(fields(issues) == ["title/fr", "categoryID", "venueID", "onlineURL", "price", "endsAt", "languages/0"])
        #expect(issues.first { $0.field == "onlineURL" }?.code == "invalid-url")
    }

    @Test func anOnlineOfferNeedsAURLButNoVenue() {
        let cat = CategoryID(trusted: "media.podcast")
        let missing = Offer(institutionID: owner, title: "Podcast", categoryID: cat, access: .online)
        #expect(fields(missing.validationIssues()) == ["onlineURL"])
        let ok = Offer(institutionID: owner, title: "Podcast", categoryID: cat, access: .online, onlineURL: URL(string: "https://radiofrance.fr/p"))
        #expect(ok.validationIssues().isEmpty)
    }

    @Test func priceLimitsAreExplicit() {
        let offer = Offer(
            institutionID: owner, venueID: VenueID(trusted: "v"), title: "x", categoryID: theatre, access: .onSite,
            price: PriceRange(minCents: -1, maxCents: PriceRange.maximumCents + 1)
        )
        #expect(fields(offer.validationIssues()) == ["price/minCents", "price/maxCents"])
    }

    @Test func venueTerritoryIsDerivedThenChecked() {
        var venue = Venue(institutionID: owner, name: "Musée", kind: .museum, communeCode: "2A004")
        venue.deriveTerritory()
        #expect(venue.departementCode == "2A")
        #expect(venue.regionCode == "94")
        #expect(venue.validationIssues().isEmpty)

        let mismatch = Venue(institutionID: owner, name: "X", kind: .museum, communeCode: "75056", departementCode: "13", regionCode: "11")
        let issues = mismatch.validationIssues()
        #expect(issues.map(\.code).sorted() == ["territory-mismatch", "territory-mismatch"])
    }

    @Test func venueRejectsBadCoordinatesCodesAndBlankName() {
        let venue = Venue(
            institutionID: owner, name: "  ", kind: .cinema, address: Address(postalCode: "7500", city: "Paris"),
            communeCode: "ABCDE", departementCode: "99", regionCode: "42", coordinates: GeoPoint(latitude: 91, longitude: .nan)
        )
        #expect(fields(venue.validationIssues()) == [
            "name", "address/postalCode", "communeCode", "departementCode", "regionCode", "coordinates/latitude", "coordinates/longitude",
        ])
    }

    @Test func workIdentifiersAreChecked() {
        let work = Work(
            institutionID: owner, title: "Robe", categoryID: CategoryID(trusted: "heritage.collection-object"), countryOfOrigin: "fr",
            identifiers: WorkIdentifiers(isbn: "123", museofile: "M01234", merimee: "PA00088823")
        )
        #expect(fields(work.validationIssues()) == ["countryOfOrigin", "identifiers/isbn", "identifiers/museofile"])
    }

    @Test func stockAndInstitutionRules() {
        let stock = Stock(offerID: OfferID(trusted: "o"), beginsAt: Date(timeIntervalSince1970: 0), quantity: -1, priceCents: -5, bookingLimit: Date(timeIntervalSince1970: 10))
        #expect(fields(stock.validationIssues()) == ["priceCents", "quantity", "bookingLimit"])
        #expect(fields(Institution(name: "Opéra", siren: "123").validationIssues()) == ["siren"])
        #expect(Institution(name: "Opéra", siren: "732829320").validationIssues().isEmpty)
    }

    @Test func tooLongTextsAreRefusedNotTruncated() {
        let venue = Venue(institutionID: owner, name: String(repeating: "a", count: 301), kind: .other)
        #expect(venue.validationIssues().map(\.code) == ["too-long"])
    }

    @Test func pageRequestBoundsAreErrorsNotClamps() throws {
        #expect(throws: CoreError.self) { try PageRequest(page: 1, size: 101) }
        #expect(throws: CoreError.self) { try PageRequest(page: 0, size: 10) }
        let page = try PageRequest(page: 3, size: 20)
        #expect(page.offset == 40)
        let result = Page(items: [1, 2], total: 41, request: page)
        #expect(result.pageCount == 3)
        #expect(!result.hasNext)
    }
}
