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
        abstract: "Import an institution's published events (schema.org JSON-LD in its web pages) into its offers.",
        discussion: """
            Running the same source twice changes nothing; an event the source no longer lists, or lists as \\
            cancelled, is withdrawn, never deleted. Every rejected record is reported with a reason code, its place \\
            in the source and its text. Exit status 0 when the import ran (even with rejected records), 2 when the \\
            source itself was refused (unreadable, larger than \(JSONLDFeed.maximumDocumentBytes / 1_048_576) MiB, not UTF-8).
            """
    )

    enum Kind: String, ExpressibleByArgument, CaseIterable {
        case jsonld
    }

    @Argument(help: "What the source holds: jsonld (an HTML page with JSON-LD blocks, or a .jsonld file).")
    var kind: Kind

    @Argument(help: "The source: a file path.")
    var source: String

    @Option(help: "The institution whose offers these are (its id).")
    var institution: String

    @Option(help: "The category of events typed only as Event (e.g. music.concert); without it they are rejected.")
    var defaultCategory: String?

    @Option(help: "A stable name for this source (default: the file's absolute path). Give the same name to every download of the same agenda, so that its offers are found again and those it drops are withdrawn.")
    var feedName: String?

    @Flag(help: "Count what would change, write nothing.")
    var dryRun = false

    @Flag(help: "Print the report as one JSON object.")
    var json = false

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
        let location = URL(fileURLWithPath: source)
        let data: Data
        do {
            data = try Self.readBounded(location)
        } catch {
            FileHandle.standardError.write(Data("passerelle import: \(source): \(error)\n".utf8))
            throw ExitCode(2)
        }
        if let feedName, feedName.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("--feed-name must not be blank") }
        let sourceKey = JSONLDFeed.sourceKey(feedName ?? location.standardizedFileURL.path)
        let read: FeedRead
        do {
            read = try JSONLDFeed.read(data, source: sourceKey, institutionID: institutionID, defaultCategory: category)
        } catch {
            FileHandle.standardError.write(Data("passerelle import: \(source): \(error)\n".utf8))
            throw ExitCode(2)
        }
        let report = try await withStore(options) { store in
            do {
                // Withdraw what the source dropped only after a complete read: a rejected record, a cut-off read or a page
                // without any event (an error page?) must not withdraw a programme.
                let complete = read.rejected.isEmpty && !read.events.isEmpty
                return try await FeedSync.apply(read.events, source: sourceKey, institution: institutionID, dryRun: dryRun,
                                                withdrawVanished: complete, into: store)
            } catch let failure as FeedSync.Failure {
                throw ValidationError(failure.description)
            }
        }
        if json {
            print(String(decoding: try ImportReportJSON.encode(read: read, sync: report, source: source, dryRun: dryRun), as: UTF8.self))
        } else {
            print(ImportReportJSON.summary(read: read, sync: report, source: source, dryRun: dryRun))
        }
    }

    /// The file's bytes, refusing one over the feed's limit before reading it.
    static func readBounded(_ url: URL) throws -> Data {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else { throw ImportRefusal("no such file") }
        guard !isDirectory.boolValue else { throw ImportRefusal("a directory, not a file") }
        guard FileManager.default.isReadableFile(atPath: url.path) else { throw ImportRefusal("not readable") }
        let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
        // A pipe or a device reports no size, and could be read without end.
        guard attributes[.type] as? FileAttributeType == .typeRegular else { throw ImportRefusal("not a regular file") }
        let size = attributes[.size] as? Int ?? 0
        guard size <= JSONLDFeed.maximumDocumentBytes else { throw JSONLDFeed.Refusal.tooLarge(bytes: size) }
        return try Data(contentsOf: url)
    }
}

/// Why a source file was not read, in words.
struct ImportRefusal: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
