public import Foundation
public import PasserelleDiscovery

/// `passerelle discovery evaluate`: one table comparing, on the same temporal split of MovieLens, a popularity
/// baseline, PyPI `implicit` ALS (when its Python is given), and Passerelle's model in three steps:
///
/// 1. item-to-item (`ItemNeighbours`, cosine with shrinkage) scoring a recency-weighted history (`RecentHistory`);
/// 2. the same candidates re-ranked list by list (`ExposureReranker`: long-tail and non-US prefix guarantees, MMR);
/// 3. the final model: the same candidates assigned across users with a price on exposure
///    (`ExposureAwareAssignment`, with the same prefix guarantees), which `verdict` checks against ALS.
///
/// Accuracy (nDCG@10, recall@10) next to coverage, diversity, novelty, exposure Gini and the exposure ratios of the
/// long tail and of non-US films. The parameters below were chosen on a validation split (the same temporal split
/// applied again to the training ratings, ALS retrained there), not on the test ratings: the exposure price is
/// the largest that kept nDCG ≥ 95 % of ALS's and coverage ≥ 2× on validation.
public enum RecommendationEvaluation {
    public static let k = 10
    /// Candidates the re-rankings choose from.
    public static let candidates = 300
    /// The re-rankings' documented parameters for films: a third of every prefix from the long tail, a fifth from
    /// non-US productions; MMR with λ = 0.85 over genres in the per-list re-ranking.
    public static let longTailShare = 0.3
    public static let nonUSShare = 0.2
    public static let lambda = 0.85
    /// Cosine item-to-item, 100 neighbours per film, shrinkage 10 against rare pairs.
    public static let model = ItemNeighbours.Parameters(neighbourCount: 100, alpha: 0.5, minimumCooccurrence: 1, shrinkage: 10)
    /// Each older rating of a user weighs 0.9 of the next newer one.
    public static let historyDecay: Float = 0.9
    /// The price of exposure across users: γ = 0.4 on the square root of the exposure already given.
    public static let exposurePenalty = 0.4
    public static let exposureExponent = 0.5

    public struct Row: Sendable {
        public let name: String
        public let metrics: RankingMetrics?
        public let note: String?
    }

    /// Reads MovieLens from `directory`, runs every model, returns the table's rows (ALS's row says why when absent).
    public static func run(movielens directory: URL, alsPython: String?, scriptsDirectory: URL) throws -> (rows: [Row], summary: String) {
        let data = try MovieLens(directory: directory)
        let (train, relevant) = data.temporalSplit()
        let interactions = Interactions(
            userCount: data.userCount, itemCount: data.itemCount, triples: train.map { ($0.user, $0.item, Float(1)) })
        let popularity = interactions.popularity
        let longTail = interactions.longTail(headShare: 0.5)
        let groups = ["long tail": longTail, "non-US": data.nonUS]
        func measure(_ name: String, _ lists: [[Int]]) -> Row {
            Row(name: name, metrics: RankingMetrics(
                lists: lists, relevant: relevant, k: k, itemCount: data.itemCount, popularity: popularity,
                userCount: data.userCount, facets: data.genres, groups: groups), note: nil)
        }
        let seen = interactions.itemsOfUser.map { Set($0.map { Int($0.item) }) }
        let byPopularity = interactions.itemsByPopularity
        let popular = (0..<data.userCount).map { user in Array(byPopularity.lazy.filter { !seen[user].contains($0) }.prefix(k)) }

        let start = ContinuousClock.now
        let neighbours = ItemNeighbours(interactions, parameters: model)
        let training = ContinuousClock.now - start
        var events = [[(item: Int, time: Int)]](repeating: [], count: data.userCount)
        for rating in train { events[rating.user].append((rating.item, rating.time)) }
        let guarantees: [ExposureReranker.Guarantee] = [
            .init(name: "long tail", members: longTail, minimumShare: longTailShare),
            .init(name: "non-US", members: data.nonUS, minimumShare: nonUSShare),
        ]
        let reranker = ExposureReranker(lambda: lambda, guarantees: guarantees, facets: data.genres)
        var plain: [[Int]] = [], reranked: [[Int]] = [], pools: [[(item: Int, score: Float)]] = []
        for user in 0..<data.userCount {
            let history = RecentHistory.weighted(events[user], decay: historyDecay)
            let scores = neighbours.scores(history: history, itemCount: data.itemCount)
            let top = topItems(scores, count: candidates, excluding: seen[user])
            plain.append(Array(top.prefix(k).map(\.item)))
            reranked.append(reranker.rerank(top, length: k))
            pools.append(top)
        }
        let assignment = ExposureAwareAssignment(penalty: exposurePenalty, exponent: exposureExponent, guarantees: guarantees)
        let assigned = assignment.assign(pools, length: k, itemCount: data.itemCount)
        var rows = [measure("popularity", popular)]
        rows.append(try als(alsPython, train: train, data: data, scripts: scriptsDirectory).map { measure("implicit ALS (PyPI)", $0) }
            ?? Row(name: "implicit ALS (PyPI)", metrics: nil, note: "not run: give --als-python (scripts/discovery/evaluate.sh does)"))
        rows.append(measure("item-to-item, recent history", plain))
        rows.append(measure("  + per-list re-ranking (MMR)", reranked))
        rows.append(measure("  + exposure-aware assignment", assigned))
        let summary = """
            MovieLens ml-latest-small: \(data.userCount) users, \(data.itemCount) films, \(data.ratings.count) ratings; temporal split per user \
            (latest 20 % tested, relevant when rated ≥ 3.5); long tail = films outside the most popular ones holding half the training \
            interactions (\(longTail.count) films); non-US = original title in parentheses or a country tag (\(data.nonUS.count) films, a \
            heuristic). Item-to-item trained in \(String(format: "%.2f", Double(training.components.seconds) + Double(training.components.attoseconds) / 1e18)) s; \
            both re-rankings choose from each user's \(candidates) best candidates with the same prefix guarantees (long tail \
            \(Int(longTailShare * 100)) %, non-US \(Int(nonUSShare * 100)) %); the assignment prices exposure across users \
            (γ = \(exposurePenalty), exponent \(exposureExponent)).
            """
        return (rows, summary)
    }

    /// The `count` best-scored items not in `excluding`, best first (ties by index).
    static func topItems(_ scores: [Float], count: Int, excluding: Set<Int>) -> [(item: Int, score: Float)] {
        var best: [(item: Int, score: Float)] = []
        for (item, score) in scores.enumerated() where score > 0 && !excluding.contains(item) {
            best.append((item, score))
        }
        best.sort { $0.score != $1.score ? $0.score > $1.score : $0.item < $1.item }
        return Array(best.prefix(count))
    }

    /// Trains `implicit` ALS in Python on the same training split and reads its top-k lists; nil without a Python.
    static func als(_ python: String?, train: [MovieLens.Rating], data: MovieLens, scripts: URL) throws -> [[Int]]? {
        guard let python else { return nil }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("passerelle-als-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let trainFile = folder.appendingPathComponent("train.csv"), output = folder.appendingPathComponent("als.csv")
        var text = "user,item\n"
        for rating in train { text += "\(rating.user),\(rating.item)\n" }
        try text.write(to: trainFile, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [scripts.appendingPathComponent("als_baseline.py").path, trainFile.path, output.path,
                             String(data.userCount), String(data.itemCount), String(k)]
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw DiscoveryEvaluationError("als_baseline.py exited \(process.terminationStatus)") }
        var lists = [[Int]](repeating: [], count: data.userCount)
        let lines = try String(contentsOf: output, encoding: .utf8).split(whereSeparator: \.isNewline).dropFirst()
        for line in lines {
            let parts = line.split(separator: ",")
            guard parts.count == 3, let user = Int(parts[0]), let item = Int(parts[2]), user < lists.count else { continue }
            lists[user].append(item)
        }
        return lists
    }

    /// The targets against ALS (nDCG ≥ 95 %, exposure Gini ≥ 30 % lower, coverage ≥ 2×), for the final model (the
    /// last row: the exposure-aware assignment).
    public static func verdict(_ rows: [Row]) -> String {
        guard let als = rows.first(where: { $0.name.hasPrefix("implicit") })?.metrics,
            let ours = rows.last?.metrics
        else { return "targets against ALS: not checked (ALS not run)" }
        let ndcg = ours.ndcg / max(als.ndcg, 1e-12), gini = 1 - ours.exposureGini / max(als.exposureGini, 1e-12)
        let coverage = ours.coverage / max(als.coverage, 1e-12)
        func mark(_ ok: Bool) -> String { ok ? "PASS" : "FAIL" }
        return String(format: "targets (exposure-aware assignment vs ALS): nDCG %.0f %% of ALS's (≥ 95 %%) %@; exposure Gini %.0f %% lower (≥ 30 %%) %@; coverage %.2f× (≥ 2×) %@",
                      ndcg * 100, mark(ndcg >= 0.95), gini * 100, mark(gini >= 0.3), coverage, mark(coverage >= 2))
    }

    /// The table as printed.
    public static func table(_ rows: [Row]) -> String {
        var lines = ["model                                  nDCG@10 recall@10 coverage diversity novelty  Gini  tail×  nonUS×"]
        for row in rows {
            let name = row.name.padding(toLength: 38, withPad: " ", startingAt: 0)
            guard let m = row.metrics else {
                lines.append("\(name) \(row.note ?? "")")
                continue
            }
            lines.append(String(
                format: "%@ %7.4f %9.4f %8.3f %9.3f %7.2f %5.3f %6.2f %7.2f", name, m.ndcg, m.recall, m.coverage, m.diversity,
                m.novelty, m.exposureGini, m.groupExposure["long tail"] ?? 0, m.groupExposure["non-US"] ?? 0))
        }
        return lines.joined(separator: "\n")
    }
}

/// A refusal of the evaluation (its Python baseline failed).
public struct DiscoveryEvaluationError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
