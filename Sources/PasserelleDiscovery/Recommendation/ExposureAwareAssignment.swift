import Foundation

/// The re-ranking that spreads exposure **across** users, not only within one list: the lists are filled one
/// position at a time for everyone (round-robin, each round starting at a different user so nobody always picks
/// first), and each user takes the candidate maximising
///
///     relevance − γ · exposure(item)^e,
///
/// where relevance is the model's score over the user's best candidate's, and exposure(item) is the
/// position-weighted exposure (1 / log₂(rank + 1)) the item has already received in the lists built so far. An item
/// everyone would get (the blockbuster) grows expensive after a few users, so the next ones get their next-best
/// item instead, and the catalogue behind the head gets shown. This is a greedy, soft-capacity form of the
/// exposure-aware assignment of FairRec (Patro et al. 2020): a price on exposure rather than a hard quota.
///
/// The prefix guarantees of `ExposureReranker` (FA*IR, simple form) hold in every list: when a prefix would fall
/// short of a group's minimum share, the position goes to the best remaining member of that group.
///
/// Deterministic: ties go to the better-scored candidate, then to the lower item index.
public struct ExposureAwareAssignment: Sendable {
    /// γ, the price of exposure against relevance (relevance is in [0, 1]); 0 is the model's own lists.
    public var penalty: Double
    /// e, the exponent of exposure in the price: below 1 the first exposures cost the most (a concave price that
    /// pushes hardest against the head), above 1 only heavily shown items pay.
    public var exponent: Double
    /// Minimum shares of protected groups in every prefix of every list.
    public var guarantees: [ExposureReranker.Guarantee]

    public init(penalty: Double, exponent: Double = 1, guarantees: [ExposureReranker.Guarantee] = []) {
        self.penalty = penalty
        self.exponent = exponent
        self.guarantees = guarantees
    }

    /// Lists of `length` items for every user from `candidates[u]` (item, relevance) in any order; a list is
    /// shorter only when its candidates run out. `itemCount` bounds the item indices.
    public func assign(_ candidates: [[(item: Int, score: Float)]], length: Int, itemCount: Int) -> [[Int]] {
        let users = candidates.count
        let sorted = candidates.map { list in
            list.sorted { $0.score != $1.score ? $0.score > $1.score : $0.item < $1.item }
        }
        let relevance = sorted.map { list -> [Double] in
            let best = Double(list.first?.score ?? 1)
            return list.map { best > 0 ? Double($0.score) / best : 0 }
        }
        var exposure = [Double](repeating: 0, count: itemCount)
        var taken = sorted.map { [Bool](repeating: false, count: $0.count) }
        var counts = [[Int]](repeating: [Int](repeating: 0, count: guarantees.count), count: users)
        var lists = [[Int]](repeating: [], count: users)
        for round in 0..<length where users > 0 {
            let weight = 1 / log2(Double(round) + 2)
            let start = round * users / max(length, 1)
            for offset in 0..<users {
                let user = (start + offset) % users
                let list = sorted[user]
                // The first group whose guarantee this prefix would break, among those with members left.
                let owed = guarantees.indices.first { g in
                    counts[user][g] < guarantees[g].required(atLength: round + 1)
                        && list.indices.contains { !taken[user][$0] && guarantees[g].members.contains(list[$0].item) }
                }
                var pick = -1
                var pickValue = -Double.infinity
                for index in list.indices where !taken[user][index] {
                    if let owed, !guarantees[owed].members.contains(list[index].item) { continue }
                    let value = relevance[user][index] - penalty * pow(exposure[list[index].item], exponent)
                    if value > pickValue { pick = index; pickValue = value }
                }
                guard pick >= 0 else { continue }
                let item = list[pick].item
                taken[user][pick] = true
                lists[user].append(item)
                exposure[item] += weight
                for g in guarantees.indices where guarantees[g].members.contains(item) { counts[user][g] += 1 }
            }
        }
        return lists
    }
}
