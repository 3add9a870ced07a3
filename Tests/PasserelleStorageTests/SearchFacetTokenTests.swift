@testable import PasserelleStorage
import PasserelleCore
import PasserelleDiscovery
import Testing

/// The facet tokens: which filters become tokens, and that the SQLite candidate statement carries them.
@Suite("Search facet tokens")
struct SearchFacetTokenTests {
    @Test("territory and free become one quoted conjunction; other filters none")
    func clause() {
        var request = SearchRequest(text: "musee")
        #expect(SearchFacetTokens.clause(request) == nil)
        request.filters.access = .online
        request.maximumPriceCents = 500
        #expect(SearchFacetTokens.clause(request) == nil, "ranges and the access OR stay SQL conditions")
        request.filters.regionCode = "94"
        request.filters.departementCode = "2A"
        request.filters.communeCode = "2A004"
        request.freeOnly = true
        #expect(SearchFacetTokens.clause(request) == #"{facet_text} : ("r94" AND "d2a" AND "m2a004" AND "pfree")"#)
        request.filters.regionCode = #"84" OR "x"#
        #expect(SearchFacetTokens.clause(request)?.hasPrefix(#"{facet_text} : ("r84orx" AND"#) == true, "quotes never reach FTS5")
    }

    @Test("each tier's full-text expression: the words in its text columns only, and the facets")
    func expression() {
        var request = SearchRequest(text: "musee")
        request.filters.departementCode = "75"
        let terms = QueryTerms("musee")
        #expect(CandidateQueries.ftsMatch(request, terms, tier: .anywhere)
                == #"{title_text work_text place_text description_text} : (("musee"*)) AND {facet_text} : ("d75")"#)
        #expect(CandidateQueries.ftsMatch(request, terms, tier: .title) == #"{title_text} : (("musee"*)) AND {facet_text} : ("d75")"#)
    }
}
