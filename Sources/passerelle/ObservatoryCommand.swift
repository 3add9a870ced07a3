import ArgumentParser
import Foundation
import PasserelleApp
import PasserelleObservatory
import PasserellePrivacy

/// `passerelle observatory`: the observatory of online audiences' releases.
struct ObservatoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "observatory",
        abstract: "Release audience and attendance tables under the INSEE rules and differential privacy.",
        subcommands: [ObservatoryRelease.self, ObservatoryMuseums.self, ObservatoryImportPlatform.self]
    )
}

/// `passerelle observatory museums`: the Musées de France's yearly attendance, released with suppression.
struct ObservatoryMuseums: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "museums",
        abstract: "Release the real yearly attendance of the Musées de France (2001–2021) under the INSEE rules.",
        discussion: """
            Each museum is a contributing unit. A cell with fewer than --min-units museums, or where one museum holds \
            more than --dominance percent of the entries, is hidden (primary); complementary cells are hidden so that \
            every primary cell's feasible interval — what the published cells, margins and non-negativity allow, \
            solved as linear programs — reaches --protection percent of its value either way (at least 1 entry), \
            and no hidden cell can be recomputed exactly. Hidden cells are empty (null in JSON) and each carries its \
            interval, so anyone can audit the mask. Lines that cannot be read are counted on standard error.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case csv, json
    }

    @Option(name: .customLong("min-units"), help: "Minimum museums per published cell (INSEE: 3 for businesses, 11 for persons).")
    var minimumUnits: Int

    @Option(help: "Largest share of one museum in a cell, in percent (INSEE business rule: 85); omitted: no dominance rule.")
    var dominance: Double?

    @Option(help: "Protection level in percent of a hidden primary cell's value, both ways.")
    var protection: Double = 10

    enum By: String, ExpressibleByArgument, CaseIterable {
        case regionYear = "region-year", departementYear = "departement-year"

        var breakdown: MuseumAttendanceRelease.Breakdown { self == .regionYear ? .regionYear : .departementYear }
    }

    @Option(help: "region-year or departement-year.")
    var by: By

    @Option(help: "csv or json.")
    var format: Format

    @Option(help: "The real open data folder.")
    var realdata: String = ProcessInfo.processInfo.environment["PASSERELLE_REALDATA"] ?? Settings.defaultRealdata

    func validate() throws {
        guard (1...1_000).contains(minimumUnits) else { throw ValidationError("--min-units must be in 1...1000") }
        if let dominance, !(1...100).contains(dominance) {
            throw ValidationError("--dominance is a percent in 1...100 (e.g. 85), not \(dominance)")
        }
        guard (0...100).contains(protection) else { throw ValidationError("--protection is a percent in 0...100") }
    }

    func run() async throws {
        let rules = try PrimaryRules(minimumUnits: minimumUnits, dominanceLimit: dominance.map { $0 / 100 })
        let levels = try ProtectionRequirement(upperShare: protection / 100, lowerShare: protection / 100, minimum: 1)
        let output = try MuseumAttendanceRelease.release(
            realdata: URL(fileURLWithPath: realdata), breakdown: by.breakdown, rules: rules, protection: levels
        )
        let summary = output.table.summary
        let counts = "museums \(by.rawValue): \(output.recordCount) records, \(output.rejectedLines.count) lines rejected, "
            + "\(output.rejectedRecords.count) records outside the table; \(summary.hidden) cells hidden (\(summary.primary) primary)"
        // A cell that no complement protects would be disclosed: nothing is published.
        guard output.table.unprotected.isEmpty else {
            let cells = output.table.unprotected.map(\.description).joined(separator: ", ")
            FileHandle.standardError.write(Data("\(counts)\nrefused: no complementary suppression protects \(cells); nothing published\n".utf8))
            throw ExitCode(3)
        }
        switch format {
        case .json: FileHandle.standardOutput.write(try DisclosedTableFormat.json(output) + Data("\n".utf8))
        case .csv: FileHandle.standardOutput.write(Data(DisclosedTableFormat.csv(output).utf8))
        }
        FileHandle.standardError.write(Data((counts + "\n").utf8))
    }
}

/// `passerelle observatory release`: the monthly release of the web audience through the privacy ledger.
struct ObservatoryRelease: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "release",
        abstract: "Publish a month's audience tables (DP noise, charged to the month's privacy ledger); `serve` does it on the 4th.",
        discussion: """
            The whole release is charged to the ledger observatory/web-audience/YYYY-MM before any figure is computed; \
            a refused charge (budget spent, month already released, month not over) publishes nothing and exits 1. \
            The release is stored, immutable, and served at /api/v1/observatory/releases/YYYY-MM.
            """
    )

    @Option(help: "The month, YYYY-MM.")
    var period: String

    @OptionGroup var options: DatabaseOptions

    func validate() throws {
        guard ReleasePeriod(period) != nil else { throw ValidationError("--period must be YYYY-MM (e.g. 2026-11), not '\(period)'") }
    }

    func run() async throws {
        let month = ReleasePeriod(period)!
        let outcome = try await withStore(options) { store in try await ObservatoryPublishing.release(month, store: store) }
        switch outcome {
        case let .refused(reason):
            FileHandle.standardError.write(Data("refused: \(reason); nothing published\n".utf8))
            throw ExitCode.failure
        case let .released(release):
            print("released \(release.period): \(release.eventsRead) events read (\(release.eventsWithoutVisitor) without a visitor key), \(release.tables.count) tables, ρ = \(release.rho)")
            if let guarantee = release.guarantee { print("ledger after the release: \(guarantee)") }
            for table in release.tables {
                let published = table.released.cells.filter { $0.value != nil }.count
                print("  \(table.name): \(published)/\(table.released.cells.count) cells published, 95 % error bound ±\(table.released.cells.first?.errorBound95 ?? 0)")
            }
        }
    }
}

struct ObservatoryImportPlatform: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-platform",
        abstract: "Import a platform's aggregated audience report (CSV) into the observatory.",
        discussion: """
            The file's header is period,platform,institution,metric,region,value: period YYYY-MM; platform an id \
            (youtube, arte.tv); institution an institution id or empty for the platform's whole cultural audience; \
            metric one of views, plays, streams, listeners, downloads, visitors, subscribers; region an INSEE région \
            code or empty for France; value an integer from 0 to 10^12. Each bad line is refused with its reason, kept \
            in the database and printed on standard error; the other lines are stored in one transaction, replacing \
            the figures of the same month and key. The figures are published at \
            /api/v1/observatory/platform-reports/YYYY-MM, those under 11 withheld. Exit 1 when a line was refused.
            """
    )

    @Argument(help: "The CSV file (at most 32 MiB, 200 000 lines).")
    var file: String

    @OptionGroup var options: DatabaseOptions

    func run() async throws {
        let url = URL(fileURLWithPath: file)
        let report = try await withStore(options) { store in try await PlatformReportImport.run(file: url, store: store) }
        print("\(url.lastPathComponent): \(report.created) created, \(report.updated) updated, \(report.unchanged) unchanged, \(report.rejected.count) rejected")
        for line in report.rejected { FileHandle.standardError.write(Data("line \(line.line): \(line.reason)\n".utf8)) }
        if !report.rejected.isEmpty { throw ExitCode.failure }
    }
}
