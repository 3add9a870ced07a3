public import Foundation
public import PasserelleCore

extension RowReason.Code {
    /// The repository answered with an OAI-PMH error (`badArgument`, `cannotDisseminateFormat`…): nothing was read.
    public static let oaiError = RowReason.Code(rawValue: "oai-error")
}

/// Reads OAI-PMH 2.0 repositories (Gallica, archives, museums) into the catalogue's works: `OAIResponse` reads one
/// response document, `OAIHarvester` follows a list to its end over HTTP, and each `oai_dc` record becomes a `Work`
/// (see `OAIWorkMapper`'s rules in the OAIPMHHarvest article). Works go to `FeedRead.works` (they have no offer);
/// a deleted record is its work withdrawn.
public enum OAIPMHFeed {
    /// The name a repository goes by in its works' provenance (see `FeedSourceKey`): give it the base URL (with
    /// the set when one set is harvested, so two sets of one repository are two sources).
    public static func sourceKey(_ location: String) -> String { FeedSourceKey.make(kind: "oai", location: location) }

    /// The works of one response document (a saved `ListRecords` or `GetRecord` page), with every record that could
    /// not be one. `noRecordsMatch` is an empty read; another OAI-PMH error is one rejected entry (`oai-error`); a
    /// document cut short keeps the records before the break and says where (`malformed-xml`).
    public static func read(
        _ data: Data, source: String, institutionID: InstitutionID, defaultCategory: CategoryID? = nil, retrievedAt: Date = Date()
    ) throws(OAIResponse.Refusal) -> FeedRead {
        var builder = OAIReadBuilder(mapper: OAIWorkMapper(institutionID: institutionID, source: source, defaultCategory: defaultCategory,
                                                           retrievedAt: retrievedAt))
        let response = try OAIResponse.parse(data)
        builder.add(response, lines: DocumentLines(data))
        return builder.read
    }
}

/// Gathers the works of one or more pages into a `FeedRead`: each record mapped, its rejection or warnings placed
/// at its position in the whole harvest (`block`) and its line in its page; a record read again later in the same
/// harvest (repositories may send a record changed during the harvest twice) replaces the earlier one.
struct OAIReadBuilder {
    let mapper: OAIWorkMapper
    private(set) var read = FeedRead()
    private(set) var deleted = 0
    private(set) var lastDatestamp: OAIDatestamp?
    private var positions: [WorkID: Int] = [:]
    private var position = 0

    init(mapper: OAIWorkMapper) { self.mapper = mapper }

    /// What was gathered since the last call, let go: positions go on, a record read again later is no longer
    /// recognised (whoever writes the pages finds it stored and updates it).
    mutating func take() -> FeedRead {
        defer {
            read = FeedRead()
            positions = [:]
        }
        return read
    }

    mutating func add(_ response: OAIResponse, lines: DocumentLines) {
        for error in response.errors where error.code != .noRecordsMatch {
            read.rejected.append(RejectedRecord(block: 0, line: 1, recordID: nil, reason: RowReason(.oaiError, error.description), raw: ""))
        }
        for record in response.records { add(record, lines: lines) }
        if let stop = response.interruption {
            let reason = RowReason(.malformedXML, "line \(stop.line): \(stop.message); the response was not read past it")
            read.rejected.append(RejectedRecord(block: position + 1, line: stop.line, recordID: nil, reason: reason, raw: lines.text(stop.line, stop.line)))
        }
    }

    mutating func add(_ record: OAIRecord, lines: DocumentLines) {
        position += 1
        read.blocks += 1
        let header = record.header
        if header.isDeleted { deleted += 1 }
        if let datestamp = header.datestamp, lastDatestamp.map({ datestamp > $0 }) ?? true { lastDatestamp = datestamp }
        let recordID = header.identifier.isEmpty ? nil : String(header.identifier.prefix(256))
        var warnings: [RowReason] = []
        switch mapper.map(record, &warnings) {
        case .success(let work):
            for warning in warnings {
                read.warnings.append(RejectedRecord(block: position, line: record.line, recordID: recordID, reason: warning, raw: ""))
            }
            if let earlier = positions[work.id] {
                read.works[earlier] = work
                read.warnings.append(RejectedRecord(block: position, line: record.line, recordID: recordID,
                                                    reason: RowReason(.duplicateID, "the record was read again; its later version is kept"), raw: ""))
            } else {
                positions[work.id] = read.works.count
                read.works.append(work)
            }
        case .failure(let reason):
            read.rejected.append(RejectedRecord(block: position, line: record.line, recordID: recordID, reason: reason,
                                                raw: lines.text(record.line, record.endLine)))
        }
    }
}

extension FeedRead {
    /// This read followed by another's records (the pages of a harvest gathered for its report); the other's works
    /// only when `works` is true, as a harvest written page by page need not hold every work it read.
    public mutating func append(_ other: FeedRead, works: Bool = true) {
        events += other.events
        if works { self.works += other.works }
        rejected += other.rejected
        warnings += other.warnings
        otherNodes += other.otherNodes
        blocks += other.blocks
    }
}
