import Foundation

/// Offline measures of recommendation lists, accuracy and fairness side by side (all in [0, 1] but novelty):
///
/// - nDCG@k: discounted gain of the relevant items found, over the best possible (binary relevance);
/// - recall@k: relevant items found over min(k, relevant items);
/// - coverage: distinct items recommended to anyone over the catalogue;
/// - intra-list diversity: mean pairwise (1 − Jaccard) of the items' facets within a list;
/// - novelty: mean self-information −log₂(popularity / users) of the recommended items (higher is less obvious);
/// - exposure Gini: Gini coefficient of the position-weighted exposure (1 / log₂(rank + 1)) over every item of the
///   catalogue, the ones never shown included (0 is equal exposure, 1 is everything on one item);
/// - group exposure ratio: a group's share of exposure over its share of the catalogue (1 is fair, below 1 is less).
public struct RankingMetrics: Sendable {
    public private(set) var ndcg = 0.0
    public private(set) var recall = 0.0
    public private(set) var coverage = 0.0
    public private(set) var diversity = 0.0
    public private(set) var novelty = 0.0
    public private(set) var exposureGini = 0.0
    public private(set) var groupExposure: [String: Double] = [:]

    /// Measures `lists[u]` (the top-k of user u, best first) against `relevant[u]`.
    public init(
        lists: [[Int]], relevant: [Set<Int>], k: Int, itemCount: Int, popularity: [Int], userCount: Int,
        facets: [Set<Int>], groups: [String: Set<Int>]
    ) {
        var exposure = [Double](repeating: 0, count: itemCount)
        var shown = Set<Int>()
        var ndcgSum = 0.0, recallSum = 0.0, evaluated = 0
        var diversitySum = 0.0, diversityLists = 0
        var noveltySum = 0.0, noveltyCount = 0
        for (user, list) in lists.enumerated() {
            let top = Array(list.prefix(k))
            for (rank, item) in top.enumerated() {
                exposure[item] += 1 / log2(Double(rank) + 2)
                shown.insert(item)
                noveltySum += -log2(max(Double(popularity[item]), 1) / Double(max(userCount, 1)))
                noveltyCount += 1
            }
            if top.count > 1 {
                var pairs = 0.0, distance = 0.0
                for a in 0..<top.count {
                    for b in (a + 1)..<top.count {
                        let fa = top[a] < facets.count ? facets[top[a]] : [], fb = top[b] < facets.count ? facets[top[b]] : []
                        let union = fa.union(fb).count
                        distance += union == 0 ? 0 : 1 - Double(fa.intersection(fb).count) / Double(union)
                        pairs += 1
                    }
                }
                diversitySum += distance / pairs
                diversityLists += 1
            }
            guard user < relevant.count, !relevant[user].isEmpty else { continue }
            let truth = relevant[user]
            var dcg = 0.0, hits = 0
            for (rank, item) in top.enumerated() where truth.contains(item) {
                dcg += 1 / log2(Double(rank) + 2)
                hits += 1
            }
            let ideal = (0..<min(k, truth.count)).reduce(0.0) { $0 + 1 / log2(Double($1) + 2) }
            ndcgSum += ideal > 0 ? dcg / ideal : 0
            recallSum += Double(hits) / Double(min(k, truth.count))
            evaluated += 1
        }
        ndcg = evaluated > 0 ? ndcgSum / Double(evaluated) : 0
        recall = evaluated > 0 ? recallSum / Double(evaluated) : 0
        coverage = Double(shown.count) / Double(max(itemCount, 1))
        diversity = diversityLists > 0 ? diversitySum / Double(diversityLists) : 0
        novelty = noveltyCount > 0 ? noveltySum / Double(noveltyCount) : 0
        exposureGini = Self.gini(exposure)
        let totalExposure = exposure.reduce(0, +)
        for (name, members) in groups where !members.isEmpty && totalExposure > 0 {
            let share = members.reduce(0.0) { $0 + exposure[$1] } / totalExposure
            groupExposure[name] = share / (Double(members.count) / Double(itemCount))
        }
    }

    /// The Gini coefficient of non-negative values (0 when all are equal or all zero).
    public static func gini(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        let total = sorted.reduce(0, +)
        guard total > 0, sorted.count > 1 else { return 0 }
        var weighted = 0.0
        for (index, value) in sorted.enumerated() { weighted += Double(index + 1) * value }
        let n = Double(sorted.count)
        return (2 * weighted) / (n * total) - (n + 1) / n
    }
}
