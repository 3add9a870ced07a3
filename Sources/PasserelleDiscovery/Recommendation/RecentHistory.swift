/// A user's history weighted by recency: the newest engagement weighs 1, the one before `decay`, then `decay`²…
/// (by rank, not by clock time, so a user's burst of ratings in one evening still reads as an order). Tastes
/// drift, and what someone engages with next resembles what they engaged with last.
public enum RecentHistory {
    /// `events` (item, time) in any order → (item, weight) ascending by item; ties in time go to the higher item
    /// index first (any fixed rule does: it keeps the output deterministic). A repeated item keeps its newest weight.
    public static func weighted(_ events: [(item: Int, time: Int)], decay: Float) -> [(item: Int32, weight: Float)] {
        let newestFirst = events.sorted { $0.time != $1.time ? $0.time > $1.time : $0.item > $1.item }
        var weights: [Int: Float] = [:]
        var weight: Float = 1
        for event in newestFirst {
            if weights[event.item] == nil { weights[event.item] = weight }
            weight *= decay
        }
        return weights.map { (item: Int32($0.key), weight: $0.value) }.sorted { $0.item < $1.item }
    }
}
