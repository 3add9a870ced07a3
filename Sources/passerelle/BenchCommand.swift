import ArgumentParser
import Foundation
import Logging
import PasserelleApp
import PasserelleStorage

/// `passerelle bench`: the performance targets, measured and printed (build with `-c release` first).
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure reads, bulk writes and demo start-up, and print the figures against their targets.",
        discussion: "Run on a release build: swift build -c release && .build/release/passerelle bench"
    )

    enum Part: String, ExpressibleByArgument, CaseIterable {
        case reads, writes, demoStart = "demo-start", observatory, search, recommend, `import`, oai, all
    }

    @Argument(help: "Which part to run: reads, writes, demo-start, observatory, search, recommend and import (not in all: they take minutes) or all.")
    var part: Part = .all

    @Option(help: "Seconds of load per measured route (1–120).")
    var seconds: Double = 10

    @Option(help: "Concurrent keep-alive connections (1–256).")
    var connections: Int = 32

    @Option(help: "Offers in the catalogue for reads, and rows for bulk writes.")
    var offers: Int = 20_000

    @Option(help: "PostgreSQL URL for the bulk-write comparison (env PASSERELLE_TEST_POSTGRES_URL).")
    var postgres: String?

    @Option(help: "Searches measured by the search part (each run against the bare candidate query too).")
    var searches: Int = 2_000

    @Option(help: "Concurrent searching tasks of the search part (1–64).")
    var concurrency: Int = 16

    @Option(help: "Keep the search part's SQLite database at this path (to serve it afterwards, e.g. under wrk).")
    var keep: String?

    @Flag(help: "With --keep: measure the database already at that path instead of loading a new one.")
    var reuse = false

    @Option(help: "Audience events for the observatory part (1 000 … 20 000 000).")
    var events: Int = 1_000_000

    @Option(help: "Folder of the real open data for the demo start.")
    var realdata: String = Settings.defaultRealdata

    func validate() throws {
        guard (1...120).contains(seconds) else { throw ValidationError("--seconds must be between 1 and 120") }
        guard (1...HTTPLoad.maximumConnections).contains(connections) else { throw ValidationError("--connections must be between 1 and 256") }
        guard (100...1_000_000).contains(offers) else { throw ValidationError("--offers must be between 100 and 1000000") }
        guard (1...64).contains(concurrency) else { throw ValidationError("--concurrency must be between 1 and 64") }
        guard (10...1_000_000).contains(searches) else { throw ValidationError("--searches must be between 10 and 1000000") }
        guard (1_000...20_000_000).contains(events) else { throw ValidationError("--events must be between 1000 and 20000000") }
    }

    func run() async throws {
        var logger = Logger(label: "passerelle.bench")
        logger.logLevel = .error
        #if DEBUG
        print("warning: this is a debug build; figures are only meaningful with `swift build -c release`.")
        #endif
        if part == .reads || part == .all {
            let result = try await ReadBenchmark.run(offers: offers, connections: connections, seconds: seconds, logger: logger)
            print("reads — GET /api/v1/offers/{id}, \(connections) connections, \(Int(seconds)) s, \(result.requested) distinct offers asked of \(result.offers) (SQLite)")
            print("  full application: \(result.full)")
            print("  full application, offer cache off: \(result.uncached)")
            print("  bare Hummingbird: \(result.bare)")
            print("  (full application, GET /health, no database: \(result.health))")
            print("  ratio: \(Int((result.ratio * 100).rounded())) % of the bare route (target ≥ 50 %) \(result.ratio >= 0.5 ? "PASS" : "FAIL")")
            print("  ratio with the offer cache off: \(Int((result.uncachedRatio * 100).rounded())) % of the bare route")
        }
        if part == .writes || part == .all {
            var locations: [(String, DatabaseLocation)] = []
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("passerelle-bulk-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            locations.append(("SQLite", .sqliteFile(folder.appendingPathComponent("bulk.sqlite").path)))
            if let url = postgres ?? ProcessInfo.processInfo.environment["PASSERELLE_TEST_POSTGRES_URL"] {
                locations.append(("PostgreSQL", try DatabaseLocation(parsing: url)))
            } else {
                print("writes — PostgreSQL skipped: give --postgres URL or PASSERELLE_TEST_POSTGRES_URL")
            }
            for (name, location) in locations {
                let figures = try await StorageBenchmark.bulkLoad(location: location, offers: offers, logger: logger)
                print("writes — bulk load of \(offers) offers on \(name): \(figures)")
            }
        }
        if part == .search {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("passerelle-search-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let path = keep ?? folder.appendingPathComponent("search.sqlite").path
            var locations: [(String, DatabaseLocation)] = [("SQLite", .sqliteFile(path))]
            if let url = postgres { locations.append(("PostgreSQL", try DatabaseLocation(parsing: url))) }
            for (name, location) in locations {
                let figures = try await SearchBenchmark.run(
                    location: location, offers: offers, realdata: URL(fileURLWithPath: realdata), searches: searches,
                    concurrency: concurrency, reuse: reuse && name == "SQLite" && keep != nil, logger: logger)
                print("search — \(name):\n\(figures)")
            }
        }
        if part == .import {
            print("import — JSON-LD events from a generated agenda page of \(offers) events:\n\(try await ImportBenchmark.run(records: offers, logger: logger))")
        }
        if part == .oai {
            print("oai — OAI-PMH harvest of 100 000 oai_dc records from a loopback repository:\n\(try await OAIHarvestBenchmark.run(records: 100_000, logger: logger))")
        }
        if part == .recommend {
            print("recommend — top-20 lists (in process):\n\(RecommendationBenchmark.run())")
        }
        if part == .observatory {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("passerelle-observatory-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            var locations: [(String, DatabaseLocation)] = [("SQLite", .sqliteFile(folder.appendingPathComponent("observatory.sqlite").path))]
            if let url = postgres { locations.append(("PostgreSQL", try DatabaseLocation(parsing: url))) }
            for (name, location) in locations {
                let figures = try await ObservatoryBenchmark.run(location: location, events: events, logger: logger)
                print("observatory — \(name): \(figures) (target: 10 M events released in < 60 s)")
            }
        }
        if part == .demoStart || part == .all {
            let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().path
            let port = Int.random(in: 20_000...40_000)
            let seconds = try await DemoStartBenchmark.run(executable: executable, port: port, realdata: realdata)
            print("demo start — from launch to first served page: \(String(format: "%.2f", seconds)) s (target < 15 s) \(seconds < 15 ? "PASS" : "FAIL")")
        }
    }
}
