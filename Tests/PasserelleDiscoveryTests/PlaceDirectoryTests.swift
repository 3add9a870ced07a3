import PasserelleCore
import PasserelleDiscovery
import Testing

@Suite("Place directory: a typed town or postcode to a point")
struct PlaceDirectoryTests {
    static func venue(_ city: String, _ postalCode: String?, _ departement: String?, _ latitude: Double, _ longitude: Double) -> VenuePlace {
        VenuePlace(city: city, postalCode: postalCode, departementCode: departement, point: GeoPoint(latitude: latitude, longitude: longitude))
    }

    static let directory = PlaceDirectory([
        venue("Saint-Étienne", "42000", "42", 45.43, 4.39),
        venue("SAINT-ETIENNE", "42100", "42", 45.45, 4.41),
        venue("Saint-Étienne", "42000", "42", 45.44, 4.40),
        venue("Saint-Denis", "93200", "93", 48.93, 2.36),
        venue("Saint-Denis", "93200", "93", 48.94, 2.35),
        venue("Saint-Denis", "97400", "974", -20.88, 55.45),
        venue("Lyon", "69001", "69", 45.76, 4.83),
        venue(" ", nil, "69", 45.0, 4.0),
        venue("Paris", "75001", "75", 48.86, 2.34),
        venue("Paris 15e Arrondissement", "75015", "75", 48.84, 2.30),
        venue("PARIS 1er arrondissement", "75001", "75", 48.86, 2.34),
    ])

    @Test("a name is matched folded, and the centre is the mean of its venues")
    func folded() throws {
        for typed in ["saint etienne", "Saint-Étienne", "SAINT-ETIENNE", "  saint   étienne "] {
            let place = try #require(Self.directory.lookup(typed).first, "\(typed)")
            #expect(place.name == "Saint-Étienne", "the spelling most venues use")
            #expect(place.venues == 3)
            #expect(abs(place.centre.latitude - 45.44) < 1e-9 && abs(place.centre.longitude - 4.40) < 1e-9)
        }
    }

    @Test("a postcode finds its town; an unknown one, a blank and an unknown name find nothing")
    func postcodes() {
        #expect(Self.directory.lookup("42100").map(\.name) == ["Saint-Étienne"])
        #expect(Self.directory.lookup("69001").map(\.name) == ["Lyon"])
        #expect(Self.directory.lookup("13001").isEmpty)
        #expect(Self.directory.lookup("").isEmpty)
        #expect(Self.directory.lookup("   ").isEmpty)
        #expect(Self.directory.lookup("Atlantis").isEmpty)
        #expect(Self.directory.lookup("Lyo").isEmpty, "no guess from a fragment: a wrong town would mislead")
    }

    @Test("a town's arrondissements count as the town, and each is found by its own name")
    func arrondissements() throws {
        let paris = try #require(Self.directory.lookup("Paris").first)
        #expect(paris.name == "Paris" && paris.venues == 3)
        #expect(Self.directory.lookup("paris 15e arrondissement").map(\.venues) == [1])
        #expect(Self.directory.lookup("75015").map(\.name) == ["Paris 15e Arrondissement"], "a postcode answers with its arrondissement")
    }

    @Test("homonyms: the town with most venues first, a département code after the name chooses")
    func homonyms() {
        #expect(Self.directory.lookup("Saint-Denis").map(\.departementCode) == ["93", "974"])
        #expect(Self.directory.lookup("Saint-Denis 974").map(\.departementCode) == ["974"])
        #expect(Self.directory.lookup("saint denis (974)").map(\.departementCode) == ["974"])
        #expect(Self.directory.lookup("Saint-Denis 75").map(\.departementCode) == ["93", "974"], "no Saint-Denis in Paris: every homonym")
    }
}
