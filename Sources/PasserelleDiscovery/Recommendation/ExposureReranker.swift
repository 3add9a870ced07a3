/// The re-ranking that guarantees exposure and widens the mix, applied to a relevance-ordered candidate list:
///
/// 1. **Prefix guarantees** (after FA*IR, Zehlike et al. 2017, in its simple form without the binomial test): for
///    every protected group g with a minimum share p_g, every prefix of length k of the list holds at least
///    ⌊p_g · k⌋ members of g, as long as the candidates hold enough of them. When a prefix would fall short, the
///    next position goes to the best remaining member of g.
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
        var remaining = candidates.sorted { $0.score != $1.score ? $0.score > $1.score : $0.item < $1.item }
        let best = Double(remaining.first?.score ?? 1)
        var chosen: [Int] = []
        var counts = [Int](repeating: 0, count: guarantees.count)
        while chosen.count < length, !remaining.isEmpty {
            let nextLength = chosen.count + 1
            // The first group whose guarantee the next prefix would break, among those with members left.
            let owed = guarantees.indices.first { g in
                counts[g] < guarantees[g].required(atLength: nextLength) && remaining.contains { guarantees[g].members.contains($0.item) }
            }
            var pick = -1
            var pickValue = -Double.infinity
            for (index, candidate) in remaining.enumerated() {
                if let owed, !guarantees[owed].members.contains(candidate.item) { continue }
                let relevance = best > 0 ? Double(candidate.score) / best : 0
                let value = lambda >= 1 ? relevance : lambda * relevance - (1 - lambda) * maximumSimilarity(candidate.item, chosen)
                if value > pickValue { pick = index; pickValue = value }
            }
            let item = remaining.remove(at: pick).item
            chosen.append(item)
            for g in guarantees.indices where guarantees[g].members.contains(item) { counts[g] += 1 }
        }
        return chosen
    }

    private func maximumSimilarity(_ item: Int, _ chosen: [Int]) -> Double {
        guard item < facets.count, !facets[item].isEmpty else { return 0 }
        var maximum = 0.0
        for other in chosen where other < facets.count {
            let union = facets[item].union(facets[other]).count
            guard union > 0 else { continue }
            maximum = max(maximum, Double(facets[item].intersection(facets[other]).count) / Double(union))
        }
        return maximum
    }
}
