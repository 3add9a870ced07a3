import ArgumentParser
import Foundation
import PasserelleApp

/// `passerelle discovery`: the recommendation models' offline evaluation.
struct DiscoveryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "discovery",
        abstract: "Evaluate the recommendation models offline.",
        subcommands: [Evaluate.self]
    )

    struct Evaluate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print one table comparing popularity, implicit ALS, recency-weighted item-to-item, per-list re-ranking and exposure-aware assignment on MovieLens.",
            discussion: "scripts/discovery/evaluate.sh installs PyPI implicit and passes --als-python. MovieLens is read in place (research licence)."
        )

        @Option(help: "Folder of the real open data (MovieLens is read from its movielens-latest-small/).")
        var realdata: String = Settings.defaultRealdata

        @Option(help: "A Python with PyPI implicit, to train the ALS baseline on the same split.")
        var alsPython: String?

        func run() async throws {
            let folder = URL(fileURLWithPath: realdata).appendingPathComponent("movielens-latest-small")
            guard FileManager.default.fileExists(atPath: folder.appendingPathComponent("ratings.csv").path) else {
                throw ValidationError("MovieLens not found in \(folder.path): give --realdata")
            }
            let repository = ProcessInfo.processInfo.environment["PASSERELLE_SCRIPTS"].map(URL.init(fileURLWithPath:))
                ?? URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("scripts/discovery")
            let (rows, summary) = try RecommendationEvaluation.run(movielens: folder, alsPython: alsPython, scriptsDirectory: repository)
            print(summary)
            print(RecommendationEvaluation.table(rows))
            print(RecommendationEvaluation.verdict(rows))
        }
    }
}
