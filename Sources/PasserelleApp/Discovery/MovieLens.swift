import Foundation
import PasserelleConnectors

/// GroupLens ml-latest-small read in place (research licence: never copied into the project): ratings as implicit
/// feedback, genres as facets, and a temporal split per user.
struct MovieLens {
    struct Rating {
        let user: Int
        let item: Int
        let rating: Double
        let time: Int
    }

    let ratings: [Rating]
    let userCount: Int
    let itemCount: Int
    /// Genres per item, as indices.
    let genres: [Set<Int>]
    /// Films that are not US productions, by the only evidence the files hold: an original title in parentheses
    /// before the year ("Haine, La" in "Hate (Haine, La) (1995)", the MovieLens convention for foreign titles), or a
    /// tag naming another country or language. A heuristic, stated as such in the evaluation's output.
    let nonUS: Set<Int>
    let titles: [String]

    init(directory: URL) throws {
        func rows(_ file: String) throws -> [[String]] {
            let bytes = try Data(contentsOf: directory.appendingPathComponent(file))
            return CSVParser(bytes: Array(bytes)).dropFirst().map(\.fields)
        }
        var itemIndex: [String: Int] = [:]
        var genreIndex: [String: Int] = [:]
        var genres: [Set<Int>] = []
        var titles: [String] = []
        var nonUS = Set<Int>()
        let original = /^.+ \(([^()]+)\) \((\d{4})\)\s*$/
        for fields in try rows("movies.csv") where fields.count >= 3 {
            let index = itemIndex.count
            itemIndex[fields[0]] = index
            titles.append(fields[1])
            genres.append(Set(fields[2].split(separator: "|").map { name in
                if let known = genreIndex[String(name)] { return known }
                genreIndex[String(name)] = genreIndex.count
                return genreIndex.count - 1
            }))
            if let match = fields[1].wholeMatch(of: original), !match.output.1.lowercased().hasPrefix("a.k.a") {
                nonUS.insert(index)
            }
        }
        let foreignTags: Set<String> = ["french", "france", "japan", "japanese", "india", "british", "korean", "italian", "german", "spanish"]
        for fields in try rows("tags.csv") where fields.count >= 3 {
            if foreignTags.contains(fields[2].lowercased()), let item = itemIndex[fields[1]] { nonUS.insert(item) }
        }
        var userIndex: [String: Int] = [:]
        var ratings: [Rating] = []
        for fields in try rows("ratings.csv") where fields.count >= 4 {
            guard let item = itemIndex[fields[1]], let rating = Double(fields[2]), let time = Int(fields[3]) else { continue }
            let user = userIndex[fields[0]] ?? userIndex.count
            userIndex[fields[0]] = user
            ratings.append(Rating(user: user, item: item, rating: rating, time: time))
        }
        self.ratings = ratings
        self.userCount = userIndex.count
        self.itemCount = itemIndex.count
        self.genres = genres
        self.nonUS = nonUS
        self.titles = titles
    }

    /// Per user, the latest `testShare` of their ratings (at least one, users with under 5 ratings kept whole in
    /// training) form the test set; the earlier ones train. Relevant test items are those rated `relevantFrom` or more.
    func temporalSplit(testShare: Double = 0.2, relevantFrom: Double = 3.5) -> (train: [Rating], relevant: [Set<Int>]) {
        var byUser = [[Rating]](repeating: [], count: userCount)
        for rating in ratings { byUser[rating.user].append(rating) }
        var train: [Rating] = []
        var relevant = [Set<Int>](repeating: [], count: userCount)
        for (user, own) in byUser.enumerated() {
            let sorted = own.sorted { $0.time != $1.time ? $0.time < $1.time : $0.item < $1.item }
            let testCount = sorted.count < 5 ? 0 : max(1, Int((Double(sorted.count) * testShare).rounded()))
            train += sorted.dropLast(testCount)
            relevant[user] = Set(sorted.suffix(testCount).filter { $0.rating >= relevantFrom }.map(\.item))
        }
        return (train, relevant)
    }
}
