import ArgumentParser
import Foundation
import Logging
import PasserellePrivacy
import PasserelleStorage

/// `passerelle privacy`: tools for operators and auditors of the observatory's privacy engine.
struct PrivacyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "privacy",
        abstract: "Sample the exact noise, audit the mechanisms, inspect a privacy ledger, measure throughput.",
        subcommands: [PrivacySample.self, PrivacyAudit.self, PrivacyBudgetCommand.self, PrivacyBench.self]
    )
}

/// `passerelle privacy sample`: raw released values, one per line, for external statistical testing.
struct PrivacySample: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sample",
        abstract: "Print N released values (input + exact discrete noise), one per line.",
        discussion: """
            --scale is the Laplace scale or the Gaussian σ, as an exact fraction "n/d" or a decimal; a decimal is \
            rounded UP to ⌈x·2^k⌉/2^k (k ≤ 30), so the noise is never smaller than asked. The kernel CSPRNG is used.
            """
    )

    enum Mechanism: String, ExpressibleByArgument, CaseIterable {
        case laplace, gaussian
    }

    @Option(help: "laplace (pure ε-DP) or gaussian (ρ-zCDP).")
    var mechanism: Mechanism

    @Option(help: "Laplace scale or Gaussian σ: \"n/d\" or a decimal (1/2^30 … 2^30).")
    var scale: String

    @Option(help: "How many values (1 … 100 000 000).")
    var count: Int

    @Option(help: "The true value the noise is added to.")
    var input: Int64 = 0

    func validate() throws {
        guard (1...100_000_000).contains(count) else { throw ValidationError("--count must be in 1...100000000") }
    }

    func run() async throws {
        let exact = try Self.parseScale(scale)
        var rng = BufferedSystemRandom()
        let draw: (inout BufferedSystemRandom) -> Int64
        switch mechanism {
        case .laplace: draw = { [m = DiscreteLaplace(scale: exact)] in m.sample(using: &$0) }
        case .gaussian: draw = { [m = DiscreteGaussian(sigma: exact)] in m.sample(using: &$0) }
        }
        // Write in chunks: one print per value would dominate the run time.
        var chunk = ""
        chunk.reserveCapacity(1 << 16)
        for i in 0..<count {
            let (value, overflow) = input.addingReportingOverflow(draw(&rng))
            guard !overflow else { throw ValidationError("input + noise overflows Int64 at value \(i + 1)") }
            chunk += "\(value)\n"
            if chunk.utf8.count >= 1 << 16 {
                FileHandle.standardOutput.write(Data(chunk.utf8))
                chunk.removeAll(keepingCapacity: true)
            }
        }
        FileHandle.standardOutput.write(Data(chunk.utf8))
    }

    static func parseScale(_ text: String) throws -> PositiveRational {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        if parts.count == 2, let n = UInt64(parts[0]), let d = UInt64(parts[1]) { return try PositiveRational(n, d) }
        guard parts.count == 1, let x = Double(text) else { throw ValidationError("--scale '\(text)' is neither n/d nor a decimal") }
        return try PositiveRational(roundingUp: x)
    }
}

/// `passerelle privacy audit`: the support test and the black-box ε audit on both mechanisms.
struct PrivacyAudit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Run the support test and the black-box ε audit on the production samplers; exit 1 on failure."
    )

    @Option(help: "Releases per input for the support test.")
    var samples: Int = 1_000_000

    @Option(help: "Runs per input for the black-box audit.")
    var trials: Int = 200_000

    @Option(help: "ε declared for the discrete Laplace (sensitivity 1).")
    var epsilon: Double = 1

    @Option(help: "ρ declared for the discrete Gaussian (sensitivity 1).")
    var rho: Double = 0.125

    @Option(help: "δ at which the Gaussian's ε is audited.")
    var delta: Double = 1e-7

    func run() async throws {
        let result = try AuditSuite.run(supportSamples: samples, trials: trials, epsilon: epsilon, rho: rho, delta: delta)
        for line in result.lines { print(line) }
        if !result.passed { throw ExitCode.failure }
    }
}

/// `passerelle privacy budget`: a ledger's state — its budget, charges, composed spend and what is left.
struct PrivacyBudgetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "budget",
        abstract: "Print a privacy ledger's budget, charges, composed (ε, δ) and remaining budget.",
        discussion: """
            With --database (a migrated SQLite path or postgres:// URL), prints the persistent ledger --source/--period \
            as stored; nothing is written. Without it, plans a period: each --charge is added, in order, to a ledger \
            with the given budget, refused charges are reported, and the resulting state is printed. Charges: \
            "eps=0.1" (discrete Laplace), "rho=0.015" (discrete Gaussian), "eps=1,delta=1e-7" (DP partition selection).
            """
    )

    @Option(help: "The database holding the ledgers (SQLite file path or postgres:// URL); read only.")
    var database: String?

    @Option(help: "Data source of the ledger, e.g. web-audience/site-1.")
    var source: String = "plan"

    @Option(help: "Accounting period, e.g. 2026-11.")
    var period: String = "plan"

    @Option(name: .customLong("budget-epsilon"), help: "The period's ε budget.")
    var budgetEpsilon: Double = 1

    @Option(name: .customLong("budget-delta"), help: "The period's δ budget.")
    var budgetDelta: Double = 1e-7

    @Option(name: .customLong("charge"), help: "A release to charge (repeatable): eps=…, rho=…, or eps=…,delta=….")
    var charges: [String] = []

    func validate() throws {
        if database != nil && !charges.isEmpty { throw ValidationError("--charge plans a period; it cannot be combined with --database") }
    }

    func run() async throws {
        let key = try LedgerKey(source: source, period: period)
        if let database {
            try await printStored(key, database: database)
            return
        }
        let store = InMemoryPrivacyLedgerStore()
        _ = await store.open(key, budget: try PrivacyBudget(epsilon: budgetEpsilon, delta: budgetDelta))
        let ledger = PrivacyLedger(store: store)
        for (i, charge) in charges.enumerated() {
            let outcome = try await ledger.release(key, loss: try Self.parse(charge), label: "charge \(i + 1): \(charge)") { () }
            if case let .refused(reason) = outcome { print("refused: \(reason)") }
        }
        guard let state = await store.state(of: key) else { throw ValidationError("ledger \(key) vanished") }
        for line in try LedgerReport.lines(state) { print(line) }
    }

    private func printStored(_ key: LedgerKey, database: String) async throws {
        var logger = Logger(label: "passerelle.privacy")
        logger.logLevel = .error
        let location = try DatabaseLocation(parsing: database)
        // Opening SQLite creates a missing file; a read-only command must not leave one behind.
        if case let .sqliteFile(path) = location, !FileManager.default.fileExists(atPath: path) {
            throw ValidationError("no SQLite database at \(path)")
        }
        let store = try await SQLStore.open(location, logger: logger)
        do {
            guard let state = try await SQLPrivacyLedgerStore(store: store).state(of: key) else {
                throw ValidationError("no ledger \(key) in \(store.location)")
            }
            for line in try LedgerReport.lines(state) { print(line) }
            try await store.shutdown()
        } catch {
            try? await store.shutdown()
            throw error
        }
    }

    static func parse(_ text: String) throws -> PrivacyLoss {
        var fields = [String: Double]()
        for part in text.split(separator: ",") {
            let pair = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2, let value = Double(pair[1]) else { throw ValidationError("charge '\(text)': expected name=value") }
            fields[pair[0]] = value
        }
        switch (fields["eps"], fields["rho"], fields["delta"], fields.count) {
        case let (e?, nil, nil, 1): return .pure(epsilon: e)
        case let (nil, r?, nil, 1): return .zCDP(rho: r)
        case let (e?, nil, d?, 2): return .approximate(epsilon: e, delta: d)
        default: throw ValidationError("charge '\(text)': use eps=…, rho=… or eps=…,delta=…")
        }
    }
}

/// `passerelle privacy bench`: samples per second per mechanism and the time to release a large grid.
struct PrivacyBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure samples/s per mechanism and the time to release a grid (use a release build)."
    )

    @Option(help: "Samples per mechanism.")
    var samples: Int = 1_000_000

    @Option(help: "Cells in the released grid.")
    var cells: Int = 1_000_000

    func run() async throws {
        #if DEBUG
        print("warning: debug build; figures are only meaningful with `swift build -c release`.")
        #endif
        for line in try PrivacyBenchmark.run(samples: samples, cells: cells) { print(line) }
    }
}
