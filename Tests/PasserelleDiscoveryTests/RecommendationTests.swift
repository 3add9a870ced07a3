import Foundation
import PasserelleDiscovery
import Testing

@Suite("Recommendation: recency, item-to-item, exposure-aware assignment")
struct RecommendationTests {
    // MARK: RecentHistory

    @Test func newestEngagementWeighsMostAndEachOlderOneDecays() {
        let history = RecentHistory.weighted([(item: 7, time: 100), (item: 3, time: 300), (item: 5, time: 200)], decay: 0.5)
        #expect(history.map(\.item) == [3, 5, 7])
        #expect(history.map(\.weight) == [1, 0.5, 0.25])
    }

    @Test func simultaneousEngagementsGetAFixedOrder() {
        let a = RecentHistory.weighted([(item: 1, time: 10), (item: 2, time: 10)], decay: 0.5)
        let b = RecentHistory.weighted([(item: 2, time: 10), (item: 1, time: 10)], decay: 0.5)
        #expect(a.map(\.weight) == b.map(\.weight))
        #expect(a.map(\.weight) == [0.5, 1])  // the higher index counts as the newer one
    }

    // MARK: ItemNeighbours shrinkage

    /// Items 0 and 1 always go together (two users); 2 and 3 go together for ten users. Without shrinkage both pairs
    /// are perfect cosines; shrinkage trusts the pair seen ten times more.
    @Test func shrinkageDiscountsRarelySeenPairs() {
        var triples: [(user: Int, item: Int, weight: Float)] = []
        for user in 0..<2 { triples += [(user, 0, 1), (user, 1, 1)] }
        for user in 2..<12 { triples += [(user, 2, 1), (user, 3, 1)] }
        let interactions = Interactions(userCount: 12, itemCount: 4, triples: triples)
        let plain = ItemNeighbours(interactions, parameters: .init(alpha: 0.5, minimumCooccurrence: 1, shrinkage: 0))
        #expect(abs((plain.neighbours[0].first?.similarity ?? 0) - 1) < 1e-6)
        #expect(abs((plain.neighbours[2].first?.similarity ?? 0) - 1) < 1e-6)
        let shrunk = ItemNeighbours(interactions, parameters: .init(alpha: 0.5, minimumCooccurrence: 1, shrinkage: 10))
        let rare = shrunk.neighbours[0].first?.similarity ?? 0, frequent = shrunk.neighbours[2].first?.similarity ?? 0
        #expect(abs(rare - 2 / 12) < 1e-6)
        #expect(abs(frequent - 10 / 20) < 1e-6)
    }

    // MARK: ExposureAwareAssignment

    /// Three users who all rank item 0 first, then 1, 2, 3.
    private let sameTaste: [[(item: Int, score: Float)]] = (0..<3).map { _ in [(0, 1.0), (1, 0.9), (2, 0.8), (3, 0.7)] }

    @Test func withoutAPriceEveryoneGetsTheirOwnTopList() {
        let lists = ExposureAwareAssignment(penalty: 0).assign(sameTaste, length: 2, itemCount: 4)
        #expect(lists == [[0, 1], [0, 1], [0, 1]])
    }

    /// With a price, the first user of round one takes item 0 (exposure 1); for the next users, 0 is worth
    /// 1 − 0.5 · 1 = 0.5 < 0.9, so they take 1, then 2 once 1 is priced too — exposure spreads across users.
    @Test func aPriceOnExposureSpreadsTheHeadAcrossUsers() {
        let lists = ExposureAwareAssignment(penalty: 0.5).assign(sameTaste, length: 1, itemCount: 4)
        #expect(lists == [[0], [1], [2]])
    }

    @Test func everyListIsFullAndHasNoRepeats() {
        let lists = ExposureAwareAssignment(penalty: 0.5, exponent: 0.5).assign(sameTaste, length: 4, itemCount: 4)
        for list in lists {
            #expect(list.count == 4)
            #expect(Set(list).count == 4)
        }
        // The exposure each item received is nearly equal: the price made them take turns at the top.
        #expect(Set(lists.map { $0[0] }).count == 3)
    }

    @Test func listsEndWhenCandidatesRunOut() {
        let lists = ExposureAwareAssignment(penalty: 0.3).assign([[(5, 1)], []], length: 3, itemCount: 6)
        #expect(lists == [[5], []])
    }

    /// Item 3 (the only "protected" one) is the worst-scored; a one-half share forces it into position 2 of every
    /// list, even though the price would not have brought it up.
    @Test func prefixGuaranteesHoldInEveryList() {
        let guarantee = ExposureReranker.Guarantee(name: "protected", members: [3], minimumShare: 0.5)
        let lists = ExposureAwareAssignment(penalty: 0.1, guarantees: [guarantee]).assign(sameTaste, length: 2, itemCount: 4)
        for list in lists {
            #expect(list.count == 2)
            #expect(list.contains(3))
            #expect(list.firstIndex(of: 3) == 1)
        }
    }

    @Test func outputIsDeterministicAndIndependentOfCandidateOrder() {
        let shuffled = sameTaste.map { Array($0.reversed()) }
        let a = ExposureAwareAssignment(penalty: 0.4, exponent: 0.5).assign(sameTaste, length: 3, itemCount: 4)
        let b = ExposureAwareAssignment(penalty: 0.4, exponent: 0.5).assign(shuffled, length: 3, itemCount: 4)
        #expect(a == b)
        // Ties in value go to the better-scored candidate, then the lower index.
        let tied = ExposureAwareAssignment(penalty: 0).assign([[(9, 1), (4, 1)]], length: 2, itemCount: 10)
        #expect(tied == [[4, 9]])
    }

    /// The rounds start at a different user each time, so the first user is not always the one who gets the head.
    @Test func roundsRotateWhoPicksFirst() {
        let users: [[(item: Int, score: Float)]] = (0..<2).map { _ in [(0, 1.0), (1, 0.95), (2, 0.1), (3, 0.05)] }
        let lists = ExposureAwareAssignment(penalty: 0.5).assign(users, length: 2, itemCount: 4)
        // Round 1: user 0 takes 0, user 1 takes 1 (0 costs 0.5). Round 2 starts with user 1, who now takes 0
        // (1 − 0.5 · 1 = 0.5 beats 0.1 − 0 for item 2), then user 0 takes 1 (0.95 − 0.5 = 0.45 > 0.1).
        #expect(lists == [[0, 1], [1, 0]])
    }
}
