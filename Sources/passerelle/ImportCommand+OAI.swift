import ArgumentParser
import Foundation
import PasserelleApp
import PasserelleConnectors
import PasserelleCore

/// The options of `passerelle import oai` (an incremental or partial harvest).
struct OAIHarvestOptions: ParsableArguments {
    @Option(help: "oai: harvest only records changed since this datestamp (YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ, inclusive), e.g. the 'next incremental harvest' of the last report.")
    var from: String?

    @Option(help: "oai: harvest only records changed until this datestamp (inclusive).")
    var until: String?

    @Option(help: "oai: harvest only this set (its setSpec, e.g. gallica:monographies).")
    var set: String?

    @Option(help: "oai: the metadataPrefix to harvest (default oai_dc); records in oai_dc or EDM (rdf:RDF) are read, so give the repository's EDM prefix (e.g. edm) where ListMetadataFormats offers one.")
    var metadataPrefix: String?

    var isEmpty: Bool { from == nil && until == nil && set == nil && metadataPrefix == nil }

    /// The harvest's first request, the datestamps checked.
    func request() throws -> OAIHarvester.Request {
        func datestamp(_ text: String?, _ name: String) throws -> OAIDatestamp? {
            guard let text else { return nil }
            guard let value = OAIDatestamp(text) else { throw ValidationError("--\(name) must be YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ, not '\(text)'") }
            return value
        }
        if let set, set.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("--set must not be blank") }
        let prefix = metadataPrefix?.trimmingCharacters(in: .whitespaces) ?? "oai_dc"
        guard !prefix.isEmpty else { throw ValidationError("--metadata-prefix must not be blank") }
        let request = OAIHarvester.Request(metadataPrefix: prefix, from: try datestamp(from, "from"), until: try datestamp(until, "until"), set: set)
        if let from = request.from, let until = request.until, from.granularity != until.granularity {
            throw ValidationError("--from and --until must have the same granularity (both days, or both seconds)")
        }
        return request
    }
}

extension ImportCommand {
    /// `passerelle import oai URL`: the repository harvested page by page, each page written before the next is
    /// asked for. Exit status 2 when no page could be read, 3 when the harvest stopped part way (the pages read
    /// are written; the report says where it stopped).
    func harvestOAI(_ baseURL: URL, institutionID: InstitutionID, category: CategoryID?) async throws {
        let request = try oai.request()
        // With a set, the source key names it: two sets of one repository are two sources.
        let location = feedName ?? (baseURL.absoluteString + (request.set.map { "#set=\($0)" } ?? ""))
        let target = OAIImport.Target(baseURL: baseURL, institutionID: institutionID, sourceKey: FeedKind.oai.sourceKey(location),
                                      request: request, defaultCategory: category)
        let progress = ImportProgress(enabled: !json)
        progress.say("harvesting \(source)…")
        let outcome = try await withStore(options) { store in
            do {
                return try await OAIImport.harvest(target, dryRun: dryRun, into: store) { sofar in
                    progress.say("harvesting \(source): \(sofar.summary.records) record(s), \(sofar.worksRead) work(s)…")
                }
            } catch let failure as FeedSync.Failure {
                throw ValidationError(failure.description)
            }
        }
        progress.done()
        if json {
            print(String(decoding: try ImportReportJSON.encode(read: outcome.read, sync: outcome.sync, source: source, kind: kind.rawValue,
                                                               dryRun: dryRun, harvest: outcome.summary), as: UTF8.self))
        } else {
            print(ImportReportJSON.summary(read: outcome.read, sync: outcome.sync, source: source, kind: kind.rawValue, dryRun: dryRun,
                                           harvest: outcome.summary))
        }
        if let failure = outcome.summary.failure {
            FileHandle.standardError.write(Data("passerelle import: \(source): the harvest stopped early: \(failure)\n".utf8))
            throw ExitCode(outcome.summary.pages == 0 ? 2 : 3)
        }
    }
}
