import PasserelleCore
import Testing

@Suite struct GeographyTests {
    @Test func nomenclatureSizes() {
        #expect(Region.all.count == 18)
        #expect(Departement.all.filter { $0.regionCode != nil }.count == 101)
        for departement in Departement.all {
            if let region = departement.regionCode { #expect(Region.code(region) != nil, "\(departement.id)") }
        }
    }

    @Test func communeAndPostalCodesGiveTheirDepartement() {
        #expect(Departement.of(communeCode: "75056")?.id == "75")
        #expect(Departement.of(communeCode: "2A004")?.id == "2A")
        #expect(Departement.of(communeCode: "97411")?.id == "974")
        #expect(Departement.of(communeCode: "97411")?.region?.name == "La Réunion")
        #expect(Departement.of(postalCode: "20000") == nil)
        #expect(Departement.of(postalCode: "81120")?.id == "81")
    }

    @Test func namesMatchWhateverTheAccentsAndHyphens() {
        #expect(Departement.named("Cote d'Or")?.id == "21")
        #expect(Departement.named("SEINE SAINT DENIS")?.id == "93")
        #expect(Departement.named("Val-d’Oise")?.id == "95")
        #expect(Region.named("Ile-de-France")?.id == "11")
        #expect(Region.named("Provence-Alpes-Côte d’Azur")?.id == "93")
        #expect(Region.named("Atlantis") == nil)
    }
}

@Suite struct GeographyAliasTests {
    @Test func commonShortNamesAreKnown() {
        #expect(Departement.named("Réunion")?.id == "974")
        #expect(Departement.named("Métropole de Lyon")?.id == "69")
        #expect(Region.named("Réunion")?.id == "04")
    }
}
