import ArgumentParser
import Foundation
import PasserelleApp
import PasserelleConnectors
import PasserelleCore
import PasserelleStorage

/// `passerelle import KIND SOURCE --institution ID`: read what an institution already publishes into its offers.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import an institution's published programme (JSON-LD, iCalendar, podcast RSS, OpenAgenda, CSV) into its offers.",
        discussion: """
            KIND is one of: \(FeedKind.allCases.map { "\($0.rawValue) (\($0.summary))" }.joined(separator: "; ")).

            SOURCE is a file or an http(s) URL. A URL is fetched with explicit limits: the kind's largest document, \
            30 s without a byte, 120 s in all, 5 redirects. Running the same source twice changes nothing; an event \
            the source no longer lists, or lists as cancelled, is withdrawn, never deleted (only after a complete \
            read: a rejected record, or a read without any record, withdraws nothing). Every rejected record is \
            reported with a reason code, its place in the source and its text. Exit status 0 when the import ran \
            (even with rejected records), 2 when the source itself was refused (unreadable, too large, not its format).
            """
    )

    @Argument(help: "What the source holds: \(FeedKind.allCases.map(\.rawValue).joined(separator: ", ")).")
    var kind: ImportKind

    @Argument(help: "The source: a file path or an http(s) URL.")
    var source: String

    @Option(help: "The institution whose offers these are (its id).")
    var institution: String

    @Option(help: "The category of events the source does not type (e.g. music.concert); without it they are rejected.")
    var defaultCategory: String?

    @Option(help: "The column mapping of a csv source: a JSON file (see the DocC article CSVMappingImport).")
    var mapping: String?

    @Option(help: "A stable name for this source (default: its URL or absolute path). Give the same name to every download of the same agenda, so that its offers are found again and those it drops are withdrawn.")
    var feedName: String?

    @Flag(help: "Count what would change, write nothing.")
    var dryRun = false

    @Flag(help: "Print the report as one JSON object.")
    var json = false

    @OptionGroup(title: "OAI-PMH harvest") var oai: OAIHarvestOptions

    @OptionGroup var options: DatabaseOptions

    func run() async throws {
        guard let institutionID = InstitutionID(institution) else { throw ValidationError("--institution must be \(InstitutionID.rule)") }
        var category: CategoryID?
        if let defaultCategory {
            guard let id = CategoryID(defaultCategory), Taxonomy.category(id) != nil else {
                throw ValidationError("--default-category must be a category of the taxonomy, such as music.concert")
            }
            category = id
        }
        if let feedName, feedName.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("--feed-name must not be blank") }
        let columnMapping = try Self.columnMapping(mapping, for: kind.feedKind)
        let progress = ImportProgress(enabled: !json)
        let remote = URL(string: source).flatMap { ["http", "https"].contains($0.scheme?.lowercased() ?? "") ? $0 : nil }
        let location = remote ?? URL(fileURLWithPath: source)
        if !oai.isEmpty, kind != .oai || remote == nil { throw ValidationError("--from, --until, --set and --metadata-prefix are for an oai repository URL only") }
        if kind == .oai, let remote { return try await harvestOAI(remote, institutionID: institutionID, category: category) }
        progress.say("reading \(source)…")
        let data: Data
        do {
            if let remote {
                data = try await FeedFetcher(maximumBytes: kind.feedKind.maximumBytes).fetch(remote).data ?? Data()
            } else {
                data = try Self.readBounded(location, limit: kind.feedKind.maximumBytes)
            }
        } catch {
            FileHandle.standardError.write(Data("passerelle import: \(source): \(error)\n".utf8))
            throw ExitCode(2)
        }
        let sourceKey = kind.feedKind.sourceKey(feedName ?? (remote?.absoluteString ?? location.standardizedFileURL.path))
        let read: FeedRead
        do {
            read = try kind.feedKind.read(data, FeedReadOptions(institutionID: institutionID, sourceKey: sourceKey, defaultCategory: category,
                                                       mapping: columnMapping, location: location))
        } catch {
            FileHandle.standardError.write(Data("passerelle import: \(source): \(error)\n".utf8))
            throw ExitCode(2)
        }
        progress.say("\(read.events.count) record(s) mapped, \(read.rejected.count) rejected; writing…")
        let report = try await withStore(options) { store in
            do {
                return try await FeedSync.apply(read.events, works: read.works, source: sourceKey, institution: institutionID, dryRun: dryRun,
                                                withdrawVanished: FeedSync.isComplete(read), into: store)
            } catch let failure as FeedSync.Failure {
                throw ValidationError(failure.description)
            }
        }
        progress.done()
        if json {
            print(String(decoding: try ImportReportJSON.encode(read: read, sync: report, source: source, kind: kind.rawValue, dryRun: dryRun), as: UTF8.self))
        } else {
            print(ImportReportJSON.summary(read: read, sync: report, source: source, kind: kind.rawValue, dryRun: dryRun))
        }
    }

    /// The CSV mapping file, read and decoded (a clear error naming what is wrong), required for csv and only for it.
    static func columnMapping(_ path: String?, for kind: FeedKind) throws -> CSVColumnMapping? {
        guard kind == .csv else {
            if path != nil { throw ValidationError("--mapping is for csv sources only") }
            return nil
        }
        guard let path else { throw ValidationError("a csv source needs --mapping FILE.json (its columns, separator, encoding, date formats)") }
        do {
            let data = try readBounded(URL(fileURLWithPath: path), limit: 1 << 20)
            return try CSVColumnMapping.read(json: data)
        } catch {
            throw ValidationError("--mapping \(path): \(error)")
        }
    }

    /// The file's bytes, refusing one over the feed's limit before reading it.
    static func readBounded(_ url: URL, limit: Int) throws -> Data {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else { throw ImportRefusal("no such file") }
        guard !isDirectory.boolValue else { throw ImportRefusal("a directory, not a file") }
        guard FileManager.default.isReadableFile(atPath: url.path) else { throw ImportRefusal("not readable") }
        let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
        // A pipe or a device reports no size, and could be read without end.
        guard attributes[.type] as? FileAttributeType == .typeRegular else { throw ImportRefusal("not a regular file") }
        let size = attributes[.size] as? Int ?? 0
        guard size <= limit else { throw ImportRefusal("\(size) bytes; at most \(limit) are read for this kind") }
        return try Data(contentsOf: url)
    }
}

/// `FeedKind` as a command-line argument (the conformance cannot be declared on the library's public type here).
enum ImportKind: String, ExpressibleByArgument, CaseIterable {
    case jsonld, ical, rss, openagenda, csv, oai

    var feedKind: FeedKind { FeedKind(rawValue: rawValue)! }
}

/// One line on standard error per stage, rewritten in place on a terminal; nothing when the output is JSON or
/// standard error is not a terminal (a log then gets only the report).
struct ImportProgress {
    let enabled: Bool

    init(enabled: Bool) { self.enabled = enabled && isatty(STDERR_FILENO) == 1 }

    func say(_ text: String) {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[2K\(text)".utf8))
    }

    func done() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8))
    }
}

/// Why a source file was not read, in words.
struct ImportRefusal: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
