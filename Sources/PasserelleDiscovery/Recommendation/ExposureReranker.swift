/// The re-ranking that guarantees exposure and widens the mix, applied to a relevance-ordered candidate list:
///
/// 1. **Prefix guarantees** (after FA*IR, Zehlike et al. 2017, in its simple form without the binomial test): for
///    every protected group g with a minimum share p_g, every prefix of length k of the list holds at least
///    ⌊p_g · k⌋ members of g, as long as the candidates hold enough of them. When the groups' coming deadlines
///    leave no slack, the next position goes to the best remaining member of the group due first (`owedGroup`).
/// 2. **MMR** (Carbonell & Goldstein 1998) everywhere else: the next item maximises
///    λ · relevance − (1 − λ) · max similarity to the items already chosen, where relevance is the model's score
///    divided by the best candidate's, and similarity is the Jaccard overlap of the items' facets (genres,
///    categories). λ = 1 is pure relevance ("more of the same"); a lower λ asks for more variety.
///
/// Greedy and deterministic: ties go to the lower item index.
public struct ExposureReranker: Sendable {
    /// A protected group and its minimum share of every prefix.
    public struct Guarantee: Sendable, Hashable {
        public let name: String
        public let members: Set<Int>
        public let minimumShare: Double

        public init(name: String, members: Set<Int>, minimumShare: Double) {
            self.name = name
            self.members = members
            self.minimumShare = minimumShare
        }

        /// Members a prefix of `length` must hold.
        public func required(atLength length: Int) -> Int { Int((minimumShare * Double(length)).rounded(.down)) }
    }

    public var lambda: Double
    public var guarantees: [Guarantee]
    /// Facets per item (genres, categories), for the similarity of MMR; an item without facets is similar to none.
    public var facets: [Set<Int>]

    public init(lambda: Double = 0.8, guarantees: [Guarantee] = [], facets: [Set<Int>] = []) {
        self.lambda = lambda
        self.guarantees = guarantees
        self.facets = facets
    }

    /// The first `length` items of the re-ranked list, from candidates (item, relevance) in any order.
    public func rerank(_ candidates: [(item: Int, score: Float)], length: Int) -> [Int] {
        placements(candidates, length: length).map(\.item)
    }

    /// `rerank`, with for each position the index in `guarantees` of the group it was given to (nil: it won on
    /// relevance and variety), so that the list can say truthfully why each item is there.
    public func placements(_ candidates: [(item: Int, score: Float)], length: Int) -> [(item: Int, owed: Int?)] {
        let sorted = candidates.sorted { $0.score != $1.score ? $0.score > $1.score : $0.item < $1.item }
        let best = Double(sorted.first?.score ?? 1)
        // Per candidate (in score order): its groups, its facets sorted, and its largest similarity to the items
        // chosen so far, updated with each pick (MMR's max over the list, without recomputing it every round).
        let inGroup = sorted.map { candidate in guarantees.map { $0.members.contains(candidate.item) } }
        let facetLists = sorted.map { candidate in candidate.item < facets.count ? facets[candidate.item].sorted() : [] }
        var nearest = [Double](repeating: 0, count: sorted.count)
        var taken = [Bool](repeating: false, count: sorted.count)
        var membersLeft = guarantees.indices.map { g in inGroup.reduce(0) { $0 + ($1[g] ? 1 : 0) } }
        var placed: [(item: Int, owed: Int?)] = []
        var counts = [Int](repeating: 0, count: guarantees.count)
        while placed.count < min(length, sorted.count) {
            let owed = owedGroup(at: placed.count + 1, counts: counts, among: guarantees.indices.filter { membersLeft[$0] > 0 })
            var pick = -1
            var pickValue = -Double.infinity
            for index in sorted.indices where !taken[index] {
                if let owed, !inGroup[index][owed] { continue }
                let relevance = best > 0 ? Double(sorted[index].score) / best : 0
                let value = lambda >= 1 ? relevance : lambda * relevance - (1 - lambda) * nearest[index]
                if value > pickValue { pick = index; pickValue = value }
            }
            taken[pick] = true
            placed.append((sorted[pick].item, owed))
            for g in guarantees.indices where inGroup[pick][g] {
                counts[g] += 1
                membersLeft[g] -= 1
            }
            if lambda < 1 {
                for index in sorted.indices where !taken[index] {
                    nearest[index] = max(nearest[index], Self.jaccard(facetLists[index], facetLists[pick]))
                }
            }
        }
        return placed
    }

    /// |a ∩ b| / |a ∪ b| of two sorted lists of distinct facets; 0 when either is empty (no facet: similar to none).
    static func jaccard(_ a: [Int], _ b: [Int]) -> Double {
        guard !a.isEmpty, !b.isEmpty else { return 0 }
        var i = 0, j = 0, shared = 0
        while i < a.count, j < b.count {
            if a[i] == b[j] { shared += 1; i += 1; j += 1 } else if a[i] < b[j] { i += 1 } else { j += 1 }
        }
        return Double(shared) / Double(a.count + b.count - shared)
    }

    /// The group the position `length` must go to, or nil when every guarantee can still wait. Several groups can
    /// come due at the same length (two shares of 0.2 both need their first member at 5), so waiting until a
    /// prefix would break is not enough: each group's next members have deadlines (the shortest prefix that
    /// needs them), and when the deadlines due by some length fill every position up to it, the earliest
    /// deadline takes this one (earliest deadline first, which meets every guarantee whenever the shares sum to
    /// at most 1 and each group has members enough).
    func owedGroup(at length: Int, counts: [Int], among groups: [Int]) -> Int? {
        let horizon = length + 2 * guarantees.count + 2
        var deadlines: [(length: Int, group: Int)] = []
        for g in groups {
            var needed = counts[g]
            for prefix in length...horizon where guarantees[g].required(atLength: prefix) > needed {
                deadlines.append((prefix, g))
                needed += 1
            }
        }
        deadlines.sort { $0.length != $1.length ? $0.length < $1.length : $0.group < $1.group }
        for (index, deadline) in deadlines.enumerated() where deadline.length - length + 1 <= index + 1 {
            return deadlines[0].group
        }
        return nil
    }
}
