import PasserelleCore
import Testing

@Suite struct TaxonomyTests {
    @Test func everyCategoryIsLabelledInTheSixLanguages() {
        for category in Taxonomy.all {
            for language in Language.allCases {
                let label = category.labels[language]
                #expect(label != nil && !label!.isEmpty, "\(category.id) has no \(language) label")
            }
        }
    }

    @Test func idsAreUniqueAndChildrenPointToAnExistingSector() {
        #expect(Set(Taxonomy.all.map(\.id)).count == Taxonomy.all.count)
        for category in Taxonomy.all where !category.isSector {
            let parent = category.parentID
            #expect(parent.flatMap(Taxonomy.category)?.isSector == true, "\(category.id) has no sector")
            #expect(category.id.rawValue.hasPrefix("\(parent?.rawValue ?? "-").") == true)
        }
    }

    /// The report asks for one catalogue across every cultural sector.
    @Test func coversEverySectorTheReportNames() {
        let sectors = Set(Taxonomy.sectors.map(\.id.rawValue))
        for required in ["live-performance", "music", "cinema", "books", "heritage", "visual-arts", "practices", "digital", "media"] {
            #expect(sectors.contains(required), "missing sector \(required)")
        }
        for sector in Taxonomy.sectors {
            #expect(!Taxonomy.children(of: sector.id).isEmpty, "\(sector.id) has no categories")
        }
    }

    @Test func expandingASectorBringsItsCategoriesAndALeafOnlyItself() throws {
        let music = try #require(CategoryID("music"))
        let expanded = Taxonomy.expand(music)
        #expect(expanded.first == music)
        let concert = try #require(CategoryID("music.concert"))
        #expect(expanded.contains(concert))
        #expect(Taxonomy.expand(concert) == [concert])
        #expect(Taxonomy.expand(CategoryID(trusted: "no-such")).isEmpty)
    }

    @Test func labelsAreLocalised() throws {
        let theatreID = try #require(CategoryID("live-performance.theatre"))
        let theatre = try #require(Taxonomy.category(theatreID))
        #expect(theatre.label(in: .fr) == "Théâtre")
        #expect(theatre.label(in: .pl) == "Teatr")
    }
}
