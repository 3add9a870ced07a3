import Foundation
import PasserelleCore
@testable import PasserelleDiscovery
import Testing

/// "For you": the guarantees hold at every prefix, every reason is a fact about the offer and the visitor, the
/// list is deterministic, the visitor's variety setting widens it, and the collaborative model explains itself.
@Suite("For you: ranking, reasons, guarantees")
struct ForYouTests {
    static let institution = InstitutionID(trusted: "inst")

    static func venue(_ id: String, departement: String, region: String) -> Venue {
        Venue(id: VenueID(trusted: id), institutionID: institution, name: "Lieu \(id)", kind: .theatre, departementCode: departement, regionCode: region)
    }

    static func candidate(
        _ id: String, category: String, at venue: Venue?, traits: VenueTraits? = nil, origin: String? = nil, work: String? = nil
    ) -> ForYouCandidate {
        let workRecord = (work ?? origin.map { _ in "work-\(id)" }).map {
            Work(id: WorkID(trusted: $0), institutionID: institution, title: LocalizedText(french: $0), categoryID: CategoryID(trusted: category), countryOfOrigin: origin)
        }
        let offer = Offer(
            id: OfferID(trusted: id), institutionID: institution, workID: workRecord?.id, venueID: venue?.id, title: LocalizedText(french: id),
            categoryID: CategoryID(trusted: category), access: venue == nil ? .online : .onSite,
            onlineURL: venue == nil ? URL(string: "https://example.org/\(id)") : nil)
        return ForYouCandidate(offer: offer, venue: venue, work: workRecord, traits: traits)
    }

    /// 60 candidates in two départements: mostly big urban theatres, a few small venues, rural ones and European works.
    static func pool() -> [ForYouCandidate] {
        let paris = venue("paris", departement: "75", region: "11")
        let lyon = venue("lyon", departement: "69", region: "84")
        var pool: [ForYouCandidate] = []
        for index in 0..<40 {
            pool.append(candidate(String(format: "theatre-%02d", index), category: "live-performance.theatre", at: index % 2 == 0 ? paris : lyon,
                                  traits: VenueTraits(annualAttendance: 500_000, communePopulation: 2_000_000)))
        }
        for index in 0..<6 {
            pool.append(candidate("small-\(index)", category: "heritage.museum-visit", at: venue("small-\(index)", departement: "75", region: "11"),
                                  traits: VenueTraits(annualAttendance: 3_000 + index, communePopulation: 2_000_000)))
            pool.append(candidate("rural-\(index)", category: "cinema.screening", at: venue("rural-\(index)", departement: "23", region: "75"),
                                  traits: VenueTraits(communePopulation: 400 + index)))
            pool.append(candidate("film-\(index)", category: "cinema.screening", at: lyon, origin: index % 2 == 0 ? "DE" : "FR"))
        }
        for index in 0..<2 { pool.append(candidate("film-us-\(index)", category: "cinema.screening", at: lyon, origin: "US")) }
        return pool
    }

    static let context = ForYouContext(profile: VisitorProfile(interests: [CategoryID(trusted: "live-performance.theatre")], departementCode: "75"))

    @Test("every prefix holds ⌊share · k⌋ members of each group, and each placed member says why it is there")
    func prefixGuarantees() {
        let ranking = ForYouRanking()
        let items = ranking.rank(Self.pool(), context: Self.context, length: 15)
        #expect(items.count == 15)
        for length in 1...items.count {
            for group in FairExposureGroup.allCases {
                let members = items.prefix(length).filter { $0.groups.contains(group) }.count
                #expect(members >= Int((group.minimumShare * Double(length)).rounded(.down)), "group \(group) at prefix \(length)")
            }
        }
        for item in items {
            if case .fairShare(let group) = item.reason { #expect(item.groups.contains(group), "a fair-share reason names a group the offer is in") }
        }
        // Without the guarantees, the same relevance fills the list with theatres of the visitor's interest.
        let plain = ForYouRanking(guaranteed: []).rank(Self.pool(), context: Self.context, length: 15)
        #expect(plain.filter { $0.groups.contains(.ruralCommune) }.count < items.filter { $0.groups.contains(.ruralCommune) }.count)
    }

    @Test("reasons are facts: the interest is the offer's category, near you is the visitor's département")
    func truthfulReasons() {
        for item in ForYouRanking().rank(Self.pool(), context: Self.context, length: 20) {
            switch item.reason {
            case .yourInterest(let category):
                #expect(category == item.offer.categoryID || category == Taxonomy.category(item.offer.categoryID)?.parentID)
                #expect(Self.context.profile.interests.contains(category), "only a stated interest is called one")
            case .likeYourFavourites: Issue.record("the context has no history")
            case .nearYou(let departement):
                #expect(departement == "75" && item.venue?.departementCode == "75")
            case .fairShare(let group): #expect(item.groups.contains(group))
            case .becauseYouLiked: Issue.record("no model score was given")
            case .widening, .firstPick: break
            }
        }
    }

    @Test("deterministic: the candidates' order does not matter; one offer per work; the history is left out")
    func deterministic() {
        let pool = Self.pool()
        var context = Self.context
        context.history = [(pool[0].offer, pool[0].venue)]
        let first = ForYouRanking().rank(pool, context: context, length: 20).map(\.offer.id)
        let shuffled = ForYouRanking().rank(pool.reversed(), context: context, length: 20).map(\.offer.id)
        #expect(first == shuffled)
        #expect(!first.contains(pool[0].offer.id))
        let sameWork = [Self.candidate("a", category: "cinema.screening", at: nil, work: "w"), Self.candidate("b", category: "cinema.screening", at: nil, work: "w")]
        #expect(ForYouRanking().rank(sameWork, context: context, length: 5).count == 1)
    }

    @Test("more variety lists more categories and places than more of the same")
    func varietySetting() {
        func spread(_ variety: Variety) -> Int {
            var context = Self.context
            context.profile.variety = variety
            let items = ForYouRanking(guaranteed: []).rank(Self.pool(), context: context, length: 10)
            return Set(items.map { "\($0.offer.categoryID.rawValue)|\($0.venue?.id.rawValue ?? "")" }).count
        }
        #expect(spread(.wider) > spread(.same))
    }

    @Test("a category only from the favourites is named as such, not as a stated interest")
    func favouritesReason() {
        let pool = Self.pool()
        let kept = pool.first { $0.offer.id.rawValue == "film-0" }!
        let context = ForYouContext(profile: VisitorProfile(), history: [(kept.offer, kept.venue)])
        let items = ForYouRanking(guaranteed: []).rank(pool, context: context, length: 5)
        #expect(items.contains { $0.reason == .likeYourFavourites(CategoryID(trusted: "cinema.screening")) })
        #expect(!items.contains { if case .yourInterest = $0.reason { true } else { false } })
    }

    @Test("more variety brings another domain of the visitor's département before more of a chosen category")
    func widerBringsOtherDomains() {
        // A cinema-lover in the Paris département: ten cinemas, and one theatre and one museum there.
        let paris = Self.venue("p", departement: "75", region: "11")
        var pool = (0..<10).map { Self.candidate("cinema-\($0)", category: "cinema.screening", at: Self.venue("c\($0)", departement: "75", region: "11")) }
        pool.append(Self.candidate("theatre", category: "live-performance.theatre", at: paris))
        pool.append(Self.candidate("museum", category: "heritage.museum-visit", at: Self.venue("m", departement: "75", region: "11")))
        func domains(_ variety: Variety) -> Int {
            let context = ForYouContext(profile: VisitorProfile(interests: [CategoryID(trusted: "cinema")], departementCode: "75", variety: variety))
            return Set(ForYouRanking(guaranteed: []).rank(pool, context: context, length: 5).map { Taxonomy.category($0.offer.categoryID)?.parentID }).count
        }
        #expect(domains(.same) == 1)
        #expect(domains(.wider) == 3)
    }

    @Test("the model's neighbour of a favourite comes with it named: because you liked …")
    func neighbourModel() {
        let liked = OfferID(trusted: "liked"), companion = OfferID(trusted: "companion"), stranger = OfferID(trusted: "stranger")
        var signals: [TrainingSignal] = []
        for visitor in 0..<20 {
            signals.append(TrainingSignal(visitor: visitor, offerID: liked, weight: 3))
            if visitor < 15 { signals.append(TrainingSignal(visitor: visitor, offerID: companion, weight: 1)) }
        }
        signals.append(TrainingSignal(visitor: 30, offerID: stranger, weight: 1))
        let model = NeighbourModel(signals: signals)
        let scores = model.scores(history: [(liked, 3)], limit: 5)
        #expect(scores.map(\.offerID) == [companion])
        #expect(scores.first?.because == liked)
        #expect(model.scores(history: [(OfferID(trusted: "unknown"), 1)], limit: 5).isEmpty)

        var pool = Self.pool()
        var fromModel = Self.candidate("companion", category: "music.concert", at: nil)
        fromModel.neighbourScore = (1, liked)
        pool.append(fromModel)
        let items = ForYouRanking().rank(pool, context: ForYouContext(profile: VisitorProfile()), length: 5)
        #expect(items.first?.offer.id == companion)
        #expect(items.first?.reason == .becauseYouLiked(liked))
    }

    @Test("candidate searches: every sector for a newcomer; the seeds, the place and two other sectors otherwise")
    func candidateSearches() {
        let newcomer = ForYouService.searches(ForYouContext(profile: VisitorProfile()), now: Date())
        #expect(newcomer.count == Taxonomy.sectors.count)
        let now = Date()
        let searches = ForYouService.searches(Self.context, now: now)
        // theatre in 75, theatre nationwide, 75 alone, two other sectors each in 75 and in one région.
        #expect(searches.count == 7)
        #expect(searches[0].filters.departementCode == "75")
        #expect(searches[3...].allSatisfy { !$0.filters.categoryIDs.contains(CategoryID(trusted: "live-performance.theatre")) })
        #expect(searches[3].filters.departementCode == "75" && searches[4].filters.regionCode != nil)
        // The widening is the same for one visitor on one day, and differs from one visitor to the next.
        func widening(_ seed: UInt64) -> [String] {
            ForYouService.searches(Self.context, now: now, seed: seed)[3...].map { "\($0.filters.categoryIDs.sorted { $0.rawValue < $1.rawValue }.first?.rawValue ?? "")@\($0.filters.regionCode ?? "-")" }
        }
        #expect(widening(42) == widening(42))
        let seeds = (0..<20).map { UInt64($0) &* 0x9E37_79B9_7F4A_7C15 }
        #expect(Set(seeds.map(widening)).count >= 10, "twenty visitors get at least ten different widenings")
        #expect(Set(seeds.map { ForYouService.rotatingStart(now, .smallVenue, seed: $0) }).count >= 10)
    }

    @Test("history: favourites weigh 3, the newest 20 views 1, one entry per offer")
    func history() {
        let now = Date()
        var signals = (0..<30).map { VisitorSignal(offerID: OfferID(trusted: "v\($0)"), kind: .view, at: now.addingTimeInterval(-Double($0))) }
        signals.insert(VisitorSignal(offerID: OfferID(trusted: "v0"), kind: .favourite, at: now), at: 0)
        let history = ForYouService.history(signals)
        #expect(history.count == 20)
        #expect(history.first?.offerID.rawValue == "v0" && history.first?.weight == 3)
    }

    @Test("visitor ids and profiles are validated")
    func validation() {
        #expect(VisitorID(VisitorID.random().rawValue) != nil)
        #expect(VisitorID("not-hex") == nil)
        #expect(VisitorID(String(repeating: "A", count: 32)) == nil, "upper case is not what we issue")
        #expect(VisitorProfile(interests: [CategoryID(trusted: "nope")]).validationIssues().map(\.code) == ["unknown-category"])
        #expect(VisitorProfile(departementCode: "999").validationIssues().map(\.code) == ["unknown-departement"])
        #expect(VisitorProfile(interests: [CategoryID(trusted: "music")], departementCode: "2A").validationIssues().isEmpty)
    }
}
