import Foundation

/// The relevance model: item-to-item collaborative filtering. Two items are similar when the same people engage
/// with both; the similarity is the co-occurrence damped by both popularities,
///
///     sim(i, j) = co(i, j) / (pop(i)^α · pop(j)^(1 − α) + shrinkage),   α = 0.5 by default (cosine),
///
/// and a lower α lets a popular item point to less popular ones, which lifts coverage. The shrinkage (Koren 2008)
/// discounts pairs of rarely seen items, whose few co-occurrences would otherwise read as a perfect similarity. Each item keeps its
/// `neighbourCount` most similar items. A user's score for an item is the sum of the item's similarities to
/// what the user engaged with; `explain` names the engaged item that contributed most ("because you liked…").
public struct ItemNeighbours: Sendable {
    public struct Parameters: Sendable, Hashable {
        public var neighbourCount = 100
        public var alpha: Float = 0.5
        /// Co-occurrences under this are noise and dropped.
        public var minimumCooccurrence: Float = 2
        /// Added to the similarity's denominator; 0 is the plain ratio.
        public var shrinkage: Float = 0

        public init(neighbourCount: Int = 100, alpha: Float = 0.5, minimumCooccurrence: Float = 2, shrinkage: Float = 0) {
            self.neighbourCount = neighbourCount
            self.alpha = alpha
            self.minimumCooccurrence = minimumCooccurrence
            self.shrinkage = shrinkage
        }
    }

    public let parameters: Parameters
    /// `neighbours[i]`: the items most similar to i, best first.
    public let neighbours: [[(item: Int32, similarity: Float)]]

    /// Trains on `interactions` (weights count as co-occurrence mass).
    public init(_ interactions: Interactions, parameters: Parameters = Parameters()) {
        self.parameters = parameters
        let popularity = interactions.usersOfItem.map { users in users.reduce(Float(0)) { $0 + $1.weight } }
        var counts = [Float](repeating: 0, count: interactions.itemCount)
        var touched: [Int32] = []
        var neighbours = [[(item: Int32, similarity: Float)]](repeating: [], count: interactions.itemCount)
        for item in 0..<interactions.itemCount {
            for (user, weight) in interactions.usersOfItem[item] {
                for (other, otherWeight) in interactions.itemsOfUser[Int(user)] where Int(other) != item {
                    if counts[Int(other)] == 0 { touched.append(other) }
                    counts[Int(other)] += min(weight, otherWeight)
                }
            }
            var scored: [(item: Int32, similarity: Float)] = []
            scored.reserveCapacity(touched.count)
            let own = pow(max(popularity[item], 1), parameters.alpha)
            for other in touched {
                let co = counts[Int(other)]
                counts[Int(other)] = 0
                guard co >= parameters.minimumCooccurrence else { continue }
                scored.append((other, co / (own * pow(max(popularity[Int(other)], 1), 1 - parameters.alpha) + parameters.shrinkage)))
            }
            touched.removeAll(keepingCapacity: true)
            scored.sort { $0.similarity != $1.similarity ? $0.similarity > $1.similarity : $0.item < $1.item }
            neighbours[item] = Array(scored.prefix(parameters.neighbourCount))
        }
        self.neighbours = neighbours
    }

    /// Scores of every item for someone who engaged with `history` (item, weight); items of the history score 0.
    public func scores(history: [(item: Int32, weight: Float)], itemCount: Int) -> [Float] {
        var scores = [Float](repeating: 0, count: itemCount)
        for (item, weight) in history {
            for (other, similarity) in neighbours[Int(item)] { scores[Int(other)] += similarity * weight }
        }
        for (item, _) in history { scores[Int(item)] = 0 }
        return scores
    }

    /// The item of `history` that contributes most to `item`'s score, or nil when none does.
    public func explain(_ item: Int, history: [(item: Int32, weight: Float)]) -> Int? {
        var best: (Int, Float)?
        for (seen, weight) in history {
            guard let link = neighbours[Int(seen)].first(where: { Int($0.item) == item }) else { continue }
            let contribution = link.similarity * weight
            if best == nil || contribution > best!.1 { best = (Int(seen), contribution) }
        }
        return best?.0
    }
}
