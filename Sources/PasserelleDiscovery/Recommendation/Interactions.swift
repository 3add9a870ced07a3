/// Implicit feedback (views, favourites, bookings, ratings) as a sparse user × item matrix, in both directions
/// (compressed rows): each user's items and each item's users, sorted, with their weights. Users and items are
/// dense indices `0..<userCount` and `0..<itemCount`; the caller keeps the mapping to its own ids.
public struct Interactions: Sendable {
    public let userCount: Int
    public let itemCount: Int
    /// `itemsOfUser[u]`: the items user u interacted with, ascending, and the weight of each.
    public let itemsOfUser: [[(item: Int32, weight: Float)]]
    /// `usersOfItem[i]`: the users who interacted with item i, ascending, and the weight of each.
    public let usersOfItem: [[(user: Int32, weight: Float)]]

    /// Builds the matrix; repeated (user, item) pairs add their weights.
    public init(userCount: Int, itemCount: Int, triples: [(user: Int, item: Int, weight: Float)]) {
        self.userCount = userCount
        self.itemCount = itemCount
        var byUser = [[Int32: Float]](repeating: [:], count: userCount)
        for triple in triples where triple.user < userCount && triple.item < itemCount {
            byUser[triple.user][Int32(triple.item), default: 0] += triple.weight
        }
        var itemsOfUser = [[(item: Int32, weight: Float)]](repeating: [], count: userCount)
        var usersOfItem = [[(user: Int32, weight: Float)]](repeating: [], count: itemCount)
        for (user, items) in byUser.enumerated() {
            itemsOfUser[user] = items.map { (item: $0.key, weight: $0.value) }.sorted { $0.item < $1.item }
            for (item, weight) in itemsOfUser[user] { usersOfItem[Int(item)].append((user: Int32(user), weight: weight)) }
        }
        self.itemsOfUser = itemsOfUser
        self.usersOfItem = usersOfItem
    }

    /// How many users interacted with each item.
    public var popularity: [Int] { usersOfItem.map(\.count) }

    /// The most popular items first (ties by index): the head of the catalogue is a prefix of it.
    public var itemsByPopularity: [Int] {
        let popularity = popularity
        return (0..<itemCount).sorted { popularity[$0] != popularity[$1] ? popularity[$0] > popularity[$1] : $0 < $1 }
    }

    /// The long tail: every item outside the smallest set of most popular items that together hold `headShare`
    /// of all interactions (the usual 80/20 cut with `headShare` 0.8, or a stricter 0.5).
    public func longTail(headShare: Double = 0.5) -> Set<Int> {
        let popularity = popularity
        let total = Double(popularity.reduce(0, +))
        var covered = 0.0
        var tail = Set<Int>()
        for item in itemsByPopularity {
            if covered >= headShare * total { tail.insert(item) } else { covered += Double(popularity[item]) }
        }
        return tail
    }
}
