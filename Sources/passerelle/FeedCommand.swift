import ArgumentParser
import Foundation
import Logging
import PasserelleApp
import PasserelleConnectors
import PasserelleCore
import PasserelleStorage

/// `passerelle feed`: the feeds an institution registered, which `serve` re-reads on its own.
struct FeedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feed",
        abstract: "Register an institution's feeds, list them with their last read, read the due ones now, withdraw one.",
        discussion: """
            A registered feed is re-read every --interval minutes by `serve` (PASSERELLE_FEEDS=off leaves it to \
            another process or to `passerelle feed run`), with conditional requests (ETag, Last-Modified), under a \
            database lease so that two processes never read one feed at once. A failed read waits twice as long \
            each time (at most a day). Feeds are read from public hosts only unless PASSERELLE_FEEDS_ALLOW_PRIVATE=true. \
            The same feeds are managed with an institution's key at /api/v1/feeds.
            """,
        subcommands: [Add.self, List.self, Run.self, Remove.self]
    )

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Register a feed for an institution; it is due at once.")

        @Argument(help: "What the feed holds: \(FeedSource.kinds.joined(separator: ", ")).")
        var kind: String

        @Argument(help: "Its http(s) URL.")
        var url: String

        @Option(help: "The institution whose feed it is (its id).")
        var institution: String

        @Option(help: "Minutes between two reads (\(FeedSource.minimumInterval)–\(FeedSource.maximumInterval), default \(FeedSource.defaultInterval)).")
        var interval = FeedSource.defaultInterval

        @Option(help: "The category of records the feed does not type (e.g. music.concert).")
        var defaultCategory: String?

        @Option(help: "A csv feed's column mapping: a JSON file (see the DocC article CSVMappingImport).")
        var mapping: String?

        @OptionGroup var options: DatabaseOptions

        func run() async throws {
            guard let institutionID = InstitutionID(institution) else { throw ValidationError("--institution must be \(InstitutionID.rule)") }
            guard let parsed = URL(string: url) else { throw ValidationError("\(url) is not a URL") }
            var mappingText: String?
            if let mapping {
                let data = try ImportCommand.readBounded(URL(fileURLWithPath: mapping), limit: FeedSource.maximumMappingBytes)
                do { _ = try CSVColumnMapping.read(json: data) } catch { throw ValidationError("--mapping \(mapping): \(error)") }
                mappingText = String(decoding: data, as: UTF8.self)
            }
            let source = FeedSource(institutionID: institutionID, kind: kind, url: parsed, defaultCategory: defaultCategory.map(CategoryID.init(trusted:)),
                                    mapping: mappingText, intervalMinutes: interval)
            try await withStore(options) { store in
                guard try await store.read({ try await $0.institution(institutionID) }) != nil else { throw ValidationError("no institution \(institutionID)") }
                try await store.saveFeedSource(source, now: Date())
            }
            print("Registered feed \(source.id) (\(kind) \(parsed.absoluteString)), read every \(interval) min; due now.")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List registered feeds with their last read.")

        @Option(help: "Only this institution's feeds.")
        var institution: String?

        @OptionGroup var options: DatabaseOptions

        func run() async throws {
            var institutionID: InstitutionID?
            if let institution {
                guard let id = InstitutionID(institution) else { throw ValidationError("--institution must be \(InstitutionID.rule)") }
                institutionID = id
            }
            let records = try await withStore(options) { try await $0.feedSources(of: institutionID) }
            if records.isEmpty { print("No feed registered.") }
            for record in records {
                let source = record.source, state = record.state
                let last = state.lastRunAt.map { "last read \($0.formatted(.iso8601)): \(state.lastOutcome ?? "?") — \(state.lastMessage ?? "")" } ?? "never read"
                print("\(source.id)  \(source.institutionID)  \(source.kind)  \(source.url.absoluteString)  every \(source.intervalMinutes) min  \(source.status.rawValue)")
                print("    \(last); next \(state.nextRunAt.formatted(.iso8601))" + (state.consecutiveFailures > 0 ? "; \(state.consecutiveFailures) failure(s) in a row" : ""))
            }
        }
    }

    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Read now every due feed (or the one given), as the scheduler inside serve would, and print each outcome.")

        @Argument(help: "A feed id to read now even if it is not due.")
        var id: String?

        @OptionGroup var options: DatabaseOptions

        func run() async throws {
            let settings = try await options.settings()
            let runs = try await withStore(settings: settings) { store in
                if let id {
                    guard let feedID = FeedSourceID(id), try await store.feedSource(feedID) != nil else { throw ValidationError("no feed \(id)") }
                    try await store.scheduleFeedSoon(feedID, at: Date())
                }
                let runner = FeedRunner(store: store, policy: FeedAddressPolicy(allowPrivate: settings.feedsAllowPrivate), logger: Logger(label: "passerelle.feeds"))
                return try await runner.runDue()
            }
            if runs.isEmpty { print("No feed is due.") }
            for run in runs { print("\(run.source.id)  \(run.source.url.absoluteString): \(run.outcome) — \(run.message)") }
            if runs.contains(where: { $0.outcome == "failed" || $0.outcome == "refused" }) { throw ExitCode(1) }
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Withdraw a feed: never read again; what it imported stays as it is.")

        @Argument(help: "The feed's id.")
        var id: String

        @OptionGroup var options: DatabaseOptions

        func run() async throws {
            try await withStore(options) { store in
                guard let feedID = FeedSourceID(id), var source = try await store.feedSource(feedID)?.source else { throw ValidationError("no feed \(id)") }
                source.status = .withdrawn
                try await store.saveFeedSource(source, now: Date())
            }
            print("Withdrew feed \(id).")
        }
    }
}
