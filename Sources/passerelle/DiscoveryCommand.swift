import ArgumentParser
import Foundation
import PasserelleApp
import PasserelleStorage

/// `passerelle discovery`: the recommendation models' offline evaluation.
struct DiscoveryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "discovery",
        abstract: "Evaluate the recommendation models offline.",
        subcommands: [Evaluate.self, Exposure.self]
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

    struct Exposure: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Simulate visitors on the catalogue in the database and print where their recommendations' exposure goes, before and after re-ranking.",
            discussion: "Load the demo first (passerelle demo). Nothing is written: the visitors' favourites stay in memory."
        )

        @OptionGroup var options: DatabaseOptions

        @Option(help: "Simulated visitors (1–100 000).")
        var visitors: Int = 500

        @Option(help: "Seed of the simulation (the same seed, the same visitors).")
        var seed: UInt64 = 1

        func run() async throws {
            guard (1...100_000).contains(visitors) else { throw ValidationError("--visitors is 1 to 100 000") }
            let report = try await withStore(options) { store in try await ExposureReport.run(store: store, visitors: visitors, seed: seed) }
            print(ExposureReport.table(catalogue: report.catalogue, rows: report.rows, visitors: visitors))
            print(String(format: "%.1f s for %d visitors × %d configurations", report.seconds, visitors, report.rows.count))
        }
    }
}
